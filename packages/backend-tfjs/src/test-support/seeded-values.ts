/**
 * Seeded random test inputs for the fused-kernel tests, each value rounded to float32 so that
 * tfjs (float32) and the float64 reference are handed exactly the same numbers.
 *
 * @example new SeededValues(7).uniform(4, 0, 1) // four float32-exact values in [0, 1)
 */
export class SeededValues {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1) (mulberry32). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  }

  /**
   * `length` float32-exact values uniform in [min, max).
   * @example new SeededValues(1).uniform(6, -1, 1)
   */
  uniform(length: number, min: number, max: number): Float64Array {
    return Float64Array.from({ length }, () => Math.fround(min + (max - min) * this.next()));
  }

  /**
   * `rows` distributions of `length` positive entries (rows of weightings, shift kernels).
   * @example new SeededValues(1).distributions(2, 3) // two rows of 3, each summing to ≈ 1
   */
  distributions(rows: number, length: number): Float64Array {
    const values = this.uniform(rows * length, 0.05, 1);
    for (let row = 0; row < rows; row++) {
      let total = 0;
      for (let i = 0; i < length; i++) total += values[row * length + i] as number;
      for (let i = 0; i < length; i++) values[row * length + i] = Math.fround((values[row * length + i] as number) / total);
    }
    return values;
  }
}
