import { describe, expect, it } from 'vitest';
import { CUT_KINDS, runNetworkCuts } from './network-cuts.ts';

// The short version of `npm run storm`'s network cuts: 12 cut events among 5 clients.
const SEED = Number(process.env['TIERLINE_CUTS_SEED'] ?? 4);

describe('network cuts, short version', () => {
  it(`[C4] clients cut off mid-edit (reset, healed, or dropped by the heartbeat) converge with the server (seed ${SEED})`, async () => {
    const report = await runNetworkCuts({
      seed: SEED,
      clients: 5,
      cuts: 12,
      editEveryMs: 40,
      heartbeatMs: 150,
    });
    expect(Object.values(report.cutsByKind).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(Object.keys(report.cutsByKind)).toEqual([...CUT_KINDS]);
    expect(report.disconnects).toBeGreaterThan(0);
    expect(report.converged).toBe(true);
  }, 120_000);
});
