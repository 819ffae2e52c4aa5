import { configAtEpisodeSize, createTask, EPISODE_SIZE_FIELDS, TASK_NAMES, type Task, type TaskName } from '@ntm/tasks';
import { UsageError } from './errors.js';

/**
 * A task name from the command line, or a usage error listing the tasks.
 * @example parseTaskName('copy') // 'copy'; 'nope' → UsageError: unknown task "nope"; expected one of copy, …
 */
export function parseTaskName(text: string): TaskName {
  if (!(TASK_NAMES as readonly string[]).includes(text)) {
    throw new UsageError(`unknown task "${text}"; expected one of ${TASK_NAMES.join(', ')}`);
  }
  return text as TaskName;
}

/**
 * Builds a task's config overrides from `--task-config` JSON and `--min-length` /
 * `--max-length` (which win), and checks them by creating the task, so a bad override fails
 * with the task's own message (`copy.minLength must be <= copy.maxLength, got 5 > 3`).
 *
 * @example
 * ```ts
 * taskOverrides('copy', { maxLength: 5 }, { minLength: 2 }); // { maxLength: 5, minLength: 2 }
 * taskOverrides('priority-sort', {}, { maxLength: 5 });      // UsageError: --max-length does not apply …
 * ```
 */
export function taskOverrides(
  task: TaskName,
  json: Readonly<Record<string, unknown>>,
  lengths: { readonly minLength?: number; readonly maxLength?: number },
): Record<string, unknown> {
  const overrides: Record<string, unknown> = { ...json };
  const fields = EPISODE_SIZE_FIELDS[task];
  for (const [flag, key] of [
    ['min-length', 'minLength'],
    ['max-length', 'maxLength'],
  ] as const) {
    const value = lengths[key];
    if (value === undefined) continue;
    if (!fields) throw new UsageError(`--${flag} does not apply to task ${task} (it has no length range); use --task-config`);
    overrides[key === 'minLength' ? fields.minimum : fields.maximum] = value;
  }
  createTaskOrUsageError(task, overrides);
  return overrides;
}

/**
 * Creates a task, turning a bad config into a {@link UsageError} (it came from the command line).
 * @example createTaskOrUsageError('copy', { maxLength: 0 }) // UsageError: copy.maxLength must be an integer >= 1, got 0
 */
export function createTaskOrUsageError(task: TaskName, config: Readonly<Record<string, unknown>>): Task {
  try {
    return createTask(task, config as never) as Task;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * The task with its episode size fixed at `size` (length, or items for associative recall),
 * for the generalisation table and `ntm show --length`. Other fields keep the run's values.
 *
 * @example const length50 = taskAtSize('copy', { bits: 8 }, 50); // every episode has 50 vectors
 */
export function taskAtSize(task: TaskName, config: Readonly<Record<string, unknown>>, size: number): Task {
  if (!EPISODE_SIZE_FIELDS[task]) throw new UsageError(`task ${task} has no length to set (its episodes have a fixed size)`);
  return createTaskOrUsageError(task, configAtEpisodeSize(task, config, size));
}
