import type { DynamicNgramsBatch } from './dynamic-ngrams.js';
import { bitsPerSequence, type SequenceMetric } from './metrics.js';

/**
 * Options of {@link bayesOptimalNgramPredictions}.
 * @example const lastSteps: BayesNgramOptions = { window: 128 }; // a memory of 128 slots, one written a step
 */
export interface BayesNgramOptions {
  /**
   * Count only the evidence of the last `window` steps before each prediction (a step's
   * evidence: its context and the bit that followed). The default, `Infinity`, counts the whole
   * sequence so far: the Bayes optimum. A finite window is what a model that writes one memory
   * slot a step keeps once its write head wraps round its N slots.
   */
  readonly window?: number;
}

/**
 * The Bayes-optimal predictor of the dynamic N-grams task (paper §4.4): with a Beta(½, ½)
 * prior on each context's probability, the posterior predictive after seeing that context
 * followed by N1 ones and N0 zeros earlier in the same sequence is
 * `P(1 | context) = (N1 + ½) / (N1 + N0 + 1)`.
 *
 * Counts are taken over the scored steps only (the ones whose next bit came from the table with
 * a full context), in order, each prediction made before its own bit is counted; with
 * `options.window`, only over the last `window` steps. Returns the per-step P(1), `[T, B, 1]`
 * like `batch.targets`; 0.5 on unscored and padding steps.
 *
 * @example
 * ```ts
 * const batch = dynamicNgramsBatchFromBits([[1, 0, 1, 1, 0]], 2);
 * bayesOptimalNgramPredictions(batch); // [0.5, 0.5, 0.5, 0.5]: no context repeats yet
 * bayesOptimalNgramPredictions(batch, { window: 2 }); // the same predictor, looking back 2 steps
 * ```
 */
export function bayesOptimalNgramPredictions(batch: DynamicNgramsBatch, options: BayesNgramOptions = {}): Float64Array {
  requireNgramBatch(batch);
  const window = options.window ?? Number.POSITIVE_INFINITY;
  if (!(window >= 1) || (Number.isFinite(window) && !Number.isInteger(window))) {
    throw new RangeError(`bayesOptimalNgramPredictions: options.window must be an integer >= 1 or Infinity, got ${String(window)}`);
  }
  const { steps, batchSize } = batch.shape;
  const tableSize = 2 ** batch.contextBits;
  const predictions = new Float64Array(steps * batchSize).fill(0.5);
  const ones = new Uint32Array(tableSize);
  const zeros = new Uint32Array(tableSize);
  // The context of each counted step (-1: not counted), so that it can leave the window.
  const countedContext = new Int32Array(steps);
  for (let episode = 0; episode < batchSize; episode++) {
    ones.fill(0);
    zeros.fill(0);
    countedContext.fill(-1);
    let context = 0;
    const length = batch.lengths[episode] as number;
    for (let step = 0; step < length; step++) {
      const row = step * batchSize + episode;
      // The context ending at b_t: the c most recent inputs, oldest bit most significant.
      context = ((context << 1) | (batch.inputs[row] === 1 ? 1 : 0)) & (tableSize - 1);
      // The evidence of step − window − 1 leaves the window before this step's prediction.
      const leaving = step - window - 1;
      if (leaving >= 0 && (countedContext[leaving] as number) >= 0) {
        const leavingContext = countedContext[leaving] as number;
        if (batch.targets[leaving * batchSize + episode] === 1) ones[leavingContext] = (ones[leavingContext] as number) - 1;
        else zeros[leavingContext] = (zeros[leavingContext] as number) - 1;
      }
      if (batch.mask[row] === 0) continue;
      const seenOnes = ones[context] as number;
      const seenZeros = zeros[context] as number;
      predictions[row] = (seenOnes + 0.5) / (seenOnes + seenZeros + 1);
      if (batch.targets[row] === 1) ones[context] = seenOnes + 1;
      else zeros[context] = seenZeros + 1;
      countedContext[step] = context;
    }
  }
  return predictions;
}

/**
 * The Bayes-optimal predictor's cost on a batch, in bits per sequence over the same scored
 * steps as the model's ({@link bitsPerSequence} of {@link bayesOptimalNgramPredictions}):
 * the optimum the paper plots (≈ 133 bits for 6-grams over 200 bits); with `options.window`,
 * the cost of the same predictor looking back only that many steps.
 *
 * @example
 * ```ts
 * const batch = createDynamicNgramsTask().sample(new Random(1), 64);
 * const optimum = bayesOptimalNgramCost(batch).mean;   // ≈ 133
 * const model = bitsPerSequence(modelOutputs, batch).mean; // compare: the paper's NTM ≈ 134
 * ```
 */
export function bayesOptimalNgramCost(batch: DynamicNgramsBatch, options: BayesNgramOptions = {}): SequenceMetric {
  return bitsPerSequence(bayesOptimalNgramPredictions(batch, options), batch);
}

function requireNgramBatch(batch: DynamicNgramsBatch): void {
  if (batch?.taskName !== 'dynamic-ngrams' || !Number.isInteger(batch.contextBits) || batch.shape.outputSize !== 1) {
    throw new TypeError(
      `bayesOptimalNgramPredictions: batch must come from the dynamic-ngrams task (or dynamicNgramsBatchFromBits), got a ${String(batch?.taskName)} batch`,
    );
  }
}
