import { describe, expect, it } from 'vitest';
import { type LoadScenario, runScenarioOn, scenarioMetrics } from './load-scenarios.ts';

// The short version of `npm run loadtest`: the same generator, servers and report, for a second and a
// half. It proves the harness measures what it claims (every edit counted once per peer, nothing lost);
// speed is never asserted here.
const SHORT: LoadScenario = {
  name: 'load-short',
  drafts: 2,
  editorsPerDraft: 4,
  editsPerSecond: 5,
  durationMs: 1500,
  settleMs: 15_000,
  awarenessEvery: 5,
  seed: 8,
};

describe('side-by-side load test, short version', () => {
  it('[P2] every edit reaches every peer on Tierline and on the reference server, and the report is complete', async () => {
    const ours = await runScenarioOn('sqlite', SHORT);
    const reference = await runScenarioOn('reference', SHORT, ours.initialState);
    const editsPerRun = SHORT.drafts * SHORT.editorsPerDraft * 7; // 1.5 s × 5 edits/s, rounded down
    for (const run of [ours, reference]) {
      expect(run.load.editsSent).toBe(editsPerRun);
      expect(run.load.deliveriesExpected).toBe(editsPerRun * (SHORT.editorsPerDraft - 1));
      expect(run.load.deliveriesObserved).toBe(run.load.deliveriesExpected);
      expect(run.load.latenciesMs).toHaveLength(run.load.deliveriesExpected);
      expect(run.load.lost).toBe(0);
      expect([...run.load.closesByCode.values()]).toEqual([]);
    }
    const metrics = scenarioMetrics(SHORT, [ours, reference]);
    const names = metrics.map((metric) => metric.name);
    for (const name of ['p50', 'p99', 'max', 'lost', 'rss-mb', 'cpu-pct']) {
      expect(names).toContain(`load-short-${name}`);
      expect(names).toContain(`ref-load-short-${name}`);
    }
    expect(names).toEqual(
      expect.arrayContaining(['load-short-ratio-p50', 'load-short-ratio-p99', 'load-short-ratio-rss']),
    );
    for (const metric of metrics) expect(Number.isFinite(metric.value), metric.name).toBe(true);
  }, 90_000);
});
