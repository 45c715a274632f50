import { performance } from 'node:perf_hooks';

/**
 * What every `test/bench/*.bench.ts` module exports as default: a function that runs its measurements and
 * prints them with `report`. `npm run bench` discovers and runs them in file-name order.
 */
export type Benchmark = () => void | Promise<void>;

/** `warmup` untimed calls let the JIT settle; the median is taken over `runs` timed calls. */
export interface MeasureOptions {
  readonly warmup?: number;
  readonly runs?: number;
}

// Keeps the last result of a measured call reachable, so the JIT cannot drop the work as dead code.
const sink: unknown[] = [];

/** Calls `fn` `warmup` times untimed, then `runs` times timed; returns the median in milliseconds. */
export function measureMedianMs(fn: () => unknown, { warmup = 10, runs = 31 }: MeasureOptions = {}): number {
  for (let i = 0; i < warmup; i++) sink[0] = fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    sink[0] = fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** The middle value (the upper of the two middle ones for an even count); `NaN` when empty. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** {@link measureMedianMs} of an asynchronous call: each call is awaited before the next (and timed with it). */
export async function measureMedianMsAsync(
  fn: () => Promise<unknown>,
  { warmup = 10, runs = 31 }: MeasureOptions = {},
): Promise<number> {
  for (let i = 0; i < warmup; i++) sink[0] = await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    sink[0] = await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

/** Prints one result as a JSON line on stdout: `{"name":…,"value":…,"unit":…}`. */
export function report(name: string, value: number, unit: string): void {
  console.log(JSON.stringify({ name, value: Math.round(value * 1000) / 1000, unit }));
}
