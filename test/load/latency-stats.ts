/** Samples in a preallocated buffer: hundreds of thousands of latencies without boxing each number. */
export class SampleBuffer {
  private readonly values: Float64Array;
  private length = 0;

  constructor(capacity: number) {
    this.values = new Float64Array(Math.max(1, capacity));
  }

  push(value: number): void {
    // Capacity is the number of deliveries that can happen; more would be a counting bug, not data.
    if (this.length < this.values.length) this.values[this.length++] = value;
  }

  get count(): number {
    return this.length;
  }

  /** The samples, sorted ascending (a copy). */
  sorted(): Float64Array {
    return this.values.slice(0, this.length).sort();
  }
}

/** The nearest-rank percentile (`p` in 0…100) of ascending `sorted`; `NaN` when empty. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}
