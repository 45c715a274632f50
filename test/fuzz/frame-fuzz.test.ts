import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/collab/sync-protocol.ts';
import { runFrameFuzz } from './frame-fuzz.ts';

// The short version of `npm run fuzz`'s frame fuzzer: one seed, at most 1,500 frames or 4 s.
const SEED = Number(process.env['TIERLINE_FRAME_FUZZ_SEED'] ?? 7);

describe('frame fuzzer, short version', () => {
  it(`[P4] bad frames close only their own connection; honest clients converge; the stored draft loads (seed ${SEED})`, async () => {
    const report = await runFrameFuzz({ seed: SEED, maxFrames: 1500, maxMs: 4000 });
    expect(report.framesSent).toBeGreaterThan(100);
    expect(report.closesByCode.get(CloseCode.malformed)).toBeGreaterThan(0);
    expect([...report.closesByCode.keys()].every((code) => code >= 4400 && code < 4500)).toBe(true);
    expect(report.serverAlive).toBe(true);
    expect(report.honestDisconnects).toBe(0);
    expect(report.converged).toBe(true);
    expect(report.storedError).toBeUndefined();
    expect(report.storedMatchesClients).toBe(true);
  }, 120_000);
});
