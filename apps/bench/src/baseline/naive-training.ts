import * as tf from '@tensorflow/tfjs-core';
// tfjs-core registers no gradients by itself ("gradient function not found for Add");
// `minimize` needs them. Loads under vite, vitest and esbuild, not plain Node ESM (docs/toolchain.md).
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { Random } from '@ntm/random';
import { createCopyTask, type Batch, type Task } from '@ntm/tasks';
import { NaiveNtm } from './naive-ntm.js';

/**
 * The training loss written the first way tfjs offers: `tf.losses.sigmoidCrossEntropy` with
 * the mask as weights, summed and turned into bits per sequence (the paper's cost, docs/math.md §4).
 *
 * @param logits `[T, B, outputs]`
 * @param targets `[T, B, outputs]`
 * @param mask `[T, B]`
 * @example const cost = naiveLossBits(model.forward(inputs), targets, mask); // scalar, bits per sequence
 */
export function naiveLossBits(logits: tf.Tensor3D, targets: tf.Tensor3D, mask: tf.Tensor2D): tf.Scalar {
  const [steps, batch] = logits.shape;
  const weights = tf.reshape(mask, [steps, batch, 1]); // [T, B, 1]
  const nats = tf.losses.sigmoidCrossEntropy(targets, logits, weights, 0, tf.Reduction.SUM);
  return tf.div(nats, batch * Math.LN2) as tf.Scalar;
}

/** Options of {@link NaiveTrainer}. */
export interface NaiveTrainerOptions {
  readonly batchSize: number;
  /** Seeds the weights and the batches. */
  readonly seed: number;
  /** Copy-task lengths (default 20 to 20: the benchmark's fixed length). */
  readonly minLength?: number;
  readonly maxLength?: number;
}

/**
 * The naive NTM's training loop as a first tfjs program would write it: draw a copy batch,
 * upload it, `tf.train.adam(1e-3).minimize(loss)`. No gradient clipping, no NaN guard (the
 * library does both, so it does a little more work per step than this).
 *
 * @example
 * ```ts
 * const trainer = new NaiveTrainer({ batchSize: 32, seed: 1 });
 * const cost = trainer.trainStep(); // bits per sequence before the update
 * trainer.dispose();
 * ```
 */
export class NaiveTrainer {
  readonly model: NaiveNtm;
  readonly task: Task;
  private readonly optimizer = tf.train.adam(1e-3);
  private readonly random: Random;

  constructor(readonly options: NaiveTrainerOptions) {
    this.task = createCopyTask({ minLength: options.minLength ?? 20, maxLength: options.maxLength ?? 20 });
    this.model = new NaiveNtm({ inputSize: this.task.inputSize, outputSize: this.task.outputSize }, options.seed);
    this.random = new Random(options.seed).split();
  }

  /** Draws the next batch and trains on it; returns the cost before the update, bits per sequence. */
  trainStep(): number {
    return this.trainOnBatch(this.task.sample(this.random, this.options.batchSize));
  }

  /** One Adam update on a given batch; returns its cost before the update, bits per sequence. */
  trainOnBatch(batch: Batch): number {
    const cost = tf.tidy(() => {
      const { inputs, targets, mask } = uploadBatch(batch);
      return this.optimizer.minimize(() => naiveLossBits(this.model.forward(inputs), targets, mask), true, this.model.variables) as tf.Scalar;
    });
    const value = cost.dataSync()[0] as number;
    cost.dispose();
    return value;
  }

  /** The forward pass alone: bit probabilities `[T, B, outputs]`, read back. */
  predict(batch: Batch): Float32Array {
    const probabilities = tf.tidy(() => tf.sigmoid(this.model.forward(uploadBatch(batch).inputs)));
    const values = probabilities.dataSync() as Float32Array;
    probabilities.dispose();
    return values;
  }

  /** Frees the model and the optimiser's slots. */
  dispose(): void {
    this.optimizer.dispose();
    this.model.dispose();
  }
}

function uploadBatch(batch: Batch): { inputs: tf.Tensor3D; targets: tf.Tensor3D; mask: tf.Tensor2D } {
  const { steps, batchSize, inputSize, outputSize } = batch.shape;
  return {
    inputs: tf.tensor3d(batch.inputs, [steps, batchSize, inputSize]),
    targets: tf.tensor3d(batch.targets, [steps, batchSize, outputSize]),
    mask: tf.tensor2d(batch.mask, [steps, batchSize]),
  };
}
