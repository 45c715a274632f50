import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { draftFromVersion } from '../../src/core/draft-from-version.ts';
import type { ImpactPreview } from '../../src/core/impact/impact-preview.ts';
import { type Standard, parseStandard } from '../../src/core/standard.ts';
import { projectRoot, tierline } from './run-cli.ts';

const WWC = 'standards/what-works-cities';

let scratch: string | undefined;
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

function scratchFile(name: string, content: string): string {
  scratch ??= mkdtempSync(join(tmpdir(), 'tierline-impact-'));
  const file = join(scratch, name);
  writeFileSync(file, content);
  return file;
}

function version(label: string): Standard {
  const parsed = parseStandard(JSON.parse(readFileSync(join(projectRoot, WWC, `${label}.json`), 'utf8')));
  if (!parsed.ok) throw new Error(`${label} is invalid`);
  return parsed.value;
}

/** A draft started from `label` (lineage `same`) with new tier thresholds, written to a temp file. */
function draftFile(label: string, thresholds: Record<string, number>): string {
  const started = draftFromVersion(version(label), `${label}-draft`);
  const draft = {
    ...started,
    tiers: started.tiers.map((tier) => ({ ...tier, minPercent: thresholds[tier.id] ?? tier.minPercent })),
  };
  return scratchFile(`${label}-draft.json`, JSON.stringify(draft, null, 2));
}

const moves = (preview: ImpactPreview) =>
  preview.rows
    .filter((row) => row.moved !== 'same')
    .map((row) => [row.applicantId, row.baseline.tier, row.draft.tier, row.moved]);

describe('tierline impact', () => {
  it('[X4] --json: gold raised to 70 % moves 2021 applicants from gold to silver', async () => {
    const draft = draftFile('2.0', { gold: 70 });
    const run = await tierline('impact', `${WWC}/2.0.json`, draft, `${WWC}/assessments/2021.json`, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const preview = JSON.parse(run.stdout) as ImpactPreview;
    // 31 of 45 = 68.89 %: gold at 67 %, silver at 70 %. Austin's 71.11 % stays gold.
    expect(moves(preview)).toEqual([
      ['chattanooga', 'gold', 'silver', 'down'],
      ['detroit', 'gold', 'silver', 'down'],
      ['gilbert', 'gold', 'silver', 'down'],
    ]);
    expect(preview.matrix.rows.map((entry) => entry.label)).toEqual([
      'ineligible',
      'not certified',
      'Silver',
      'Gold',
      'Platinum',
    ]);
    expect(preview.matrix.counts).toEqual([
      [1, 0, 0, 0, 0],
      [0, 32, 0, 0, 0],
      [0, 0, 20, 0, 0],
      [0, 0, 3, 4, 0],
      [0, 0, 0, 0, 0],
    ]);
    expect(preview.rows.find((row) => row.applicantId === 'detroit')).toMatchObject({
      baseline: { points: 31, total: 45, percent: 68.89, tier: 'gold' },
      draft: { points: 31, total: 45, percent: 68.89, tier: 'silver' },
      causes: [{ change: 0, tierSteps: -1, summary: '−1 tier' }],
    });
    expect(preview.changes[0]?.change.label).toBe('gold threshold 67→70 %');
    expect(preview.summary).toMatchObject({ applicants: 60, up: 0, down: 3, same: 57 });
  });

  it('[X4] 3.0 with gold at 70 % and platinum at 89 %: only the platinum change moves 2024 applicants', async () => {
    const draft = draftFile('3.0', { gold: 70, platinum: 89 });
    const run = await tierline('impact', `${WWC}/3.0.json`, draft, `${WWC}/assessments/2024.json`, '--json');
    expect(run.code).toBe(0);
    const preview = JSON.parse(run.stdout) as ImpactPreview;
    // No 2024 gold sits between 68 % and 70 % (30 of 43 = 69.77 %), so the gold change moves no one;
    // 38 of 43 = 88.37 % and 37 of 43 = 86.05 % fall below 89 %.
    expect(preview.changes.map(({ change, alone }) => [change.label, alone.down])).toEqual([
      ['gold threshold 68→70 %', 0],
      ['platinum threshold 85→89 %', 3],
    ]);
    expect(moves(preview)).toEqual([
      ['new-york-city', 'platinum', 'gold', 'down'],
      ['phoenix', 'platinum', 'gold', 'down'],
      ['applicant-031', 'platinum', 'gold', 'down'],
    ]);
  });

  it('[X4] text output: matrix, moved applicants first with their causes, near misses, summary', async () => {
    const draft = draftFile('2.0', { gold: 70 });
    const run = await tierline(
      'impact',
      `${WWC}/2.0.json`,
      draft,
      `${WWC}/assessments/2019.json`,
      `${WWC}/assessments/2021.json`,
    );
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Impact of What Works Cities Certification Standard 2.0-draft against 2.0');
    expect(lines[1]).toBe('100 applicants in 2 cohorts: 2019, 2021; synthetic responses');
    expect(run.stdout).toContain('  gold threshold 67→70 % — alone: 4 down\n');
    expect(lines).toContain('Gold                  ·     8       4              ·           ·     12');
    const header = lines.findIndex((line) => line.startsWith('Applicant'));
    expect(lines.slice(header + 2, header + 6).map((line) => line.replace(/\s+/g, ' '))).toEqual([
      'Louisville, KY 2019 31/45 68.89% Gold 31/45 68.89% Silver 0 down gold threshold 67→70 %: −1 tier',
      'Chattanooga, TN 2021 31/45 68.89% Gold 31/45 68.89% Silver 0 down gold threshold 67→70 %: −1 tier',
      'Detroit, MI 2021 31/45 68.89% Gold 31/45 68.89% Silver 0 down gold threshold 67→70 %: −1 tier',
      'Gilbert, AZ 2021 31/45 68.89% Gold 31/45 68.89% Silver 0 down gold threshold 67→70 %: −1 tier',
    ]);
    expect(lines[header + 6]).toMatch(/ same/);
    // Gold's cut-off rises from 31 to 32 points: the four who drop to silver with 31 are now 1 short.
    expect(run.stdout).toContain(
      "Near misses (eligible, at most 2 points below a tier's cut-off), before → after: Silver 15 → 15, Gold 1 → 4, Platinum 1 → 1",
    );
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('Summary: 0 up, 4 down, 96 same');
  });

  it('[X4][I2] --near sets how many points below a cut-off count as a near miss', async () => {
    const draft = draftFile('2.0', { gold: 70 });
    const run = await tierline(
      'impact',
      `${WWC}/2.0.json`,
      draft,
      `${WWC}/assessments/2021.json`,
      '--json',
      '--near',
      '0',
    );
    const preview = JSON.parse(run.stdout) as ImpactPreview;
    expect(preview.nearMiss.within).toBe(0);
    expect(preview.nearMiss.tiers.flatMap((tier) => tier.draft?.applicants ?? [])).toEqual([]);
  });

  it('[X4] bad input → exit 1 with one clear line', async () => {
    const notAStandard = await tierline(
      'impact',
      `${WWC}/2.0.json`,
      `${WWC}/assessments/2021.json`,
      `${WWC}/assessments/2021.json`,
    );
    expect(notAStandard.code).toBe(1);
    expect(notAStandard.stdout).toBe('');
    expect(notAStandard.stderr).toBe(
      `${WWC}/assessments/2021.json: expected a standard ("kind": "standard")\n`,
    );

    const noPath = await tierline(
      'impact',
      `${WWC}/2.0.json`,
      draftFile('2.0', {}),
      `${WWC}/assessments/2024.json`,
    );
    expect(noPath.code).toBe(1);
    expect(noPath.stderr.trimEnd().split('\n')).toEqual([
      `${WWC}/assessments/2024.json: version: no lineage path from what-works-cities 3.0 to 2.0: the basedOn chain 2.0 → 1.0 ends without reaching 3.0. Responses can only be carried forward, to a version derived from the one they were recorded against`,
    ]);

    const badNear = await tierline(
      'impact',
      `${WWC}/2.0.json`,
      draftFile('2.0', {}),
      `${WWC}/assessments/2021.json`,
      '--near',
      'two',
    );
    expect(badNear.code).toBe(1);
    expect(badNear.stderr).toBe(
      'tierline impact: --near expects a whole number of points (0 or more), got "two"\n',
    );

    const missing = await tierline('impact', `${WWC}/2.0.json`);
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n')[0]).toBe(
      'tierline impact: expected BASE, DRAFT and at least one ASSESSMENTS file',
    );
  });
});
