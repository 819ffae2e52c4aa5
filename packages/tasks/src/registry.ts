import { createAssociativeRecallTask, type AssociativeRecallConfig } from './associative-recall.js';
import { createCopyTask, type CopyConfig } from './copy.js';
import { createDynamicNgramsTask, type DynamicNgramsBatch, type DynamicNgramsConfig } from './dynamic-ngrams.js';
import { createPrioritySortTask, type PrioritySortConfig } from './priority-sort.js';
import { createRepeatCopyTask, type RepeatCopyConfig } from './repeat-copy.js';
import type { Task, TaskName } from './task.js';

/**
 * Each task name with its config type, so `createTask('copy', …)` checks the config's fields.
 * @example const override: Partial<TaskConfigs['copy']> = { maxLength: 50 };
 */
export interface TaskConfigs {
  copy: CopyConfig;
  'repeat-copy': RepeatCopyConfig;
  'associative-recall': AssociativeRecallConfig;
  'dynamic-ngrams': DynamicNgramsConfig;
  'priority-sort': PrioritySortConfig;
}

/**
 * The task a name creates (dynamic N-grams batches carry their tables).
 * @example const task: TaskFor<'dynamic-ngrams'> = createTask('dynamic-ngrams');
 */
export type TaskFor<Name extends TaskName> = Name extends 'dynamic-ngrams' ? Task<DynamicNgramsConfig, DynamicNgramsBatch> : Task<TaskConfigs[Name]>;

const FACTORIES: { readonly [Name in TaskName]: (config?: Partial<TaskConfigs[Name]>) => TaskFor<Name> } = {
  copy: createCopyTask,
  'repeat-copy': createRepeatCopyTask,
  'associative-recall': createAssociativeRecallTask,
  'dynamic-ngrams': createDynamicNgramsTask,
  'priority-sort': createPrioritySortTask,
};

/**
 * Every task name, in the paper's order.
 * @example for (const name of TASK_NAMES) console.log(createTask(name).describe());
 */
export const TASK_NAMES: readonly TaskName[] = Object.freeze(Object.keys(FACTORIES) as TaskName[]);

/**
 * Creates one of the paper's tasks by name, with the paper's settings overridden by `config`.
 *
 * @example
 * ```ts
 * const task = createTask('associative-recall', { maxItems: 20 });
 * createTask('sort' as never); // Error: Unknown task "sort". Should be one of: "copy", "repeat-copy", …
 * ```
 */
export function createTask<Name extends TaskName>(name: Name, config?: Partial<TaskConfigs[Name]>): TaskFor<Name> {
  if (!Object.hasOwn(FACTORIES, name)) {
    const valid = TASK_NAMES.map((taskName) => `"${taskName}"`).join(', ');
    throw new Error(`Unknown task ${JSON.stringify(name)}. Should be one of: ${valid}`);
  }
  const factory = FACTORIES[name] as (config?: Partial<TaskConfigs[Name]>) => TaskFor<Name>;
  return factory(config);
}
