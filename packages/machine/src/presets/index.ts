import type { ModelConfig } from '../config.js';
import { associativeRecallPresets } from './associative-recall.js';
import { copyPresets } from './copy.js';
import { dynamicNgramsPresets } from './dynamic-ngrams.js';
import { PAPER_TASKS, PRESET_VARIANTS, type PaperPreset, type PaperTask, type PresetVariant } from './preset.js';
import { prioritySortPresets } from './priority-sort.js';
import { repeatCopyPresets } from './repeat-copy.js';

export { PAPER_TASKS, PRESET_VARIANTS } from './preset.js';
export type { ModelConfigWithoutSizes, PaperPreset, PaperTask, PresetVariant } from './preset.js';

/**
 * Every row of the paper's Tables 1–3: five tasks × (NTM feed-forward, NTM LSTM, LSTM).
 *
 * @example
 * ```ts
 * paperPresets.length; // 15
 * paperPresets.filter((preset) => preset.task === 'copy').map((preset) => preset.paperParameterCount); // [17_162, 67_561, 1_352_969]
 * ```
 */
export const paperPresets: readonly PaperPreset[] = [
  ...copyPresets,
  ...repeatCopyPresets,
  ...associativeRecallPresets,
  ...dynamicNgramsPresets,
  ...prioritySortPresets,
];

/**
 * The paper's preset for a task and variant, completed with the task's input and output sizes.
 *
 * @example
 * ```ts
 * const task = createTask('copy');
 * const { model, learningRate } = paperPreset('copy', 'ntm-lstm', task);
 * ```
 */
export function paperPreset(
  task: PaperTask,
  variant: PresetVariant,
  sizes: { readonly inputSize: number; readonly outputSize: number },
): { readonly model: ModelConfig; readonly learningRate: number; readonly preset: PaperPreset } {
  if (!(PAPER_TASKS as readonly string[]).includes(task)) {
    throw new RangeError(`task must be one of ${PAPER_TASKS.map((t) => `"${t}"`).join(', ')}, got ${JSON.stringify(task)}`);
  }
  if (!(PRESET_VARIANTS as readonly string[]).includes(variant)) {
    throw new RangeError(`variant must be one of ${PRESET_VARIANTS.map((v) => `"${v}"`).join(', ')}, got ${JSON.stringify(variant)}`);
  }
  const preset = paperPresets.find((p) => p.task === task && p.variant === variant) as PaperPreset;
  const model = { ...preset.model, inputSize: sizes.inputSize, outputSize: sizes.outputSize } as ModelConfig;
  return { model, learningRate: preset.learningRate, preset };
}
