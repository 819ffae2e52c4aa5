import { resolveTrainingConfig } from '@ntm/trainer';
import { describe, expect, it } from 'vitest';
import { TRAINING_PRESETS, trainingConfig } from './training-presets.js';

describe('the training page’s presets', () => {
  it('are valid copy-task training configs whose model fits the task', () => {
    for (const { form } of Object.values(TRAINING_PRESETS)) {
      const resolved = resolveTrainingConfig(trainingConfig(form));
      expect(resolved.task).toBe('copy');
      expect(resolved.taskConfig).toEqual({ bits: form.bits, minLength: 1, maxLength: form.maxLength });
      expect(resolved.model).toMatchObject({
        kind: 'ntm',
        inputSize: form.bits + 1,
        outputSize: form.bits,
        memory: { slots: form.slots, wordSize: form.wordSize },
      });
      expect(resolved.optimizer).toMatchObject({ kind: 'adam', learningRate: form.learningRate });
      expect(resolved.stopAtBitErrors).toBe(1 / 64);
    }
  });

  it('reject a form the trainer cannot run, naming the field', () => {
    expect(() => resolveTrainingConfig(trainingConfig({ ...TRAINING_PRESETS.tiny.form, batchSize: 0 }))).toThrow(/batchSize must be a positive integer, got 0/);
  });
});
