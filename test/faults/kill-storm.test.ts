import { describe, expect, it } from 'vitest';
import { runKillStorm } from './kill-storm.ts';

// The short version of `npm run storm`'s kill storm: 3 kills instead of 20, 4 clients instead of 20.
const SEED = Number(process.env['TIERLINE_STORM_SEED'] ?? 20261122);

describe('durability storm, short version', () => {
  it(`[P2] 3 × kill -9 while 4 clients edit: every update a client received is in the file (seed ${SEED})`, async () => {
    const report = await runKillStorm({
      seed: SEED,
      rounds: 3,
      clients: 4,
      editEveryMs: 40,
      minUpMs: 150,
      maxUpMs: 600,
    });
    expect(report.editsChecked).toBeGreaterThan(0);
    expect(report.missing).toBe(0);
    expect(report.converged).toBe(true);
  }, 120_000);
});
