// Whether dist-server/ (the compiled server and CLI, `npm run build:server`) matches the TypeScript sources.
// Plain JavaScript, because it runs before anything is compiled: `npx tierline` asks it on every call.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The checkout this file belongs to. */
export const projectRoot = join(import.meta.dirname, '..');

/** Where `tsc -p tsconfig.build.json` writes: server/x.ts becomes dist-server/server/x.js. */
export const buildFolder = join(projectRoot, 'dist-server');

/**
 * Why the compiled build cannot be run as it is, or undefined when it is up to date: every compiled file
 * is newer than its source (the output lists exactly the sources the build covers, so a source the build
 * does not import, such as the React UI, never makes it stale). Costs a few milliseconds of stat calls.
 * @param {string} [root] the checkout; defaults to this one
 * @returns {string | undefined}
 */
export function staleBuildReason(root = projectRoot) {
  const folder = join(root, 'dist-server');
  let compiled;
  try {
    compiled = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((file) =>
      file.endsWith('.js'),
    );
  } catch {
    return 'the compiled CLI and server (dist-server/) are missing';
  }
  if (!compiled.includes(join('server', 'cli', 'main.js'))) {
    return 'the compiled CLI (dist-server/server/cli/main.js) is missing';
  }
  for (const file of compiled) {
    const source = join(root, file.replace(/\.js$/, '.ts'));
    let sourceTime;
    try {
      sourceTime = statSync(source).mtimeMs;
    } catch {
      continue; // a compiled leftover of a deleted source: nothing imports it any more
    }
    if (sourceTime > statSync(join(folder, file)).mtimeMs) {
      return `${relative(root, source)} changed after the last build`;
    }
  }
  return undefined;
}
