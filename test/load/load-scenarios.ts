import { type EditorLoadResult, latencySummary, runEditorLoad, summaryOf } from './editor-load.ts';
import { ProcessMeter, type ProcessUsage } from './process-meter.ts';
import { type ServerMemory, memoryProbe } from './server-memory.ts';
import {
  type ServerSetup,
  type ServerUnderTest,
  type ServerUnderTestOptions,
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

/**
 * Every setup a scenario runs on, in the order `npm run loadtest` runs them: Tierline on SQLite (as
 * `npm start`), the reference server, Tierline on PostgreSQL, two Tierline instances on one PostgreSQL.
 */
export const ALL_SETUPS: readonly ServerSetup[] = ['sqlite', 'reference', 'postgres', 'postgres-2'];

/** A scenario's result on one setup. */
export interface ServerRun {
  readonly setup: ServerSetup;
  readonly load: EditorLoadResult;
  /** Per instance, in the order of the setup's instances. */
  readonly usage: readonly ProcessUsage[];
  /** Per instance, after a full garbage collection once the load ended (when asked for with `measureMemory`). */
  readonly memory?: readonly ServerMemory[];
}

/** How a scenario is run. */
export interface RunOptions {
  /**
   * Also ask each server process where its memory goes once the load ended (`server-memory.ts`). The probe
   * adds `--expose-gc` and a tiny preloaded module to the servers; latency and RSS are measured as usual.
   */
  readonly measureMemory?: boolean;
  /** Node flags for the Tierline servers (not the reference), e.g. `--max-semi-space-size=4` to try a heap setting. */
  readonly tierlineNodeOptions?: string;
}

/**
 * Starts the setup, runs the scenario against it while metering every server process, stops it. The
 * reference server needs `initialState` (the Tierline drafts' state, which its clients bring).
 */
export async function runScenarioOn(
  setup: ServerSetup,
  scenario: LoadScenario,
  initialState?: Uint8Array,
  runOptions: RunOptions = {},
): Promise<ServerRun & { initialState: Uint8Array }> {
  const probe = runOptions.measureMemory === true ? memoryProbe() : undefined;
  const nodeOptions = [
    probe?.env['NODE_OPTIONS'],
    setup === 'reference' ? undefined : runOptions.tierlineNodeOptions,
  ].filter((flags) => flags !== undefined && flags !== '');
  const options: ServerUnderTestOptions = {
    env: { ...probe?.env, ...(nodeOptions.length > 0 ? { NODE_OPTIONS: nodeOptions.join(' ') } : {}) },
  };
  let server: ServerUnderTest;
  if (setup !== 'reference') server = await startTierlineUnderTest(setup, scenario.drafts, options);
  else if (initialState) server = await startReferenceUnderTest(scenario.drafts, initialState, options);
  else throw new Error('the reference server needs the initial state of the Tierline drafts');
  try {
    const meters = server.pids.map((pid) => new ProcessMeter(pid));
    const stopMeters = () => meters.map((meter) => meter.stop());
    const load = await runEditorLoad({
      urls: server.urls,
      cookie: server.cookie,
      draftIds: server.draftIds,
      initialState: server.initialState,
      editorsPerDraft: scenario.editorsPerDraft,
      editsPerSecond: scenario.editsPerSecond,
      durationMs: scenario.durationMs,
      settleMs: scenario.settleMs,
      awarenessEvery: scenario.awarenessEvery,
      seed: scenario.seed,
    }).finally(stopMeters);
    // Taken when the load ended, before the server's own shutdown work: only the load is metered.
    const usage = stopMeters();
    const memory = probe ? await Promise.all(server.pids.map((pid) => probe.read(pid))) : undefined;
    return { setup, load, usage, ...(memory ? { memory } : {}), initialState: server.initialState };
  } finally {
    await server.stop();
    probe?.dispose();
  }
}

/** A named number, printed as one JSON line like the benchmarks. */
export interface Metric {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

/** The prefix of a setup's metric names: today's names for SQLite, `ref-`, `pg-` and `pg2-` before them otherwise. */
export function metricPrefix(setup: ServerSetup, scenario: LoadScenario): string {
  const prefixes: Record<ServerSetup, string> = {
    sqlite: '',
    reference: 'ref-',
    postgres: 'pg-',
    'postgres-2': 'pg2-',
  };
  return `${prefixes[setup]}${scenario.name}`;
}

/** The lines one run prints: latency, losses, disconnects, and per-instance RSS and CPU. */
export function runMetrics(scenario: LoadScenario, run: ServerRun): Metric[] {
  const prefix = metricPrefix(run.setup, scenario);
  const { p50, p99, max } = latencySummary(run.load);
  const closes = [...run.load.closesByCode.values()].reduce((a, b) => a + b, 0);
  const metrics: Metric[] = [
    { name: `${prefix}-p50`, value: p50, unit: 'ms' },
    { name: `${prefix}-p99`, value: p99, unit: 'ms' },
    { name: `${prefix}-max`, value: max, unit: 'ms' },
    { name: `${prefix}-lost`, value: run.load.lost, unit: 'edits' },
    { name: `${prefix}-edits`, value: run.load.editsSent, unit: 'edits' },
    { name: `${prefix}-deliveries`, value: run.load.deliveriesObserved, unit: 'edits' },
    { name: `${prefix}-disconnects`, value: closes, unit: 'connections' },
    // The largest instance: what one machine must hold.
    { name: `${prefix}-rss-mb`, value: peakRss(run), unit: 'MiB' },
    {
      name: `${prefix}-cpu-pct`,
      value: sum(run.usage.map((usage) => usage.cpuPercent)),
      unit: '% of one core',
    },
    { name: `${prefix}-client-loop-p99`, value: run.load.clientLoopDelayP99Ms, unit: 'ms' },
    { name: `${prefix}-client-loop-max`, value: run.load.clientLoopDelayMaxMs, unit: 'ms' },
  ];
  if (run.memory) {
    const largest = run.memory.reduce((a, b) => (b.rssMiB > a.rssMiB ? b : a));
    metrics.push(
      { name: `${prefix}-rss-before-gc-mb`, value: largest.rssBeforeGcMiB, unit: 'MiB' },
      { name: `${prefix}-rss-after-gc-mb`, value: largest.rssMiB, unit: 'MiB' },
      { name: `${prefix}-heap-used-mb`, value: largest.heapUsedMiB, unit: 'MiB' },
      { name: `${prefix}-heap-total-mb`, value: largest.heapTotalMiB, unit: 'MiB' },
      { name: `${prefix}-external-mb`, value: largest.externalMiB, unit: 'MiB' },
    );
  }
  if (run.usage.length > 1) {
    const cross = summaryOf(run.load.crossInstanceLatenciesMs);
    metrics.push(
      { name: `${prefix}-instances`, value: run.usage.length, unit: 'processes' },
      { name: `${prefix}-rss-total-mb`, value: sum(run.usage.map((usage) => usage.peakRssMiB)), unit: 'MiB' },
      { name: `${prefix}-cross-deliveries`, value: run.load.crossInstanceLatenciesMs.length, unit: 'edits' },
      { name: `${prefix}-cross-p50`, value: cross.p50, unit: 'ms' },
      { name: `${prefix}-cross-p99`, value: cross.p99, unit: 'ms' },
      { name: `${prefix}-cross-max`, value: cross.max, unit: 'ms' },
    );
  }
  return metrics;
}

/**
 * The ratios the issue sets targets for, from whichever of the runs are there: SQLite against the reference
 * (p50, p99, RSS), PostgreSQL against SQLite (p99, target ≤ 1.5) and the reference (RSS, target ≤ 1.2), and
 * two instances' cross-instance p99 against one PostgreSQL instance's p99 (target ≤ 2).
 */
export function ratioMetrics(scenario: LoadScenario, runs: readonly ServerRun[]): Metric[] {
  const of = (setup: ServerSetup) => runs.find((run) => run.setup === setup);
  const sqlite = of('sqlite');
  const reference = of('reference');
  const postgres = of('postgres');
  const twoInstances = of('postgres-2');
  const p99 = (run: ServerRun) => latencySummary(run.load).p99;
  const ratio = (name: string, value: number): Metric => ({ name, value, unit: 'x' });
  const metrics: Metric[] = [];
  if (sqlite && reference) {
    metrics.push(
      ratio(
        `${scenario.name}-ratio-p50`,
        latencySummary(sqlite.load).p50 / latencySummary(reference.load).p50,
      ),
      ratio(`${scenario.name}-ratio-p99`, p99(sqlite) / p99(reference)),
      ratio(`${scenario.name}-ratio-rss`, peakRss(sqlite) / peakRss(reference)),
    );
  }
  if (postgres && sqlite)
    metrics.push(ratio(`pg-${scenario.name}-ratio-p99-vs-sqlite`, p99(postgres) / p99(sqlite)));
  if (postgres && reference)
    metrics.push(ratio(`pg-${scenario.name}-ratio-rss`, peakRss(postgres) / peakRss(reference)));
  if (twoInstances && postgres) {
    const crossP99 = summaryOf(twoInstances.load.crossInstanceLatenciesMs).p99;
    metrics.push(
      ratio(`pg2-${scenario.name}-ratio-cross-p99-vs-pg`, crossP99 / p99(postgres)),
      ratio(`pg2-${scenario.name}-ratio-p99-vs-pg`, p99(twoInstances) / p99(postgres)),
    );
  }
  if (twoInstances && reference) {
    metrics.push(ratio(`pg2-${scenario.name}-ratio-rss`, peakRss(twoInstances) / peakRss(reference)));
  }
  return metrics;
}

/** Every line of a scenario: each run's, then the ratios. */
export function scenarioMetrics(scenario: LoadScenario, runs: readonly ServerRun[]): Metric[] {
  return [...runs.flatMap((run) => runMetrics(scenario, run)), ...ratioMetrics(scenario, runs)];
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
const peakRss = (run: ServerRun): number => Math.max(...run.usage.map((usage) => usage.peakRssMiB));
