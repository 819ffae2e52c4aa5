/**
 * The training page's models: small copy-task NTMs that learn in a browser tab. The form
 * starts from a preset; every field can be changed.
 */
import type { TrainingConfig } from '@ntm/trainer';

/** The form's fields. */
export interface TrainingForm {
  readonly bits: number;
  readonly maxLength: number;
  readonly slots: number;
  readonly wordSize: number;
  readonly controllerSize: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly seed: number;
}

/** The presets, by name. */
export const TRAINING_PRESETS: Readonly<Record<'tiny' | 'small', { readonly label: string; readonly form: TrainingForm }>> = {
  // The trainer's own test model: it copies perfectly after a few hundred steps.
  tiny: {
    label: 'Tiny: 4 bits, length ≤ 3, memory 8 × 6, LSTM 32 (about a minute)',
    form: { bits: 4, maxLength: 3, slots: 8, wordSize: 6, controllerSize: 32, batchSize: 16, learningRate: 1e-2, seed: 1 },
  },
  // The demo's development checkpoint: ≈ 550 steps to a perfect copy.
  small: {
    label: 'Small: 8 bits, length ≤ 8, memory 24 × 12, LSTM 64 (a few minutes)',
    form: { bits: 8, maxLength: 8, slots: 24, wordSize: 12, controllerSize: 64, batchSize: 16, learningRate: 1e-2, seed: 1 },
  },
};

/**
 * The trainer's config for a form: the copy task at the form's sizes, Adam, evaluation every
 * 25 steps on 64 held-out sequences, stopping once none of them has a wrong bit.
 *
 * @example Trainer.create(backend, trainingConfig(TRAINING_PRESETS.tiny.form));
 */
export function trainingConfig(form: TrainingForm): TrainingConfig {
  return {
    task: 'copy',
    taskConfig: { bits: form.bits, minLength: 1, maxLength: form.maxLength },
    model: {
      kind: 'ntm',
      inputSize: form.bits + 1,
      outputSize: form.bits,
      memory: { slots: form.slots, wordSize: form.wordSize },
      controller: { kind: 'lstm', layerSizes: [form.controllerSize] },
    },
    batchSize: form.batchSize,
    optimizer: { kind: 'adam', learningRate: form.learningRate },
    evaluation: { every: 25, sequences: 64 },
    stopAtBitErrors: 1 / 64,
    seed: form.seed,
  };
}
