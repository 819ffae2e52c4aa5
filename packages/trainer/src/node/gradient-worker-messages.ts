/**
 * The messages between `NodeGradientWorkers` (the trainer's thread) and `serveGradientWorker`
 * (each worker thread). Plain data: typed arrays and numbers cross by structured clone, the
 * parameter and gradient buffers by transfer.
 */
import type { Batch } from '@ntm/tasks';
import type { BatchScore } from '../evaluation.js';
import type { ReplicaSpec } from '../gradient-workers.js';

/** Marks a thread's `workerData` as a gradient worker's, so one program file can serve both roles. */
export const GRADIENT_WORKER_MARKER = '@ntm/trainer/gradient-worker@1';

/** The `workerData` of a gradient worker thread. */
export interface GradientWorkerData {
  readonly marker: typeof GRADIENT_WORKER_MARKER;
  /** 1-based, for messages: the trainer's thread is thread 0. */
  readonly index: number;
  readonly replica: ReplicaSpec;
}

/** Trainer → worker: set the replica's weights, then compute the gradients of a shard. */
export interface ComputeRequest {
  readonly kind: 'compute';
  readonly id: number;
  /** Every parameter's values, in `ReplicaSpec.parameterPaths` order. */
  readonly parameters: Float32Array[];
  readonly shard: Batch;
}

/** Trainer → worker: set the replica's weights, then score batches of an evaluation set, forward only. */
export interface ScoreRequest {
  readonly kind: 'score';
  readonly id: number;
  readonly parameters: Float32Array[];
  /** A key of `ReplicaSpec.evaluationSets`. */
  readonly set: string;
  readonly indices: readonly number[];
}

/** What a worker is asked. */
export type WorkerRequest = ComputeRequest | ScoreRequest;

/** Worker → trainer. `id: null` on an error means the worker could not start at all. */
export type WorkerReply =
  | {
      readonly kind: 'result';
      readonly id: number;
      readonly sequences: number;
      readonly cost: number;
      readonly bitErrors: number;
      readonly gradients: Float32Array[];
    }
  | { readonly kind: 'scores'; readonly id: number; readonly scores: BatchScore[] }
  | { readonly kind: 'error'; readonly id: number | null; readonly message: string; readonly stack: string | undefined };
