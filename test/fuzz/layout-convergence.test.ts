import { describe, expect, it } from 'vitest';
import { profileOf, runLayoutFuzz } from './layout-fuzz.ts';

/**
 * The short version of `npm run fuzz`'s layout convergence fuzz. A seed that ever fails goes into
 * PINNED_SEEDS with a note, and stays there as a regression test.
 */
const PINNED_SEEDS: readonly { readonly seed: number; readonly why: string }[] = [
  // These failed while the fuzz was being written: valid runs whose merged titles start with a space.
  // The schema trims texts on parse, so "round-trips unchanged" must compare with the parsed standard —
  // a defect of the check, not of the layout; they stay as its regression test.
  { seed: 3, why: 'a merged title with leading whitespace' },
  { seed: 21, why: 'a merged title with leading whitespace' },
  { seed: 24, why: 'a merged title with leading whitespace' },
  { seed: 33, why: 'a merged title with leading whitespace' },
  { seed: 39, why: 'a merged title with leading whitespace' },
  // No seed has found a defect in the layout itself (2,000 seeds × 300 steps were run); this one has the
  // most concurrent code renames of the first forty and is kept as a canary.
  { seed: 1, why: 'eight concurrent renames, duplicate codes, six partitions' },
];
const BASE_SEED = Number(process.env['TIERLINE_LAYOUT_FUZZ_SEED'] ?? 20261122);
const SEEDS = Number(process.env['TIERLINE_LAYOUT_FUZZ_SEEDS'] ?? 120);
const STEPS = 150;

describe('draft layout convergence fuzz, short version', () => {
  for (const { seed, why } of PINNED_SEEDS) {
    it(`[C1][C5] pinned seed ${seed} (${why})`, () => {
      expect(runLayoutFuzz(seed, STEPS).failures).toEqual([]);
    });
  }

  it(`[C1][C5] ${SEEDS} seeds from ${BASE_SEED}: 3 peers, random delivery and partitions, identical and valid or reported`, () => {
    const failed: string[] = [];
    let valid = 0;
    let withProblems = 0;
    for (let seed = BASE_SEED; seed < BASE_SEED + SEEDS; seed++) {
      const outcome = runLayoutFuzz(seed, STEPS);
      if (outcome.failures.length > 0)
        failed.push(`seed ${seed} (${profileOf(seed)}): ${outcome.failures.join('; ')}`);
      if (outcome.problems === 0) valid++;
      else withProblems++;
    }
    // Replay one with TIERLINE_LAYOUT_FUZZ_SEED=<seed> TIERLINE_LAYOUT_FUZZ_SEEDS=1, then pin it above.
    expect(failed).toEqual([]);
    // Both kinds of ending occur, so both halves of "valid or reported" were checked.
    expect(valid).toBeGreaterThan(0);
    expect(withProblems).toBeGreaterThan(0);
  });
});
