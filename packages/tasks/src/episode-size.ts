import type { TaskName } from './task.js';

/**
 * The pair of config fields that bound an episode's size, per task, and the size's unit: what a
 * command line's length flags set, what a generalisation table varies, what a demo's size box
 * means. Priority sort has no such range (it always shows `inputCount` vectors).
 *
 * @example EPISODE_SIZE_FIELDS['associative-recall']?.maximum // 'maxItems'
 */
export const EPISODE_SIZE_FIELDS: Readonly<Partial<Record<TaskName, { readonly minimum: string; readonly maximum: string; readonly unit: string }>>> = {
  copy: { minimum: 'minLength', maximum: 'maxLength', unit: 'length' },
  'repeat-copy': { minimum: 'minLength', maximum: 'maxLength', unit: 'length' },
  'associative-recall': { minimum: 'minItems', maximum: 'maxItems', unit: 'items' },
  'dynamic-ngrams': { minimum: 'minLength', maximum: 'maxLength', unit: 'length' },
};

/**
 * A task config with every episode's size fixed at `size` (length, or items for associative
 * recall); its other fields kept. Throws for a task without a size range.
 *
 * @example createTask('copy', configAtEpisodeSize('copy', { bits: 8 }, 50)) // every episode has 50 vectors
 */
export function configAtEpisodeSize(task: TaskName, config: Readonly<Record<string, unknown>>, size: number): Record<string, unknown> {
  const fields = EPISODE_SIZE_FIELDS[task];
  if (!fields) throw new RangeError(`task ${task} has no episode size to set (its episodes have a fixed size)`);
  return { ...config, [fields.minimum]: size, [fields.maximum]: size };
}
