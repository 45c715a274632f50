import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The checkout's root folder (the one holding package.json): where `standards/` and the built app (`dist/`)
 * live. Found by walking up from this module, because the same code runs from `server/` under tsx and from
 * `dist-server/server/` once compiled, one level deeper.
 */
export const projectRoot = findProjectRoot(import.meta.dirname);

function findProjectRoot(start: string): string {
  for (let folder = start; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) throw new Error(`no package.json in ${start} or above it`);
  }
}
