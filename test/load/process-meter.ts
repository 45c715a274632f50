import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * CPU and memory of another process (the server under load), read from Linux's `/proc/<pid>`: the
 * load generator runs in its own process, so its work never counts against the server's numbers.
 * On a system without `/proc` every reading is `NaN` and the report says so.
 */

/** Clock ticks per second of `/proc/<pid>/stat` times (almost always 100). */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU time the process has used so far, in milliseconds. */
export function cpuTimeMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

/** Resident set size now, in MiB. */
export function rssMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    return kib === undefined ? Number.NaN : Number(kib) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** What a {@link ProcessMeter} saw between `start` and `stop`. */
export interface ProcessUsage {
  /** CPU time over wall time, in percent of one core (200 = both cores of a 2-core machine busy). */
  readonly cpuPercent: number;
  /** The largest resident set size sampled, in MiB. */
  readonly peakRssMiB: number;
}

/** Samples a process's RSS every `intervalMs` and its CPU time at start and stop. */
export class ProcessMeter {
  private readonly startCpu: number;
  private readonly startWall = performance.now();
  private peakRss: number;
  private readonly timer: NodeJS.Timeout;
  private usage: ProcessUsage | undefined;

  constructor(
    private readonly pid: number,
    intervalMs = 250,
  ) {
    this.startCpu = cpuTimeMs(pid);
    this.peakRss = rssMiB(pid);
    this.timer = setInterval(() => {
      const rss = rssMiB(pid);
      if (rss > this.peakRss || Number.isNaN(this.peakRss)) this.peakRss = rss;
    }, intervalMs);
    this.timer.unref();
  }

  /** Ends the measurement; later calls return the same usage. */
  stop(): ProcessUsage {
    if (this.usage) return this.usage;
    clearInterval(this.timer);
    const rss = rssMiB(this.pid);
    if (rss > this.peakRss || Number.isNaN(this.peakRss)) this.peakRss = rss;
    const wall = performance.now() - this.startWall;
    this.usage = {
      cpuPercent: ((cpuTimeMs(this.pid) - this.startCpu) / wall) * 100,
      peakRssMiB: this.peakRss,
    };
    return this.usage;
  }
}
