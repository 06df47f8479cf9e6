// A small seeded pseudo-random generator, so every split, bootstrap and search is reproducible
// from `PIPELINE_SEED` on any machine. Browser-safe: no Node imports.

/** Mulberry32: one 32-bit state word, period 2^32, fast in JavaScript; plenty for sampling rows,
 *  features and search candidates, not for cryptography. */
export class Random {
  private state: number;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new Error(`Random: invalid seed ${seed}: expected a number.`);
    this.state = Math.floor(seed) >>> 0;
  }

  /** Returns a float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Returns an integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Returns a value spread evenly on a log scale between min and max (both > 0). */
  logUniform(min: number, max: number): number {
    return Math.exp(this.uniform(Math.log(min), Math.log(max)));
  }

  choice<T>(values: readonly T[]): T {
    return values[this.int(values.length)];
  }

  /** Shuffles in place (Fisher–Yates) and returns the same array. */
  shuffle<T extends { length: number; [index: number]: unknown }>(values: T): T {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
    return values;
  }

  /** Returns a new generator whose stream depends on this one, for independent sub-tasks. */
  fork(): Random {
    return new Random(Math.floor(this.next() * 4294967296));
  }
}
