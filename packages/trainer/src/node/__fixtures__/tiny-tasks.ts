import type { TrainingConfig } from '../../index.js';
import { tinyCopy } from './tiny-copy.js';

const controller = { kind: 'lstm' as const, layerSizes: [32] };
/** What every tiny run shares: batch 16, Adam 1e-2 (tiny models take large steps), 64 validation sequences. */
const shared = { batchSize: 16, optimizer: { kind: 'adam' as const, learningRate: 1e-2 }, evaluation: { every: 100, sequences: 64 }, seed: 1 };

/**
 * Each of the paper's tasks shrunk until it learns in seconds: 3-bit vectors, a few items or
 * steps, an 8–12 × 6 memory and a 32-unit LSTM controller.
 *
 * @example Trainer.create(backend, { ...TINY_TASKS['priority-sort'], maxSteps: 1500 });
 */
export const TINY_TASKS = {
  copy: tinyCopy,
  'repeat-copy': {
    ...shared,
    task: 'repeat-copy',
    taskConfig: { bits: 3, minLength: 1, maxLength: 3, minRepeats: 1, maxRepeats: 3 },
    model: { kind: 'ntm', inputSize: 5, outputSize: 4, memory: { slots: 12, wordSize: 6 }, controller },
  },
  'associative-recall': {
    ...shared,
    task: 'associative-recall',
    taskConfig: { bits: 3, itemLength: 1, minItems: 2, maxItems: 3 },
    model: { kind: 'ntm', inputSize: 5, outputSize: 3, memory: { slots: 8, wordSize: 6 }, controller },
  },
  'dynamic-ngrams': {
    ...shared,
    task: 'dynamic-ngrams',
    taskConfig: { contextBits: 2, minLength: 60, maxLength: 60 },
    model: { kind: 'ntm', inputSize: 1, outputSize: 1, memory: { slots: 8, wordSize: 6 }, controller },
  },
  'priority-sort': {
    ...shared,
    task: 'priority-sort',
    taskConfig: { bits: 3, inputCount: 4, outputCount: 3 },
    model: { kind: 'ntm', inputSize: 5, outputSize: 3, memory: { slots: 8, wordSize: 6 }, controller },
  },
} as const satisfies Record<string, TrainingConfig>;
