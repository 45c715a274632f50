import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { projectRoot } from '../../bin/compiled-build.js';
import { ensureCompiledBuild, tierlineBin } from '../setup/compiled-build.ts';
import { median, report } from './measure.ts';

/**
 * Start-up cost of the command line: `npx tierline validate` of one standard file, as a user runs it
 * (`node bin/tierline.js`, the compiled build), against a bare `node -e 0` on the same machine in the same
 * sitting. `cli-validate-one-file` is the median wall time of RUNS fresh processes from spawn to exit;
 * `…-peak-rss` their median peak resident memory, measured in separate runs with a preload that reports
 * `process.resourceUsage().maxRSS` at exit, so the timed runs load nothing extra.
 */
const RUNS = Number(process.env['CLI_BENCH_RUNS'] ?? 11);
const peakRssReporter = join(import.meta.dirname, 'report-peak-rss.js');

const commands: readonly { name: string; args: readonly string[] }[] = [
  { name: 'node-e-0', args: ['-e', '0'] },
  { name: 'cli-validate-one-file', args: [tierlineBin, 'validate', 'standards/what-works-cities/3.0.json'] },
];

export default function cliBenchmark(): void {
  ensureCompiledBuild();
  for (const { name, args } of commands) {
    run(args); // warm the file-system cache
    const wallMs: number[] = [];
    const peakMiB: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      run(args);
      wallMs.push(performance.now() - started);
      peakMiB.push(Number(run(['--import', peakRssReporter, ...args]).fd3) / 1024);
    }
    report(name, median(wallMs), 'ms');
    report(`${name}-peak-rss`, median(peakMiB), 'MiB');
  }
}

function run(args: readonly string[]): { fd3: string } {
  const result = spawnSync(process.execPath, args, {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`node ${args.join(' ')} exited with ${result.status}:\n${result.stdout}${result.stderr}`);
  }
  return { fd3: String(result.output[3] ?? '') };
}
