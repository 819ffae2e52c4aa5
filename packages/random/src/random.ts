/**
 * The state of a {@link Random}: four unsigned 32-bit words. Plain numbers so that it
 * survives JSON (checkpoints store it to make a resumed run continue exactly).
 */
export type RandomState = readonly [number, number, number, number];

/** splitmix32: spreads a small seed over 32 bits so that seeds 1 and 2 give unrelated streams. */
function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * A seeded pseudo-random generator (xoshiro128**, Blackman & Vigna 2018).
 *
 * Why our own and not `Math.random`: the same seed must give the same task batches and the
 * same initial weights in Node and in every browser, and a checkpoint must be able to store
 * the generator's state and resume it exactly. All arithmetic is 32-bit integer, so the
 * stream is bit-identical on every JavaScript engine.
 *
 * @example
 * ```ts
 * const random = new Random(42);
 * random.next();          // a float in [0, 1)
 * random.int(1, 20);      // an integer in 1..20, both ends included
 * const saved = random.getState();
 * const again = Random.fromState(saved); // continues exactly where `random` is
 * ```
 */
export class Random {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  /** @param seed any integer; non-integers and negatives are folded into 32 bits. */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) {
      throw new RangeError(`seed must be a finite number, got ${String(seed)}`);
    }
    const mix = splitmix32(Math.floor(seed) >>> 0);
    this.s0 = mix();
    this.s1 = mix();
    this.s2 = mix();
    this.s3 = mix();
  }

  /** Recreates a generator from {@link Random.getState}. */
  static fromState(state: RandomState): Random {
    const random = new Random(0);
    random.setState(state);
    return random;
  }

  /** The generator's state, to store in a checkpoint. */
  getState(): RandomState {
    return [this.s0, this.s1, this.s2, this.s3];
  }

  /** Restores a state from {@link Random.getState}. */
  setState(state: RandomState): void {
    const words: unknown = state;
    if (!Array.isArray(words) || words.length !== 4 || !words.every((word) => Number.isInteger(word) && word >= 0 && word <= 0xffffffff)) {
      throw new TypeError(`random state must be four unsigned 32-bit integers, got ${JSON.stringify(state)}`);
    }
    if (state.every((word) => word === 0)) {
      throw new RangeError('random state must not be all zero (xoshiro would emit only zeros)');
    }
    [this.s0, this.s1, this.s2, this.s3] = state;
  }

  /** The next unsigned 32-bit integer of the stream. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A float uniform in [0, 1), with 32 bits of randomness. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A float uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /**
   * An integer uniform in [min, max], both ends included.
   * @example new Random(1).int(1, 6) // a die roll
   */
  int(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new RangeError(`int(min, max) needs integers with min <= max, got ${min}, ${max}`);
    }
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** `1` with probability `p`, else `0`. */
  bernoulli(p = 0.5): 0 | 1 {
    return this.next() < p ? 1 : 0;
  }

  /** A normal sample (Box–Muller; two uniforms per sample, so the stream never caches). */
  normal(mean = 0, stddev = 1): number {
    // 1 - next() is in (0, 1], so the log is finite.
    const u1 = 1 - this.next();
    const u2 = this.next();
    return mean + stddev * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /**
   * A sample of Beta(½, ½) (the arcsine law): `sin²(πU/2)` for uniform U, exactly.
   * The dynamic N-grams task draws its 32 probabilities from it.
   */
  betaHalfHalf(): number {
    const s = Math.sin((Math.PI * this.next()) / 2);
    return s * s;
  }

  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const swap = items[i] as T;
      items[i] = items[j] as T;
      items[j] = swap;
    }
    return items;
  }

  /**
   * A new generator seeded from this one: an independent stream for a sub-task
   * (say, the held-out set) that does not disturb this stream's later numbers more than one draw.
   */
  split(): Random {
    return new Random(this.nextUint32());
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
