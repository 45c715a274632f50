// Preloaded (`NODE_OPTIONS="--expose-gc --import <this file>"`) into a server the memory measurements start.
// On SIGUSR2 it collects garbage and writes the process's memory use as JSON to `<pid>.json` in the folder
// TIERLINE_MEMORY_PROBE_FOLDER names (written beside, then renamed, so a reader never sees half of it): what is live
// (V8 heap, buffers outside it) after a full collection, beside the resident set, which also counts garbage
// not yet collected and memory V8 keeps for reuse. Plain JavaScript, so the measured process loads no tsx.
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getHeapSpaceStatistics } from 'node:v8';

const folder = process.env['TIERLINE_MEMORY_PROBE_FOLDER'];
if (folder) {
  const file = join(folder, `${process.pid}.json`);
  process.on('SIGUSR2', () => {
    const before = process.memoryUsage().rss;
    globalThis.gc?.();
    const usage = process.memoryUsage();
    const spaces = Object.fromEntries(
      getHeapSpaceStatistics().map((space) => [space.space_name, space.space_used_size]),
    );
    writeFileSync(`${file}.part`, JSON.stringify({ rssBeforeGc: before, ...usage, spaces }));
    renameSync(`${file}.part`, file);
  });
}
