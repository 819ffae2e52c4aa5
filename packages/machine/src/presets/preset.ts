import type { ModelConfig } from '../config.js';

/**
 * The paper's task names (docs/math.md §4).
 *
 * @example PAPER_TASKS.join(', ') // 'copy, repeat-copy, associative-recall, dynamic-ngrams, priority-sort'
 */
export const PAPER_TASKS = ['copy', 'repeat-copy', 'associative-recall', 'dynamic-ngrams', 'priority-sort'] as const;
/** One of {@link PAPER_TASKS}. */
export type PaperTask = (typeof PAPER_TASKS)[number];

/**
 * The three models of each of the paper's Tables 1–3.
 *
 * @example PRESET_VARIANTS.map((variant) => paperPreset('copy', variant, createTask('copy')).learningRate) // [1e-4, 1e-4, 3e-5]
 */
export const PRESET_VARIANTS = ['ntm-lstm', 'ntm-feed-forward', 'lstm'] as const;
/** One of {@link PRESET_VARIANTS}. */
export type PresetVariant = (typeof PRESET_VARIANTS)[number];

/** A model of the paper, without the task's input and output sizes (the task gives those). */
export type ModelConfigWithoutSizes =
  | Omit<Extract<ModelConfig, { kind: 'ntm' }>, 'inputSize' | 'outputSize'>
  | Omit<Extract<ModelConfig, { kind: 'lstm' }>, 'inputSize' | 'outputSize'>;

/** One row of the paper's tables. */
export interface PaperPreset {
  readonly task: PaperTask;
  readonly variant: PresetVariant;
  readonly model: ModelConfigWithoutSizes;
  /** The paper's learning rate for this model (RMSProp, momentum 0.9). */
  readonly learningRate: number;
  /** The paper's parameter count, to list beside ours. */
  readonly paperParameterCount: number;
  /** Where the numbers come from. */
  readonly source: string;
}

/** The NTM parts every preset shares: 128 × 20 memory and the paper's shift range −1…+1. */
export const paperMemory = { slots: 128, wordSize: 20 } as const;

/** An NTM preset with an LSTM controller of the given layers and `heads` read + `heads` write heads. */
export function ntmLstm(layerSizes: readonly number[], heads: number): ModelConfigWithoutSizes {
  return {
    kind: 'ntm',
    memory: paperMemory,
    controller: { kind: 'lstm', layerSizes },
    heads: { readHeads: heads, writeHeads: heads, shiftRadius: 1 },
  };
}

/** An NTM preset with a one-layer feed-forward controller and `heads` read + `heads` write heads. */
export function ntmFeedForward(hiddenSize: number, heads: number): ModelConfigWithoutSizes {
  return {
    kind: 'ntm',
    memory: paperMemory,
    controller: { kind: 'feed-forward', hiddenSizes: [hiddenSize], activation: 'tanh' },
    heads: { readHeads: heads, writeHeads: heads, shiftRadius: 1 },
  };
}
