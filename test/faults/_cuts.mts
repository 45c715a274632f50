import { runNetworkCuts } from './network-cuts.ts';
const t0 = performance.now();
const r = await runNetworkCuts({
  seed: Number(process.argv[4] ?? 1),
  clients: Number(process.argv[2] ?? 5),
  cuts: Number(process.argv[3] ?? 10),
  editEveryMs: 50,
  heartbeatMs: 150,
});
console.log(r, performance.now() - t0);
