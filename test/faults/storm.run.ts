// `npm run storm [-- --seed N --rounds 20 --clients 20 --cuts 60 --cluster-rounds 12 --instances 2 --only cluster]`:
// the full durability storm (SIGKILL of a Tierline child process at random moments while clients edit), the
// full network-cut run, and the cluster storm (instances on one PostgreSQL behind nginx, killed and restarted
// in turn while clients connected only to nginx edit); `--only kill|cuts|cluster` (repeatable) runs some of
// them. Prints JSON lines like the benchmarks; exits 1 if an edit was lost or the clients did not converge.
import { parseArgs } from 'node:util';
import { report } from '../bench/measure.ts';
import { runClusterStorm } from './cluster-storm.ts';
import { runKillStorm } from './kill-storm.ts';
import { runNetworkCuts } from './network-cuts.ts';

const PARTS = ['kill', 'cuts', 'cluster'] as const;
const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    rounds: { type: 'string', default: '20' },
    clients: { type: 'string', default: '20' },
    cuts: { type: 'string', default: '60' },
    'cluster-rounds': { type: 'string', default: '12' },
    instances: { type: 'string', default: '2' },
    only: { type: 'string', multiple: true },
  },
});
for (const part of values.only ?? []) {
  if (!(PARTS as readonly string[]).includes(part)) {
    console.error(`storm: --only ${part} is not one of ${PARTS.join(', ')}`);
    process.exit(1);
  }
}
const runs = (part: (typeof PARTS)[number]) => !values.only || values.only.includes(part);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const rounds = Number(values.rounds);
const clients = Number(values.clients);
const clusterRounds = Number(values['cluster-rounds']);
console.error(`storm: seed ${seed}`);
report('storm-seed', seed, 'seed');

// Every loop is bounded by rounds and cuts; this is the backstop if a server never comes back.
const budgetMs = (rounds + clusterRounds) * 60_000 + 600_000;
setTimeout(() => {
  console.error(`storm: still running after ${budgetMs / 1000} s; giving up`);
  process.exit(1);
}, budgetMs).unref();

let failed = false;
if (runs('kill')) {
  const storm = await runKillStorm({
    seed,
    rounds,
    clients,
    editEveryMs: 50,
    minUpMs: 200,
    maxUpMs: 1500,
    log: (line) => console.error(`storm: ${line}`),
  });
  report('storm-rounds', storm.rounds, 'kills');
  report('storm-clients', storm.clients, 'clients');
  report('storm-edits-made', storm.editsMade, 'edits');
  report('storm-edits-checked', storm.editsChecked, 'updates');
  report('storm-missing', storm.missing, 'updates');
  report('storm-converged', storm.converged ? 1 : 0, 'bool');
  report('storm-disconnects', storm.disconnects, 'connections');
  failed ||= storm.missing > 0 || !storm.converged;
}

if (runs('cuts')) {
  const cuts = await runNetworkCuts({
    seed,
    clients,
    cuts: Number(values.cuts),
    editEveryMs: 50,
    heartbeatMs: 150,
    log: (line) => console.error(`cuts: ${line}`),
  });
  for (const [kind, count] of Object.entries(cuts.cutsByKind)) report(`cuts-${kind}`, count, 'cut events');
  report('cuts-edits-made', cuts.editsMade, 'edits');
  report('cuts-disconnects', cuts.disconnects, 'connections');
  report('cuts-converged', cuts.converged ? 1 : 0, 'bool');
  failed ||= !cuts.converged;
}

if (runs('cluster')) {
  const cluster = await runClusterStorm({
    seed,
    rounds: clusterRounds,
    instances: Number(values.instances),
    clients,
    editEveryMs: 50,
    minUpMs: 500,
    maxUpMs: 2500,
    log: (line) => console.error(`cluster: ${line}`),
  });
  report('cluster-rounds', cluster.rounds, 'kills');
  report('cluster-instances', cluster.instances, 'processes');
  report('cluster-clients', cluster.clients, 'clients');
  report('cluster-edits-made', cluster.editsMade, 'edits');
  report('cluster-edits-checked', cluster.editsChecked, 'updates');
  report('cluster-missing', cluster.missing, 'updates');
  report('cluster-converged', cluster.converged ? 1 : 0, 'bool');
  report('cluster-disconnects', cluster.disconnects, 'connections');
  cluster.syncConnectionsPerInstance.forEach((count, index) => {
    report(`cluster-sync-connections-instance-${index}`, count, 'connections');
  });
  failed ||= cluster.missing > 0 || !cluster.converged;
}

// Exit explicitly: after runs with many dropped sockets, Node 20 was seen spinning at 100% CPU in its
// exit-time handle cleanup (node::Environment::CleanupHandles) once all the work was done.
process.exit(failed ? 1 : 0);
