import type { Random } from '@ntm/random';
import type { Batch } from './batch.js';

/**
 * The names of the paper's five tasks (§4), as `createTask` accepts them.
 * @example const name: TaskName = 'associative-recall';
 */
export type TaskName = 'copy' | 'repeat-copy' | 'associative-recall' | 'dynamic-ngrams' | 'priority-sort';

/**
 * A task: a seeded generator of batches plus the sizes a model needs to be built for it.
 * Every output channel is a bit (a sigmoid output scored with binary cross-entropy).
 *
 * @example
 * ```ts
 * const task = createTask('copy', { maxLength: 20 });
 * const random = new Random(1);
 * const batch = task.sample(random, 32); // the same seed gives the same batches everywhere
 * console.log(task.inputSize, task.outputSize, batch.shape.steps);
 * ```
 */
export interface Task<TConfig extends object = object, TBatch extends Batch = Batch> {
  readonly name: TaskName;
  /** The resolved config: the paper's defaults with the caller's overrides. */
  readonly config: Readonly<TConfig>;
  /** Input channels per step. */
  readonly inputSize: number;
  /** Output channels per step. */
  readonly outputSize: number;
  /** Steps of the longest episode this config can produce (to size buffers or warn early). */
  readonly maxSteps: number;
  /**
   * Draws `batchSize` episodes from `random`, advancing it; episodes are drawn one after the
   * other, so the same generator state always gives the same batch.
   */
  sample(random: Random, batchSize: number): TBatch;
  /** One line on the channel layout, for logs and docs. */
  describe(): string;
}
