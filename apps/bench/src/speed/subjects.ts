import type { NtmBackend } from '@ntm/backend';
import { Random } from '@ntm/random';
import { batchToTensors, createCopyTask, type Batch } from '@ntm/tasks';
import { DEFAULT_GRADIENT_SHARDS, Trainer } from '@ntm/trainer';
import { nodeGradientWorkers } from '@ntm/trainer/node';
import { NaiveTrainer } from '../baseline/naive-training.js';

/**
 * The implementations a row of the benchmark compares: the library on one thread, the naive
 * baseline, and the library with data-parallel gradient workers (`SpeedPlan.parallel`).
 */
export const IMPLEMENTATIONS = ['library', 'baseline', 'library-workers'] as const;
/** One of {@link IMPLEMENTATIONS}. */
export type Implementation = (typeof IMPLEMENTATIONS)[number];

/**
 * How reports name an implementation: `library, 2 workers` for the data-parallel library.
 * @example implementationLabel('library-workers', 2) // 'library, 2 workers'
 */
export function implementationLabel(implementation: Implementation, workers: number | undefined): string {
  return implementation === 'library-workers' ? `library, ${workers ?? '?'} workers` : implementation;
}

/**
 * One implementation of the copy-task NTM-LSTM, ready to be timed at one batch size: the
 * library (`Trainer.trainStep`, its full step: batch, forward, loss, gradients, NaN guard,
 * clipping, Adam), the library on several threads (`Trainer.trainStepAsync` with `workers`),
 * or the naive baseline (`optimizer.minimize`).
 */
export interface BenchSubject {
  readonly implementation: Implementation;
  readonly parameterCount: number;
  /** Draws the next batch and makes one training update on it (resolved once it is made). */
  trainStep(): void | Promise<void>;
  /** Runs the model forward on a fixed batch and reads the bit probabilities back. */
  forward(): void;
  dispose(): void;
}

/** Where a subject's copy episodes come from: every one of `sequenceLength` vectors. */
export interface SubjectOptions {
  readonly batchSize: number;
  readonly sequenceLength: number;
  readonly seed: number;
}

/** Data-parallel gradients for {@link createLibrarySubject}: how many workers, and the script their threads run. */
export interface ParallelOptions {
  /** W: threads, the trainer's and W − 1 worker threads, sharing the batch's shards (at least W of them). */
  readonly workers: number;
  /** The bench bundle itself, which serves gradients when started as a worker thread. */
  readonly script: string | URL;
}

/**
 * The library's side: a {@link Trainer} for the copy task with the paper's NTM-LSTM, Adam
 * 1e-3 and the trainer's default clipping, on fixed-length episodes; with `parallel`, the same
 * trainer with data-parallel gradient workers (implementation `library-workers`).
 *
 * @example const subject = createLibrarySubject(backend, { batchSize: 32, sequenceLength: 20, seed: 1 });
 */
export function createLibrarySubject(backend: NtmBackend, options: SubjectOptions, parallel?: ParallelOptions): BenchSubject {
  const trainer = Trainer.create(
    backend,
    {
      task: 'copy',
      taskConfig: { minLength: options.sequenceLength, maxLength: options.sequenceLength },
      model: { preset: 'ntm-lstm' },
      optimizer: { kind: 'adam', learningRate: 1e-3 },
      batchSize: options.batchSize,
      seed: options.seed,
      // Held-out batches are drawn when the trainer is made; keep them few (never evaluated here).
      evaluation: { sequences: 1 },
      // The trainer's default shards for both rows, so that they compute the same bits; more where more threads share them.
      gradientShards: Math.max(DEFAULT_GRADIENT_SHARDS, parallel?.workers ?? 1),
      workers: parallel?.workers ?? 1,
    },
    parallel ? { gradientWorkers: nodeGradientWorkers({ script: parallel.script }) } : {},
  );
  const forwardBatch = fixedBatch(options);
  return {
    implementation: parallel ? 'library-workers' : 'library',
    parameterCount: trainer.model.parameters.trainable().reduce((total, { variable }) => total + variable.shape.reduce((size, length) => size * length, 1), 0),
    trainStep: parallel
      ? async () => {
          await trainer.trainStepAsync();
        }
      : () => {
          trainer.trainStep();
        },
    forward: () => {
      const probabilities = backend.tidy(() => backend.sigmoid(trainer.model.run(batchToTensors(backend, forwardBatch).inputs).logits));
      backend.readSync(probabilities);
      backend.dispose(probabilities);
    },
    dispose: () => trainer.dispose(),
  };
}

/**
 * The baseline's side: the naive op-by-op NTM with `tf.train.adam(1e-3).minimize`.
 * @example const subject = createBaselineSubject({ batchSize: 32, sequenceLength: 20, seed: 1 });
 */
export function createBaselineSubject(options: SubjectOptions): BenchSubject {
  const trainer = new NaiveTrainer({
    batchSize: options.batchSize,
    seed: options.seed,
    minLength: options.sequenceLength,
    maxLength: options.sequenceLength,
  });
  const forwardBatch = fixedBatch(options);
  return {
    implementation: 'baseline',
    parameterCount: trainer.model.parameterCount(),
    trainStep: () => {
      trainer.trainStep();
    },
    forward: () => {
      trainer.predict(forwardBatch);
    },
    dispose: () => trainer.dispose(),
  };
}

function fixedBatch(options: SubjectOptions): Batch {
  const task = createCopyTask({ minLength: options.sequenceLength, maxLength: options.sequenceLength });
  return task.sample(new Random(options.seed + 7919), options.batchSize);
}
