/**
 * A small seeded PRNG (mulberry32): the same seed gives the same sequence on every machine,
 * which is what makes the generated cohorts reproducible byte for byte.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A float in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** Approximately normal (sum of uniforms), clipped to [min, max]. */
  normal(mean: number, sd: number, min: number, max: number): number {
    const z = this.next() + this.next() + this.next() + this.next() + this.next() + this.next() - 3;
    return Math.min(max, Math.max(min, mean + z * sd * Math.SQRT2));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
}
