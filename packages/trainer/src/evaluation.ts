import type { SequenceModel } from '@ntm/machine';
import { Random } from '@ntm/random';
import { batchToTensors, bayesOptimalNgramCost, bitErrorsPerSequence, bitsPerSequence, type Batch, type DynamicNgramsBatch, type Task } from '@ntm/tasks';

/** Cost and bit errors of a model on some batches. */
export interface EvaluationResult {
  /** Binary cross-entropy in bits per sequence, averaged over the sequences. */
  readonly cost: number;
  /** Bit errors per sequence after thresholding at 0.5, averaged over the sequences. */
  readonly bitErrors: number;
  readonly sequences: number;
  /**
   * The Bayes-optimal predictor's cost on the same sequences, bits per sequence: the floor a
   * model's cost is measured against on dynamic N-grams (docs/math.md §4); null on other tasks,
   * which have no such predictor.
   */
  readonly optimalCost: number | null;
}

/**
 * Draws a fixed held-out set: `sequences` episodes in batches of at most `batchSize`, from
 * its own seed, so every evaluation of a run (and of a resumed run) sees the same episodes.
 *
 * @example
 * ```ts
 * const heldOut = heldOutBatches(createTask('copy'), 128, 999, 64);
 * ```
 */
export function heldOutBatches(task: Task, sequences: number, seed: number, batchSize: number): Batch[] {
  const random = new Random(seed);
  const batches: Batch[] = [];
  for (let remaining = sequences; remaining > 0; remaining -= batchSize) {
    batches.push(task.sample(random, Math.min(batchSize, remaining)));
  }
  return batches;
}

/**
 * Runs a model forward on batches and scores it with the paper's metrics (docs/math.md §4).
 * Frees every tensor it makes.
 *
 * @example
 * ```ts
 * const { cost, bitErrors } = evaluateModel(model, heldOutBatches(task, 128, 999, 64));
 * ```
 */
export function evaluateModel(model: SequenceModel, batches: readonly Batch[]): EvaluationResult {
  const { backend } = model;
  let cost = 0;
  let bitErrors = 0;
  let sequences = 0;
  let optimalCost = 0;
  const ngrams = batches.length > 0 && batches.every((batch) => batch.taskName === 'dynamic-ngrams');
  for (const batch of batches) {
    const probabilities = backend.tidy(() => {
      const { inputs } = batchToTensors(backend, batch);
      return backend.sigmoid(model.run(inputs).logits); // [time, batch, outputs]
    });
    const values = backend.readSync(probabilities);
    backend.dispose(probabilities);
    const count = batch.shape.batchSize;
    cost += bitsPerSequence(values, batch).mean * count;
    bitErrors += bitErrorsPerSequence(values, batch).mean * count;
    sequences += count;
    if (ngrams) optimalCost += bayesOptimalNgramCost(batch as DynamicNgramsBatch).mean * count;
  }
  return { cost: cost / sequences, bitErrors: bitErrors / sequences, sequences, optimalCost: ngrams ? optimalCost / sequences : null };
}
