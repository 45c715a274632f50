import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Benchmark } from './measure.ts';

/**
 * `npm run bench [-- NAME...]`: runs every `*.bench.ts` module in this folder (or those whose file name
 * contains one of NAME), one after another. Benchmarks print numbers; they never fail on time.
 */
const folder = fileURLToPath(new URL('.', import.meta.url));
const filters = process.argv.slice(2);
const modules = readdirSync(folder)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();

if (modules.length === 0) {
  console.error(`no benchmark in ${folder} matches ${filters.join(', ')}`);
  process.exitCode = 1;
}
for (const file of modules) {
  const loaded = (await import(pathToFileURL(`${folder}${file}`).href)) as { default?: unknown };
  if (typeof loaded.default !== 'function') {
    console.error(`${file}: expected a default export of type Benchmark (a function that reports numbers)`);
    process.exitCode = 1;
    continue;
  }
  await (loaded.default as Benchmark)();
}
