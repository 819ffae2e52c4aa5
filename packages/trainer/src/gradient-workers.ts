/**
 * The contract between the trainer and data-parallel gradient workers: types only, so the
 * trainer's main entry stays free of any platform's threads (Node's `worker_threads` live in
 * `@ntm/trainer/node`; a browser could implement the same with web workers).
 */
import type { ModelConfig } from '@ntm/machine';
import type { Batch } from '@ntm/tasks';
import type { BatchScore } from './evaluation.js';

/** The gradients of one shard of a batch, as plain arrays (what crosses a thread boundary). */
export interface ShardGradients {
  /** Sequences in the shard: its weight in the batch is `sequences / batch size`. */
  readonly sequences: number;
  /** The shard's loss, bits per sequence averaged over its own sequences. */
  readonly cost: number;
  /** The shard's bit errors per sequence, averaged over its own sequences. */
  readonly bitErrors: number;
  /** d cost / d parameter for each trainable parameter, in `model.parameters.trainable()` order. */
  readonly gradients: Float32Array[];
}

/** What a worker needs to build its own replica of the trainer's model. */
export interface ReplicaSpec {
  /** The registered backend name the trainer runs on (`tfjs-wasm`): each worker creates its own. */
  readonly backendName: string;
  /** The model's config; the replica is built from it, then takes the trainer's weights. */
  readonly model: ModelConfig;
  /** Every parameter's path, in `model.parameters.list()` order: the order of the values sent. */
  readonly parameterPaths: readonly string[];
  /** The trainable parameters' paths, in order: the order of the gradients returned. */
  readonly trainablePaths: readonly string[];
  /**
   * The trainer's fixed evaluation sets by name (`validation`, `quick`): sent once, when the
   * threads start, so that an evaluation's requests name batches instead of carrying them.
   */
  readonly evaluationSets: Readonly<Record<string, readonly Batch[]>>;
}

/**
 * Threads that compute the gradients of batch shards on replicas of the trainer's model, for
 * `Trainer`'s data-parallel steps (`workers` > 1), and score its evaluation sets' batches.
 * They hold no optimiser and no state but the replica and the evaluation sets: every request
 * carries the current weights.
 *
 * @example
 * ```ts
 * const results = await workers.computeShards(parameterValues, [shardOne, shardTwo]);
 * results[0].gradients; // shard one's gradients, one Float32Array per trainable parameter
 * ```
 */
export interface GradientWorkers {
  /** How many threads there are: shard i of a request goes to thread i mod threads. */
  readonly threads: number;
  /**
   * Sets every replica's parameters to `parameters` (values in `ReplicaSpec.parameterPaths`
   * order; the caller's arrays are not modified or transferred) and computes the gradients of
   * each shard on its own, `shards[i]` on thread i mod {@link threads}; the results in the
   * order of `shards`. Rejects with an Error naming the worker if a worker fails or exits.
   */
  computeShards(parameters: readonly Float32Array[], shards: readonly Batch[]): Promise<ShardGradients[]>;
  /**
   * Sets every replica's parameters to `parameters`, as {@link computeShards} does, and scores
   * batches `indices` of the evaluation set `set` (`ReplicaSpec.evaluationSets`), forward
   * only: index `indices[i]` on thread i mod {@link threads}; the scores in the order of `indices`.
   */
  scoreBatches(parameters: readonly Float32Array[], set: string, indices: readonly number[]): Promise<BatchScore[]>;
  /** Stops every thread. Safe to call twice. */
  dispose(): void;
}

/**
 * Starts `threads` gradient workers for a replica. `Trainer.create` and `Trainer.resume` take
 * one in their options and call it when the config asks for `workers` > 1 (with
 * `threads = workers − 1`: the trainer's own thread computes shards too).
 *
 * @example
 * ```ts
 * import { nodeGradientWorkers } from '@ntm/trainer/node';
 * const trainer = Trainer.create(backend, { task: 'copy', workers: 2 }, { gradientWorkers: nodeGradientWorkers({ script }) });
 * ```
 */
export type GradientWorkersFactory = (replica: ReplicaSpec, threads: number) => GradientWorkers;
