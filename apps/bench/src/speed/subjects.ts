import type { NtmBackend } from '@ntm/backend';
import { Random } from '@ntm/random';
import { batchToTensors, createCopyTask, type Batch } from '@ntm/tasks';
import { Trainer } from '@ntm/trainer';
import { NaiveTrainer } from '../baseline/naive-training.js';

/** The two implementations a row of the benchmark compares. */
export const IMPLEMENTATIONS = ['library', 'baseline'] as const;
/** One of {@link IMPLEMENTATIONS}. */
export type Implementation = (typeof IMPLEMENTATIONS)[number];

/**
 * One implementation of the copy-task NTM-LSTM, ready to be timed at one batch size: the
 * library (`Trainer.trainStep`, its full step: batch, forward, loss, gradients, NaN guard,
 * clipping, Adam) or the naive baseline (`optimizer.minimize`).
 */
export interface BenchSubject {
  readonly implementation: Implementation;
  readonly parameterCount: number;
  /** Draws the next batch and makes one training update on it. */
  trainStep(): void;
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

/**
 * The library's side: a {@link Trainer} for the copy task with the paper's NTM-LSTM, Adam
 * 1e-3 and the trainer's default clipping, on fixed-length episodes.
 *
 * @example const subject = createLibrarySubject(backend, { batchSize: 32, sequenceLength: 20, seed: 1 });
 */
export function createLibrarySubject(backend: NtmBackend, options: SubjectOptions): BenchSubject {
  const trainer = Trainer.create(backend, {
    task: 'copy',
    taskConfig: { minLength: options.sequenceLength, maxLength: options.sequenceLength },
    model: { preset: 'ntm-lstm' },
    optimizer: { kind: 'adam', learningRate: 1e-3 },
    batchSize: options.batchSize,
    seed: options.seed,
    // Held-out batches are drawn when the trainer is made; keep them few (never evaluated here).
    evaluation: { sequences: 1 },
  });
  const forwardBatch = fixedBatch(options);
  return {
    implementation: 'library',
    parameterCount: trainer.model.parameters.trainable().reduce((total, { variable }) => total + variable.shape.reduce((size, length) => size * length, 1), 0),
    trainStep: () => {
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
