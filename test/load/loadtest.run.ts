// `npm run loadtest [-- --duration 60 --settle 10 --scenario load-50 --seed 8 --timeline]`: the side-by-side load test.
// For each scenario, Tierline (child process, SQLite, auth) and then the reference y-websocket server (child
// process, memory only) get the same load from this process; every metric is printed as a JSON line
// `{"name","value","unit"}` like `npm run bench`. Numbers are printed, never asserted.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { report } from '../bench/measure.ts';
import { type Metric, runScenarioOn, scenarioMetrics, standardScenarios } from './load-scenarios.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    settle: { type: 'string', default: '10' },
    seed: { type: 'string', default: '8' },
    scenario: { type: 'string', multiple: true },
    timeline: { type: 'boolean', default: false },
  },
});
const durationMs = Number(values.duration) * 1000;
const settleMs = Number(values.settle) * 1000;
const scenarios = standardScenarios(durationMs, settleMs, Number(values.seed)).filter(
  (scenario) => !values.scenario || values.scenario.includes(scenario.name),
);

// Every loop below is bounded by count; this is the backstop if a server stops answering altogether.
const budgetMs = scenarios.length * 2 * (durationMs + settleMs + 90_000);
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
  const ours = await runScenarioOn('tierline', scenario);
  const reference = await runScenarioOn('reference', scenario, ours.initialState);
  if (values.timeline) {
    for (const run of [ours, reference]) {
      const worst = run.load.worstBySecond.map((latency) => Math.round(latency)).join(' ');
      console.error(`loadtest: ${scenario.name} ${run.server}: worst latency per second (ms): ${worst}`);
    }
  }
  for (const metric of scenarioMetrics(scenario, ours, reference)) print(metric);
}
console.error(
  `loadtest: load average after ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}`,
);
// Exit explicitly: after runs with many dropped sockets, Node 20 was seen spinning at 100% CPU in its
// exit-time handle cleanup (node::Environment::CleanupHandles) once all the work was done.
process.exit(0);
