// `npm run loadtest [-- --duration 60 --settle 10 --scenario load-50 --setup postgres --seed 8 --timeline --memory]`:
// the side-by-side load test. For each scenario, in one sitting: Tierline on SQLite (child process, auth), the
// reference y-websocket server (child process, memory only), Tierline on a durable throwaway PostgreSQL, and
// two Tierline instances on one PostgreSQL with each draft's editors split across them, all given the same
// load from this process (`--setup` picks some). Every metric is printed as a JSON line `{"name","value","unit"}`
// like `npm run bench`, then the ratios the issue sets targets for. Then `open-drafts`: one instance's memory
// with 0, 10 and 50 drafts open. `--memory` also asks every server where its memory went once the load ended
// (heap after a full collection); `--node-options "<flags>"` starts the Tierline servers with those Node flags.
// Numbers are printed, never asserted.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { report } from '../bench/measure.ts';
import {
  ALL_SETUPS,
  type Metric,
  type ServerRun,
  runScenarioOn,
  scenarioMetrics,
  standardScenarios,
} from './load-scenarios.ts';
import { measureOpenDraftsMemory, openDraftsMetrics } from './open-drafts-memory.ts';
import type { ServerSetup } from './servers-under-test.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    settle: { type: 'string', default: '10' },
    seed: { type: 'string', default: '8' },
    scenario: { type: 'string', multiple: true },
    setup: { type: 'string', multiple: true },
    timeline: { type: 'boolean', default: false },
    memory: { type: 'boolean', default: false },
    'node-options': { type: 'string' },
  },
});
const durationMs = Number(values.duration) * 1000;
const settleMs = Number(values.settle) * 1000;
const scenarios = standardScenarios(durationMs, settleMs, Number(values.seed)).filter(
  (scenario) => !values.scenario || values.scenario.includes(scenario.name),
);
/** Memory of one instance with 0, 10 and 50 drafts open (docs/scaling.md); `--scenario open-drafts`. */
const openDrafts = !values.scenario || values.scenario.includes('open-drafts');
const OPEN_DRAFT_COUNTS = [0, 10, 50];
const setups = ALL_SETUPS.filter((setup) => !values.setup || values.setup.includes(setup));
for (const setup of values.setup ?? []) {
  if (!ALL_SETUPS.includes(setup as ServerSetup)) {
    console.error(`loadtest: --setup ${setup} is not one of ${ALL_SETUPS.join(', ')}`);
    process.exit(1);
  }
}

// Every loop below is bounded by count; this is the backstop if a server stops answering altogether.
const budgetMs = scenarios.length * setups.length * (durationMs + settleMs + 90_000) + 300_000;
setTimeout(() => {
  console.error(`loadtest: still running after ${budgetMs / 1000} s; giving up`);
  process.exit(1);
}, budgetMs).unref();

const print = (metric: Metric) => report(metric.name, metric.value, metric.unit);
console.error(
  `loadtest: load average before ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}`,
);
for (const scenario of scenarios) {
  console.error(
    `loadtest: ${scenario.name}: ${scenario.drafts} draft(s) × ${scenario.editorsPerDraft} editors, ${scenario.editsPerSecond} edits/s each for ${durationMs / 1000} s`,
  );
  const runs: ServerRun[] = [];
  let initialState: Uint8Array | undefined;
  // The reference server needs the drafts' state from a Tierline run: Tierline setups go first.
  for (const setup of [
    ...setups.filter((setup) => setup !== 'reference'),
    ...setups.filter((setup) => setup === 'reference'),
  ]) {
    const run = await runScenarioOn(setup, scenario, initialState, {
      measureMemory: values.memory,
      ...(values['node-options'] ? { tierlineNodeOptions: values['node-options'] } : {}),
    });
    initialState ??= run.initialState;
    runs.push(run);
    if (values.timeline) {
      const worst = run.load.worstBySecond.map((latency) => Math.round(latency)).join(' ');
      console.error(`loadtest: ${scenario.name} ${setup}: worst latency per second (ms): ${worst}`);
    }
  }
  for (const metric of scenarioMetrics(scenario, runs)) print(metric);
}
if (openDrafts) {
  for (const setup of setups) {
    if (setup !== 'sqlite' && setup !== 'postgres') continue;
    console.error(
      `loadtest: open-drafts on ${setup}: ${OPEN_DRAFT_COUNTS.join(', ')} drafts open, one client each`,
    );
    for (const metric of openDraftsMetrics(setup, await measureOpenDraftsMemory(setup, OPEN_DRAFT_COUNTS))) {
      print(metric);
    }
  }
}
console.error(
  `loadtest: load average after ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}`,
);
// Exit explicitly: after runs with many dropped sockets, Node 20 was seen spinning at 100% CPU in its
// exit-time handle cleanup (node::Environment::CleanupHandles) once all the work was done.
process.exit(0);
