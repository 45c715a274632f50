import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { buildFolder, projectRoot, staleBuildReason } from '../../bin/compiled-build.js';

/** The compiled server and CLI entry points that `npm start` and `npx tierline` run. */
export const compiledServerEntry = `${buildFolder}/server/index.js`;
export const tierlineBin = `${projectRoot}/bin/tierline.js`;

/**
 * Compiles server/ into dist-server/ (`tsc -p tsconfig.build.json`, as `npm run build:server` does) unless
 * the build is already up to date, so tests and benchmarks that spawn the server or the CLI run the
 * production JavaScript of the sources in front of them. Vitest calls it once before any worker starts
 * (compiled-build.global.ts); the runners (`npm run storm`, …) call it through startServerProcess.
 */
export function ensureCompiledBuild(): void {
  if (staleBuildReason() === undefined) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: projectRoot, stdio: 'pipe' });
  } catch (error) {
    const output = (error as { stdout?: Buffer }).stdout?.toString() ?? '';
    throw new Error(`tsc -p tsconfig.build.json failed:\n${output}`, { cause: error });
  }
  const stillStale = staleBuildReason();
  if (stillStale !== undefined)
    throw new Error(`the build did not bring dist-server/ up to date: ${stillStale}`);
}
