import { runKillStorm } from '/work/main/test/faults/kill-storm.ts';
const t0 = performance.now();
const r = await runKillStorm({
  seed: 1,
  rounds: Number(process.argv[2] ?? 3),
  clients: Number(process.argv[3] ?? 5),
  editEveryMs: 50,
  minUpMs: 200,
  maxUpMs: 1200,
  log: console.error,
});
console.log(r, performance.now() - t0);
