import { describe, expect, it } from 'vitest';
import { configAtEpisodeSize, EPISODE_SIZE_FIELDS } from './episode-size.js';
import { createTask, TASK_NAMES } from './registry.js';

describe('episode sizes', () => {
  it.each(TASK_NAMES.filter((task) => EPISODE_SIZE_FIELDS[task] !== undefined))(
    '%s: a config at size 7 fixes both bounds, in fields the task knows',
    (task) => {
      const fields = EPISODE_SIZE_FIELDS[task] as { minimum: string; maximum: string };
      const config = configAtEpisodeSize(task, {}, 7);
      expect(config).toEqual({ [fields.minimum]: 7, [fields.maximum]: 7 });
      // The task reads the fields as its own: its config holds them.
      expect(createTask(task, config as never).config).toMatchObject({ [fields.minimum]: 7, [fields.maximum]: 7 });
    },
  );

  it('refuses a task whose episodes have a fixed size', () => {
    expect(() => configAtEpisodeSize('priority-sort', {}, 7)).toThrow('task priority-sort has no episode size to set (its episodes have a fixed size)');
  });
});
