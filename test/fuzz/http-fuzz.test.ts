import { describe, expect, it } from 'vitest';
import { runHttpFuzz } from './http-fuzz.ts';

// The short version of `npm run fuzz`'s HTTP fuzzer: one seed, at most 2,000 requests or 20 s.
// Replay a seed with TIERLINE_HTTP_FUZZ_SEED=<seed> npx vitest run test/fuzz/http-fuzz.test.ts.
const SEED = Number(process.env['TIERLINE_HTTP_FUZZ_SEED'] ?? 11);

describe('HTTP fuzzer, short version', () => {
  it(`[H1] malformed requests get 4xx answers and the server keeps answering health throughout (seed ${SEED})`, async () => {
    console.log(`http fuzz seed ${SEED}`);
    const report = await runHttpFuzz({ seed: SEED, maxRequests: 2000, maxMs: 20_000 });
    expect(report.requestsSent).toBeGreaterThan(500);
    expect(report.healthFailures).toEqual([]);
    expect(report.healthChecks).toBeGreaterThan(10);
    expect(report.serverAlive).toBe(true);
    expect(report.answersByClass['4xx']).toBeGreaterThan(report.requestsSent / 3);
    expect(report.internalErrors).toEqual([]);
  }, 60_000);
});
