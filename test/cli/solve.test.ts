import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SolveJson } from '../../server/cli/solve-command.ts';
import { draftFromVersion } from '../../src/core/draft-from-version.ts';
import type { ImpactPreview } from '../../src/core/impact/impact-preview.ts';
import { type Standard, parseStandard } from '../../src/core/standard.ts';
import { projectRoot, tierline } from './run-cli.ts';

const WWC = 'standards/what-works-cities';
const COHORT_2024 = `${WWC}/assessments/2024.json`;

let scratch: string | undefined;
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

function version3(): Standard {
  const parsed = parseStandard(JSON.parse(readFileSync(join(projectRoot, WWC, '3.0.json'), 'utf8')));
  if (!parsed.ok) throw new Error('3.0 is invalid');
  return parsed.value;
}

/** A draft of 3.0 with the given thresholds, written to a temp file. */
function draftFile(name: string, thresholds: Record<string, number>): string {
  const started = draftFromVersion(version3(), '3.1-draft');
  const draft = {
    ...started,
    tiers: started.tiers.map((tier) => ({ ...tier, minPercent: thresholds[tier.id] ?? tier.minPercent })),
  };
  scratch ??= mkdtempSync(join(tmpdir(), 'tierline-solve-'));
  const file = join(scratch, name);
  writeFileSync(file, JSON.stringify(draft, null, 2));
  return file;
}

describe('tierline solve', () => {
  it('[X6] finds the gold cut-off nearest the draft that moves nobody down, and `tierline impact` agrees', async () => {
    const raised = draftFile('raised.json', { gold: 80 });
    const before = JSON.parse(
      (await tierline('impact', `${WWC}/3.0.json`, raised, COHORT_2024, '--json')).stdout,
    ) as ImpactPreview;
    expect(before.summary.down).toBeGreaterThan(0);

    const run = await tierline('solve', `${WWC}/3.0.json`, raised, COHORT_2024, '--max-down', '0', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const solution = JSON.parse(run.stdout) as SolveJson;
    if (!solution.feasible) throw new Error('expected thresholds');
    expect(solution.down).toBe(0);
    expect(solution.thresholds.silver).toBe(51);
    expect(solution.thresholds.platinum).toBe(85);
    // Lowered only as far as needed: between 3.0's 68 % and the draft's 80 %.
    expect(solution.thresholds.gold).toBeGreaterThanOrEqual(68);
    expect(solution.thresholds.gold).toBeLessThan(80);

    const solved = draftFile('solved.json', solution.thresholds);
    const after = JSON.parse(
      (await tierline('impact', `${WWC}/3.0.json`, solved, COHORT_2024, '--json')).stdout,
    ) as ImpactPreview;
    expect(after.summary.down).toBe(0);
    // One hundredth higher and someone falls again: the answer is the nearest, not just a safe one.
    const tighter = draftFile('tighter.json', {
      gold: Math.round((solution.thresholds.gold ?? Number.NaN) * 100 + 1) / 100,
    });
    const worse = JSON.parse(
      (await tierline('impact', `${WWC}/3.0.json`, tighter, COHORT_2024, '--json')).stdout,
    ) as ImpactPreview;
    expect(worse.summary.down).toBeGreaterThan(0);
  });

  it('[X6] prints what binds and exits 1 when no thresholds meet the targets', async () => {
    const draft = draftFile('draft.json', {});
    const impossible = await tierline(
      'solve',
      `${WWC}/3.0.json`,
      draft,
      COHORT_2024,
      '--max-down',
      '0',
      '--max-share',
      'platinum=0',
      '--json',
    );
    expect(impossible.code).toBe(1);
    // Nobody at platinum means New York City, Phoenix and Tempe fall from it; either target alone can be met.
    expect(JSON.parse(impossible.stdout)).toEqual({
      feasible: false,
      binding: [
        { kind: 'maxDown', limit: 0 },
        { kind: 'maxShare', tier: 'platinum', limit: 0 },
      ],
      bestAlone: [
        { target: { kind: 'maxDown', limit: 0 }, best: 0 },
        { target: { kind: 'maxShare', tier: 'platinum', limit: 0 }, best: 0 },
      ],
    });
    const readable = await tierline(
      'solve',
      `${WWC}/3.0.json`,
      draft,
      COHORT_2024,
      '--max-down',
      '0',
      '--max-share',
      'platinum=0',
    );
    expect(readable.stdout.split('\n')[0]).toBe(
      'No tier thresholds meet every target. Binding: at most 0 moving down; Platinum share at most 0 %.',
    );
  });

  it('[X6] a malformed target is refused with what was expected', async () => {
    const draft = draftFile('draft.json', {});
    const badShare = await tierline(
      'solve',
      `${WWC}/3.0.json`,
      draft,
      COHORT_2024,
      '--max-share',
      'diamond=5',
    );
    expect(badShare.code).toBe(1);
    expect(badShare.stderr).toBe(
      'tierline solve: --max-share names tier "diamond", which the draft does not have (tiers: silver, gold, platinum)\n',
    );
    const badCount = await tierline('solve', `${WWC}/3.0.json`, draft, COHORT_2024, '--max-down', 'few');
    expect(badCount.stderr).toBe(
      'tierline solve: --max-down expects a whole number of applicants, got "few"\n',
    );
    const none = await tierline('solve', `${WWC}/3.0.json`, draft, COHORT_2024);
    expect(none.code).toBe(2);
  });

  it('[X6] two shares for one tier contradict each other and are refused, naming both', async () => {
    const draft = draftFile('draft.json', {});
    const twice = await tierline(
      'solve',
      `${WWC}/3.0.json`,
      draft,
      COHORT_2024,
      '--max-share',
      'gold=10',
      '--max-share',
      'gold=20',
    );
    expect(twice.code).toBe(1);
    expect(twice.stdout).toBe('');
    expect(twice.stderr).toBe(
      'tierline solve: --max-share gold=10 and gold=20 contradict each other; give each tier one share\n',
    );
  });
});
