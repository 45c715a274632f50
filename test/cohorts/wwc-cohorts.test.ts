import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAssessments } from '../../src/core/assessment.ts';
import type { ScoreJson } from '../../server/cli/score-command.ts';
import { loadVersionsFromDir } from '../../server/files/document-files.ts';
import { cohortFileText } from '../../server/cohorts/cohort-file-text.ts';
import { buildWwcCohorts } from '../../server/cohorts/wwc-cohorts.ts';
import { projectRoot, tierline } from '../cli/run-cli.ts';

const WWC = 'standards/what-works-cities';

async function score(version: string, cycle: string): Promise<ScoreJson> {
  const run = await tierline('score', `${WWC}/${version}.json`, `${WWC}/assessments/${cycle}.json`, '--json');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as ScoreJson;
}

const tierOf = (json: ScoreJson, applicant: string) =>
  json.results.find((row) => row.applicant === applicant)?.tier;

describe('seeded standards folder', () => {
  it('[X1] tierline validate standards/**/*.json passes', async () => {
    const run = await tierline('validate', 'standards/**/*.json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      'valid: 4 standard version(s), 4 assessment file(s); 2 JSON Schema file(s) skipped\n',
    );
  });

  it('[F2] WWC versions have the published shape: 50, 45 and 43 + outcome criteria; 3.0 core LC1, DM1, PA1', () => {
    const { versions } = loadVersionsFromDir(join(projectRoot, WWC), 'what-works-cities');
    expect([...versions.keys()].sort()).toEqual(['1.0', '2.0', '3.0']);
    const v1 = versions.get('1.0');
    const v2 = versions.get('2.0');
    const v3 = versions.get('3.0');
    expect(v1?.criteria).toHaveLength(50);
    expect(v1?.areas).toHaveLength(6);
    expect(v1?.parts?.map((part) => part.name)).toEqual(['Commit', 'Measure', 'Take Stock', 'Act']);
    expect(v1?.tiers.map((tier) => [tier.id, tier.minPartsCovered])).toEqual([
      ['silver', 2],
      ['gold', 3],
      ['platinum', 4],
    ]);
    expect(v2?.criteria).toHaveLength(45);
    expect(v2?.areas).toHaveLength(8);
    expect(v2?.criteria.every((criterion) => criterion.points === 1)).toBe(true);
    expect(v2?.tiers.map((tier) => tier.minPercent)).toEqual([51, 67, 84]);
    expect(v2?.criteria.find((criterion) => criterion.id === 'DG1')?.checklist?.minMet).toBe(3);
    expect(v2?.criteria.find((criterion) => criterion.id === 'DG1')?.checklist?.items).toHaveLength(4);
    expect(v3?.criteria.filter((criterion) => criterion.points > 0)).toHaveLength(43);
    expect(
      v3?.criteria
        .filter((criterion) => criterion.core)
        .map((criterion) => criterion.id)
        .sort(),
    ).toEqual(['DM1', 'LC1', 'PA1']);
    const outcome = v3?.criteria.find((criterion) => criterion.points === 0);
    expect(v3?.tiers.map((tier) => [tier.minPercent, tier.requireCore, tier.requiredCriteria])).toEqual([
      [51, true, [outcome?.id]],
      [68, true, [outcome?.id]],
      [85, true, [outcome?.id]],
    ]);
    expect(v1?.notes).toMatch(/reconstruct/i);
  });

  it('[S6] 2018 cohort under 1.0: Los Angeles gold, eight silver, honor roll not certified, no platinum', async () => {
    const json = await score('1.0', '2018');
    expect(json.results).toHaveLength(117);
    expect(tierOf(json, 'los-angeles')).toBe('gold');
    for (const silver of [
      'boston',
      'kansas-city',
      'louisville',
      'new-orleans',
      'san-diego',
      'san-francisco',
      'seattle',
      'washington-dc',
    ]) {
      expect(tierOf(json, silver), silver).toBe('silver');
    }
    for (const honorRoll of ['las-vegas', 'providence', 'scottsdale', 'south-bend', 'topeka']) {
      expect(tierOf(json, honorRoll), honorRoll).toBeNull();
    }
    expect(json.results.filter((row) => row.tier === 'platinum')).toHaveLength(0);
    expect(json.results.filter((row) => row.tier !== null)).toHaveLength(9);
    const average = json.results.reduce((sum, row) => sum + row.percent, 0) / json.results.length;
    expect(average).toBeGreaterThan(38);
    expect(average).toBeLessThan(42);
    const ineligible = json.results.filter((row) => !row.eligible);
    expect(ineligible.length).toBeGreaterThan(0);
    expect(ineligible.every((row) => row.tier === null)).toBe(true);
  });

  it('[S6] 2019 and 2021 cohorts under 2.0 land on their published tiers', async () => {
    const y2019 = await score('2.0', '2019');
    for (const gold of ['kansas-city', 'louisville', 'washington-dc'])
      expect(tierOf(y2019, gold), gold).toBe('gold');
    for (const silver of ['arlington-tx', 'memphis', 'philadelphia', 'scottsdale']) {
      expect(tierOf(y2019, silver), silver).toBe('silver');
    }
    const y2021 = await score('2.0', '2021');
    for (const gold of ['austin', 'chattanooga', 'detroit', 'gilbert'])
      expect(tierOf(y2021, gold), gold).toBe('gold');
    for (const silver of [
      'baton-rouge',
      'bellevue',
      'fort-collins',
      'glendale-az',
      'irving',
      'little-rock',
      'madison',
      'minneapolis',
      'norfolk',
      'portland-or',
      'san-antonio',
      'syracuse',
    ]) {
      expect(tierOf(y2021, silver), silver).toBe('silver');
    }
  });

  it('[S6] 2024 cohort under 3.0: New York City, Phoenix and Tempe platinum', async () => {
    const json = await score('3.0', '2024');
    for (const platinum of ['new-york-city', 'phoenix', 'tempe'])
      expect(tierOf(json, platinum), platinum).toBe('platinum');
  });

  it('[S6] every applicant with a published award scores exactly that tier under its cycle version', async () => {
    for (const [cycle, version] of [
      ['2018', '1.0'],
      ['2019', '2.0'],
      ['2021', '2.0'],
      ['2024', '3.0'],
    ] as const) {
      const file = parseAssessments(
        JSON.parse(readFileSync(join(projectRoot, WWC, 'assessments', `${cycle}.json`), 'utf8')),
      );
      if (!file.ok) throw new Error(`${cycle} does not parse`);
      expect(file.value.synthetic).toBe(true);
      expect(file.value.notes).toMatch(/SYNTHETIC RESPONSES/);
      const json = await score(version, cycle);
      for (const applicant of file.value.applicants.filter((entry) => entry.awarded !== undefined)) {
        expect(tierOf(json, applicant.id), `${cycle} ${applicant.name}`).toBe(applicant.awarded);
      }
    }
  });

  it('[L1] the 2018 cohort re-scores under 3.0 through two lineage steps, with ranges where criteria are new', async () => {
    const json = await score('3.0', '2018');
    expect(json.version).toBe('3.0');
    expect(json.results).toHaveLength(117);
    const losAngeles = json.results.find((row) => row.applicant === 'los-angeles');
    expect(losAngeles?.total).toBe(43);
    expect(losAngeles?.pointsHigh).toBeGreaterThan(losAngeles?.points ?? Infinity);
    for (const added of ['DM7', 'DM8', 'DM9', 'PA4', 'OUT1']) expect(losAngeles?.unassessed).toContain(added);
    expect(json.results.every((row) => row.unassessed.length > 0)).toBe(true);
  });

  it('[F5] the cohort generator reproduces the committed files byte for byte', () => {
    const { versions } = loadVersionsFromDir(join(projectRoot, WWC), 'what-works-cities');
    const built = buildWwcCohorts(versions);
    expect([...built.keys()]).toEqual(['2018', '2019', '2021', '2024']);
    expect([...built.values()].map((file) => file.applicants.length)).toEqual([117, 40, 60, 60]);
    for (const [cycle, file] of built) {
      const committed = readFileSync(join(projectRoot, WWC, 'assessments', `${cycle}.json`), 'utf8');
      expect(cohortFileText(file) === committed, `${cycle}.json is stale: run npm run seed:cohorts`).toBe(
        true,
      );
    }
  });
});
