// Preloaded (`node --import`) into a process the CLI benchmark spawns: at exit, writes the process's peak
// resident set size in KiB to file descriptor 3, which the benchmark reads. Plain JavaScript, so nothing but
// this tiny module is added to what the measured process loads.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(3, String(process.resourceUsage().maxRSS));
});
