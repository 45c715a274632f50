import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RoadmapJson } from '../../server/cli/roadmap-command.ts';
import type { ScoreJson } from '../../server/cli/score-command.ts';
import { projectRoot, tierline } from './run-cli.ts';

const WWC = 'standards/what-works-cities';
const COHORT_2024 = `${WWC}/assessments/2024.json`;

let scratch: string | undefined;
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

type Responses = Record<string, boolean | { items: string[] }>;
interface CohortFile {
  applicants: Array<{ id: string; responses: Responses }>;
}

/** The 2024 cohort with one applicant's roadmap met: yes/no criteria true, the named checklist items added. */
function cohortWithRoadmapMet(applicantId: string, roadmap: RoadmapJson): string {
  const cohort = JSON.parse(readFileSync(join(projectRoot, COHORT_2024), 'utf8')) as CohortFile;
  const applicant = cohort.applicants.find((entry) => entry.id === applicantId)!;
  for (const step of roadmap.add) {
    const before = applicant.responses[step.criterion];
    applicant.responses[step.criterion] = step.items
      ? { items: [...(typeof before === 'object' ? before.items : []), ...step.items] }
      : true;
  }
  scratch ??= mkdtempSync(join(tmpdir(), 'tierline-roadmap-'));
  const file = join(scratch, '2024-with-roadmap.json');
  writeFileSync(file, JSON.stringify(cohort, null, 2));
  return file;
}

async function roadmap(applicant: string, tier: string): Promise<RoadmapJson> {
  const run = await tierline(
    'roadmap',
    `${WWC}/3.0.json`,
    COHORT_2024,
    '--applicant',
    applicant,
    '--tier',
    tier,
    '--json',
  );
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as RoadmapJson;
}

describe('tierline roadmap', () => {
  it('[X5] meeting the criteria it names takes the applicant to the tier, as `tierline score` confirms', async () => {
    const toGold = await roadmap('applicant-001', 'gold');
    expect(toGold).toMatchObject({ applicant: 'applicant-001', tier: 'gold', reachable: true });
    expect(toGold.add.length).toBeGreaterThan(0);
    // DM2 is a checklist: the roadmap names which of its items to meet.
    expect(toGold.add.find((step) => step.criterion === 'DM2')?.items?.length).toBeGreaterThan(0);

    const before = await tierline('score', `${WWC}/3.0.json`, COHORT_2024, '--json');
    const after = await tierline(
      'score',
      `${WWC}/3.0.json`,
      cohortWithRoadmapMet('applicant-001', toGold),
      '--json',
    );
    const rowOf = (run: { stdout: string }) =>
      (JSON.parse(run.stdout) as ScoreJson).results.find((row) => row.applicant === 'applicant-001')!;
    expect(rowOf(before).tier).not.toBe('gold');
    expect(rowOf(after)).toMatchObject({
      tier: 'gold',
      points: toGold.pointsAfter,
      percent: toGold.percentAfter,
    });
  });

  it('[X5] a higher tier never needs fewer criteria, and a tier already reached needs none', async () => {
    const sizes = [];
    for (const tier of ['silver', 'gold', 'platinum'])
      sizes.push((await roadmap('applicant-004', tier)).add.length);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    expect(await roadmap('new-york-city', 'gold')).toMatchObject({ reachable: true, add: [] });
  });

  it('[X5] the readable answer names each criterion with its title', async () => {
    const run = await tierline(
      'roadmap',
      `${WWC}/3.0.json`,
      COHORT_2024,
      '--applicant',
      'applicant-001',
      '--tier',
      'silver',
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^To reach Silver under What Works Cities Certification Standard 3\.0, Applicant 001 would need to meet \d+ more criteria:\n/,
    );
    expect(run.stdout).toContain("  DM2 'Data Inventory' (items ");
    expect(run.stdout).toMatch(/: Silver\.\n$/);
  });

  it('[X5] an unknown applicant or tier is refused with what exists, and a missing option prints usage', async () => {
    const noApplicant = await tierline(
      'roadmap',
      `${WWC}/3.0.json`,
      COHORT_2024,
      '--applicant',
      'atlantis',
      '--tier',
      'gold',
    );
    expect(noApplicant.code).toBe(1);
    expect(noApplicant.stderr).toBe(
      `${COHORT_2024}: no applicant "atlantis" (ids are the "id" of each applicant, e.g. "new-york-city")\n`,
    );
    const noTier = await tierline(
      'roadmap',
      `${WWC}/3.0.json`,
      COHORT_2024,
      '--applicant',
      'tempe',
      '--tier',
      'diamond',
    );
    expect(noTier.code).toBe(1);
    expect(noTier.stderr).toBe(`${WWC}/3.0.json: no tier "diamond" (tiers: silver, gold, platinum)\n`);
    const usage = await tierline('roadmap', `${WWC}/3.0.json`, COHORT_2024);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain(
      'tierline roadmap: expected STANDARD, ASSESSMENTS, --applicant ID and --tier TIER',
    );
  });
});
