// `npm run fuzz [-- --seed N --frames 60000 --seconds 60 --sessions 3 --http-requests 30000 --http-seconds 60
// --layout-seeds 2000 --layout-steps 300]`: the full frame fuzzer (several seeded sessions against a Tierline
// child process), the full HTTP fuzzer (malformed requests over raw TCP, H1) and the full layout
// convergence fuzz. Prints the seeds first, then JSON lines like the benchmarks; exits 1 if anything failed.
// Replay a failing layout seed with TIERLINE_LAYOUT_FUZZ_SEED=<seed> TIERLINE_LAYOUT_FUZZ_SEEDS=1 npx vitest
// run test/fuzz/layout-convergence.test.ts, then pin it there.
import { parseArgs } from 'node:util';
import { report } from '../bench/measure.ts';
import { runFrameFuzz } from './frame-fuzz.ts';
import { runHttpFuzz } from './http-fuzz.ts';
import { profileOf, runLayoutFuzz } from './layout-fuzz.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    frames: { type: 'string', default: '60000' },
    seconds: { type: 'string', default: '60' },
    sessions: { type: 'string', default: '3' },
    'http-requests': { type: 'string', default: '30000' },
    'http-seconds': { type: 'string', default: '60' },
    'layout-seeds': { type: 'string', default: '2000' },
    'layout-steps': { type: 'string', default: '300' },
  },
});
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const sessions = Number(values.sessions);
const layoutSeeds = Number(values['layout-seeds']);
const layoutSteps = Number(values['layout-steps']);
console.error(
  `fuzz: seed ${seed} (frame sessions use ${seed}…${seed + sessions - 1}, layout seeds ${seed}…)`,
);

// Each session stops by itself after --frames or --seconds; this is the backstop.
const budgetMs =
  sessions * (Number(values.seconds) * 1000 + 120_000) + Number(values['http-seconds']) * 1000 + 600_000;
setTimeout(() => {
  console.error(`fuzz: still running after ${budgetMs / 1000} s; giving up`);
  process.exit(1);
}, budgetMs).unref();

let failed = false;
const closes = new Map<number, number>();
let frames = 0;
let connections = 0;
let storedProblems = 0;
for (let session = 0; session < sessions; session++) {
  const outcome = await runFrameFuzz({
    seed: seed + session,
    maxFrames: Number(values.frames),
    maxMs: Number(values.seconds) * 1000,
  });
  frames += outcome.framesSent;
  connections += outcome.connectionsOpened;
  storedProblems += outcome.storedProblems;
  for (const [code, count] of outcome.closesByCode) closes.set(code, (closes.get(code) ?? 0) + count);
  const ok =
    outcome.serverAlive &&
    outcome.converged &&
    outcome.storedMatchesClients &&
    outcome.storedError === undefined &&
    outcome.honestDisconnects === 0;
  if (!ok) {
    failed = true;
    console.error(
      `fuzz: frame session seed ${outcome.seed} FAILED: ${JSON.stringify({ ...outcome, closesByCode: [...outcome.closesByCode] })}`,
    );
  }
  console.error(
    `fuzz: frame session seed ${outcome.seed}: ${outcome.framesSent} frames, ${outcome.connectionsOpened} connections, ${ok ? 'ok' : 'FAILED'}`,
  );
}
report('fuzz-seed', seed, 'seed');
report('fuzz-frames-sent', frames, 'frames');
report('fuzz-connections', connections, 'connections');
for (const [code, count] of [...closes].sort(([a], [b]) => a - b))
  report(`fuzz-closed-${code}`, count, 'connections');
report('fuzz-sessions-failed', failed ? 1 : 0, 'sessions');
report('fuzz-stored-problems', storedProblems, 'problems');

const http = await runHttpFuzz({
  seed,
  maxRequests: Number(values['http-requests']),
  maxMs: Number(values['http-seconds']) * 1000,
});
const httpOk = http.serverAlive && http.healthFailures.length === 0 && http.internalErrors.length === 0;
if (!httpOk) {
  failed = true;
  console.error(`fuzz: HTTP seed ${seed} FAILED: ${JSON.stringify(http)}`);
}
console.error(`fuzz: HTTP seed ${seed}: ${http.requestsSent} requests, ${httpOk ? 'ok' : 'FAILED'}`);
report('http-fuzz-requests-sent', http.requestsSent, 'requests');
for (const [statusClass, count] of Object.entries(http.answersByClass))
  report(`http-fuzz-answers-${statusClass}`, count, 'answers');
report('http-fuzz-internal-errors', http.internalErrors.length, 'answers');
report('http-fuzz-health-checks', http.healthChecks, 'checks');
report('http-fuzz-health-failures', http.healthFailures.length, 'checks');
report('http-fuzz-server-alive', http.serverAlive ? 1 : 0, 'bool');
report('http-fuzz-time', http.fuzzMs / 1000, 's');

let layoutFailures = 0;
let layoutValid = 0;
const started = performance.now();
for (let layoutSeed = seed; layoutSeed < seed + layoutSeeds; layoutSeed++) {
  const outcome = runLayoutFuzz(layoutSeed, layoutSteps);
  if (outcome.problems === 0) layoutValid++;
  if (outcome.failures.length === 0) continue;
  layoutFailures++;
  console.error(
    `fuzz: layout seed ${layoutSeed} (${profileOf(layoutSeed)}) FAILED: ${outcome.failures.join('; ')}`,
  );
}
report('layout-fuzz-seeds', layoutSeeds, 'seeds');
report('layout-fuzz-steps', layoutSteps, 'steps per seed');
report('layout-fuzz-valid-endings', layoutValid, 'seeds');
report('layout-fuzz-failures', layoutFailures, 'seeds');
report('layout-fuzz-time', (performance.now() - started) / 1000, 's');
// Exit explicitly: after runs with many dropped sockets, Node 20 was seen spinning at 100% CPU in its
// exit-time handle cleanup (node::Environment::CleanupHandles) once all the work was done.
process.exit(failed || layoutFailures > 0 ? 1 : 0);
