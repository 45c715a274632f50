import { type EditorLoadResult, latencySummary, runEditorLoad } from './editor-load.ts';
import { ProcessMeter, type ProcessUsage } from './process-meter.ts';
import {
  type ServerUnderTest,
  startReferenceUnderTest,
  startTierlineUnderTest,
} from './servers-under-test.ts';

/** One shape of load: how many drafts, how many editors in each, how fast and how long they type. */
export interface LoadScenario {
  /** Prefix of the reported names, e.g. `load-50`. */
  readonly name: string;
  readonly drafts: number;
  readonly editorsPerDraft: number;
  readonly editsPerSecond: number;
  readonly durationMs: number;
  readonly settleMs: number;
  readonly awarenessEvery: number;
  readonly seed: number;
}

/** The two scenarios: (a) 50 editors on one draft, (b) 200 clients across 20 drafts; 5 edits/s each. */
export function standardScenarios(durationMs: number, settleMs: number, seed: number): LoadScenario[] {
  const common = { editsPerSecond: 5, durationMs, settleMs, awarenessEvery: 5, seed };
  return [
    { name: 'load-50', drafts: 1, editorsPerDraft: 50, ...common },
    { name: 'load-200', drafts: 20, editorsPerDraft: 10, ...common },
  ];
}

/** A scenario's result on one server. */
export interface ServerRun {
  readonly server: ServerUnderTest['kind'];
  readonly load: EditorLoadResult;
  readonly usage: ProcessUsage;
}

/** Starts the server, runs the scenario against it while metering the server process, stops it. */
export async function runScenarioOn(
  kind: ServerUnderTest['kind'],
  scenario: LoadScenario,
  initialState?: Uint8Array,
): Promise<ServerRun & { initialState: Uint8Array }> {
  let server: ServerUnderTest;
  if (kind === 'tierline') server = await startTierlineUnderTest(scenario.drafts);
  else if (initialState) server = await startReferenceUnderTest(scenario.drafts, initialState);
  else throw new Error('the reference server needs the initial state of the Tierline drafts');
  try {
    const meter = new ProcessMeter(server.pid);
    const load = await runEditorLoad({
      url: server.url,
      cookie: server.cookie,
      draftIds: server.draftIds,
      initialState: server.initialState,
      editorsPerDraft: scenario.editorsPerDraft,
      editsPerSecond: scenario.editsPerSecond,
      durationMs: scenario.durationMs,
      settleMs: scenario.settleMs,
      awarenessEvery: scenario.awarenessEvery,
      seed: scenario.seed,
    }).finally(() => meter.stop());
    // Taken when the load ended, before the server's own shutdown work: only the load is metered.
    const usage = meter.stop();
    return { server: kind, load, usage, initialState: server.initialState };
  } finally {
    await server.stop();
  }
}

/** A named number, printed as one JSON line like the benchmarks. */
export interface Metric {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

/** The lines `npm run loadtest` prints for one scenario, Tierline's first, then the reference's, then ratios. */
export function scenarioMetrics(scenario: LoadScenario, ours: ServerRun, reference: ServerRun): Metric[] {
  const metricsOf = (prefix: string, run: ServerRun): Metric[] => {
    const { p50, p99, max } = latencySummary(run.load);
    const closes = [...run.load.closesByCode.values()].reduce((a, b) => a + b, 0);
    return [
      { name: `${prefix}-p50`, value: p50, unit: 'ms' },
      { name: `${prefix}-p99`, value: p99, unit: 'ms' },
      { name: `${prefix}-max`, value: max, unit: 'ms' },
      { name: `${prefix}-lost`, value: run.load.lost, unit: 'edits' },
      { name: `${prefix}-edits`, value: run.load.editsSent, unit: 'edits' },
      { name: `${prefix}-deliveries`, value: run.load.deliveriesObserved, unit: 'edits' },
      { name: `${prefix}-disconnects`, value: closes, unit: 'connections' },
      { name: `${prefix}-rss-mb`, value: run.usage.peakRssMiB, unit: 'MiB' },
      { name: `${prefix}-cpu-pct`, value: run.usage.cpuPercent, unit: '% of one core' },
      { name: `${prefix}-client-loop-p99`, value: run.load.clientLoopDelayP99Ms, unit: 'ms' },
      { name: `${prefix}-client-loop-max`, value: run.load.clientLoopDelayMaxMs, unit: 'ms' },
    ];
  };
  const ourLatency = latencySummary(ours.load);
  const referenceLatency = latencySummary(reference.load);
  return [
    ...metricsOf(scenario.name, ours),
    ...metricsOf(`ref-${scenario.name}`, reference),
    { name: `${scenario.name}-ratio-p50`, value: ourLatency.p50 / referenceLatency.p50, unit: 'x' },
    { name: `${scenario.name}-ratio-p99`, value: ourLatency.p99 / referenceLatency.p99, unit: 'x' },
  ];
}
