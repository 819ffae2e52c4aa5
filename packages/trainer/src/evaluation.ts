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
 * Draws a fixed held-out set: `sequences` episodes from its own seed, so every evaluation of a
 * run (and of a resumed run) sees the same episodes. They are drawn in order, then grouped into
 * batches of at most `batchSize` by length (shortest first) when their lengths differ: a batch
 * runs for its longest episode's steps, so grouping like with like skips most of the padding
 * (repeat copy's episodes run from 4 to 112 steps). The set, and so every mean over it, is the
 * same either way.
 *
 * @example
 * ```ts
 * const heldOut = heldOutBatches(createTask('copy'), 512, 999, 64);
 * ```
 */
export function heldOutBatches(task: Task, sequences: number, seed: number, batchSize: number): Batch[] {
  const random = new Random(seed);
  const drawn: Batch[] = [];
  for (let remaining = sequences; remaining > 0; remaining -= batchSize) {
    drawn.push(task.sample(random, Math.min(batchSize, remaining)));
  }
  const lengths = drawn.flatMap((batch) => Array.from(batch.lengths));
  if (lengths.every((length) => length === lengths[0])) return drawn;
  // Every episode as (batch, index), stably sorted by length.
  const episodes = drawn.flatMap((batch, batchIndex) => Array.from(batch.lengths, (length, index) => ({ batchIndex, index, length })));
  episodes.sort((a, b) => a.length - b.length);
  const grouped: Batch[] = [];
  for (let start = 0; start < episodes.length; start += batchSize) {
    grouped.push(gatherEpisodes(drawn, episodes.slice(start, start + batchSize)));
  }
  return grouped;
}

/** A batch of the given episodes of some batches (all of one task), its steps cut to the longest of them. */
function gatherEpisodes(batches: readonly Batch[], picks: readonly { readonly batchIndex: number; readonly index: number; readonly length: number }[]): Batch {
  const first = batches[0] as Batch;
  const { inputSize, outputSize } = first.shape;
  const count = picks.length;
  const steps = Math.max(1, ...picks.map((pick) => pick.length));
  const inputs = new Float32Array(steps * count * inputSize);
  const targets = new Float32Array(steps * count * outputSize);
  const mask = new Float32Array(steps * count);
  picks.forEach(({ batchIndex, index }, column) => {
    const source = batches[batchIndex] as Batch;
    const sourceBatchSize = source.shape.batchSize;
    const sourceSteps = Math.min(steps, source.shape.steps);
    // [T, B, channels]: copy episode `index`'s row of every step into column `column`.
    for (let step = 0; step < sourceSteps; step++) {
      const from = step * sourceBatchSize + index;
      const to = step * count + column;
      inputs.set(source.inputs.subarray(from * inputSize, (from + 1) * inputSize), to * inputSize);
      targets.set(source.targets.subarray(from * outputSize, (from + 1) * outputSize), to * outputSize);
      mask[to] = source.mask[from] as number;
    }
  });
  return {
    taskName: first.taskName,
    shape: { steps, batchSize: count, inputSize, outputSize },
    inputs,
    targets,
    mask,
    lengths: Int32Array.from(picks, (pick) => pick.length),
  };
}

/**
 * One batch's figures as sums over its sequences (not means), so that batches scored apart, on
 * any thread, add up to the whole set's figures: {@link summarizeScores} adds them in order.
 */
export interface BatchScore {
  readonly sequences: number;
  /** Σ over the batch's sequences of the cost, bits per sequence. */
  readonly cost: number;
  /** Σ over the batch's sequences of the bit errors. */
  readonly bitErrors: number;
  /** Σ of the Bayes-optimal predictor's cost (dynamic N-grams only; null on other tasks). */
  readonly optimalCost: number | null;
}

/**
 * Runs a model forward on one batch and scores it with the paper's metrics (docs/math.md §4).
 * Frees every tensor it makes.
 *
 * @example scoreBatch(model, heldOut[0]).bitErrors / heldOut[0].shape.batchSize // bit errors per sequence
 */
export function scoreBatch(model: SequenceModel, batch: Batch): BatchScore {
  const { backend } = model;
  const probabilities = backend.tidy(() => {
    const { inputs } = batchToTensors(backend, batch);
    return backend.sigmoid(model.run(inputs).logits); // [time, batch, outputs]
  });
  const values = backend.readSync(probabilities);
  backend.dispose(probabilities);
  const count = batch.shape.batchSize;
  return {
    sequences: count,
    cost: bitsPerSequence(values, batch).mean * count,
    bitErrors: bitErrorsPerSequence(values, batch).mean * count,
    optimalCost: batch.taskName === 'dynamic-ngrams' ? bayesOptimalNgramCost(batch as DynamicNgramsBatch).mean * count : null,
  };
}

/**
 * The means over a set from its batches' scores, added in the order given: the same scores
 * give the same bits, whichever threads computed them.
 *
 * @example summarizeScores(heldOut.map((batch) => scoreBatch(model, batch))).bitErrors
 */
export function summarizeScores(scores: readonly BatchScore[]): EvaluationResult {
  let cost = 0;
  let bitErrors = 0;
  let sequences = 0;
  let optimalCost = 0;
  const ngrams = scores.length > 0 && scores.every((score) => score.optimalCost !== null);
  for (const score of scores) {
    cost += score.cost;
    bitErrors += score.bitErrors;
    sequences += score.sequences;
    if (ngrams) optimalCost += score.optimalCost as number;
  }
  return { cost: cost / sequences, bitErrors: bitErrors / sequences, sequences, optimalCost: ngrams ? optimalCost / sequences : null };
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
  return summarizeScores(batches.map((batch) => scoreBatch(model, batch)));
}
