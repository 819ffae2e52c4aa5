import type { Batch } from './batch.js';

/**
 * A per-sequence quantity and its mean over the batch.
 * @example
 * ```ts
 * const { mean, perSequence } = bitErrorsPerSequence(outputs, batch);
 * const worst = Math.max(...perSequence);
 * ```
 */
export interface SequenceMetric {
  /** The mean over the batch's sequences. */
  readonly mean: number;
  /** One value per sequence: `[B]`. */
  readonly perSequence: Float64Array;
}

/**
 * Options of {@link bitsPerSequence}.
 * @example bitsPerSequence(outputs, batch, { epsilon: 1e-6 });
 */
export interface BitsPerSequenceOptions {
  /**
   * Probabilities are clamped to [ε, 1 − ε] so a confident wrong bit costs at most
   * −log₂ ε (≈ 23.3 bits for the default 1e-7) instead of infinity.
   */
  readonly epsilon?: number;
}

/**
 * The default clamp of {@link bitsPerSequence}.
 * @example -Math.log2(DEFAULT_PROBABILITY_EPSILON); // ≈ 23.3 bits, the most one output bit can cost
 */
export const DEFAULT_PROBABILITY_EPSILON = 1e-7;

/**
 * The paper's cost: binary cross-entropy in bits, summed over every output channel of every
 * scored step of a sequence, averaged over the batch:
 * `cost_b = −Σ_t mask[t,b] Σ_c (y log₂ p + (1 − y) log₂(1 − p))`.
 *
 * `probabilities` are the model's sigmoid outputs (not logits), `[T, B, outputSize]` like
 * `batch.targets`; sums run in float64.
 *
 * @example
 * ```ts
 * const batch = createCopyTask().sample(new Random(1), 32);
 * const guess = new Float32Array(batch.targets.length).fill(0.5);
 * bitsPerSequence(guess, batch).mean; // = 8 · (mean length): one bit per scored output bit
 * ```
 */
export function bitsPerSequence(probabilities: ArrayLike<number>, batch: Batch, options: BitsPerSequenceOptions = {}): SequenceMetric {
  const epsilon = options.epsilon ?? DEFAULT_PROBABILITY_EPSILON;
  if (!(epsilon > 0 && epsilon < 0.5)) {
    throw new RangeError(`bitsPerSequence: options.epsilon must be in (0, 0.5), got ${epsilon}`);
  }
  return sumOverScoredBits('bitsPerSequence', probabilities, batch, (probability, target) => {
    const p = Math.min(Math.max(probability, epsilon), 1 - epsilon);
    return -(target * Math.log2(p) + (1 - target) * Math.log2(1 - p));
  });
}

/**
 * Bit errors per sequence: outputs thresholded at 0.5 (p ≥ 0.5 reads as 1) and compared with
 * the targets over every channel of every scored step, averaged over the batch. Collier &
 * Beel call a copy run converged below 0.1.
 *
 * @example
 * ```ts
 * const batch = createCopyTask().sample(new Random(1), 32);
 * bitErrorsPerSequence(batch.targets, batch).mean; // 0: the targets themselves make no errors
 * ```
 */
export function bitErrorsPerSequence(probabilities: ArrayLike<number>, batch: Batch): SequenceMetric {
  return sumOverScoredBits('bitErrorsPerSequence', probabilities, batch, (probability, target) =>
    (probability >= 0.5 ? 1 : 0) === (target >= 0.5 ? 1 : 0) ? 0 : 1,
  );
}

function sumOverScoredBits(
  functionName: string,
  probabilities: ArrayLike<number>,
  batch: Batch,
  costOfBit: (probability: number, target: number) => number,
): SequenceMetric {
  const { steps, batchSize, outputSize } = batch.shape;
  if (probabilities === null || typeof probabilities !== 'object' || probabilities.length !== batch.targets.length) {
    const got = probabilities === null || typeof probabilities !== 'object' ? String(probabilities) : `length ${probabilities.length}`;
    throw new RangeError(
      `${functionName}: probabilities must match the targets, [T, B, outputSize] = [${steps}, ${batchSize}, ${outputSize}] ` +
        `(${batch.targets.length} values), got ${got}`,
    );
  }
  const perSequence = new Float64Array(batchSize);
  for (let step = 0; step < steps; step++) {
    for (let episode = 0; episode < batchSize; episode++) {
      const row = step * batchSize + episode;
      const weight = batch.mask[row] as number;
      if (weight === 0) continue;
      let total = 0;
      for (let channel = 0; channel < outputSize; channel++) {
        const index = row * outputSize + channel;
        total += costOfBit(probabilities[index] as number, batch.targets[index] as number);
      }
      perSequence[episode] = (perSequence[episode] as number) + weight * total;
    }
  }
  const mean = perSequence.reduce((sum, value) => sum + value, 0) / batchSize;
  return { mean, perSequence };
}
