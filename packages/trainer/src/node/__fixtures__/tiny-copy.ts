import type { TrainingConfig } from '../../index.js';

/** A copy task small enough to train in milliseconds a step: 4 bits, lengths 1–3, an 8 × 6 memory. */
export const tinyCopy: TrainingConfig = {
  task: 'copy',
  taskConfig: { bits: 4, minLength: 1, maxLength: 3 },
  model: {
    kind: 'ntm',
    inputSize: 5,
    outputSize: 4,
    memory: { slots: 8, wordSize: 6 },
    controller: { kind: 'lstm', layerSizes: [32] },
  },
  batchSize: 16,
  optimizer: { kind: 'adam', learningRate: 1e-2 },
  evaluation: { every: 25, sequences: 16 },
  seed: 1,
};
