import { describe, expect, it } from 'vitest';
import { UsageError } from './errors.js';
import { parseTaskName, taskAtSize, taskOverrides } from './task-options.js';

describe('task options', () => {
  it("maps --min-length/--max-length to each task's own fields, over --task-config", () => {
    expect(taskOverrides('copy', { bits: 4, maxLength: 9 }, { maxLength: 5 })).toEqual({ bits: 4, maxLength: 5 });
    expect(taskOverrides('associative-recall', {}, { minLength: 3, maxLength: 4 })).toEqual({ minItems: 3, maxItems: 4 });
    expect(() => taskOverrides('priority-sort', {}, { minLength: 3 })).toThrow(UsageError);
    expect(() => taskOverrides('copy', { colour: 'red' }, {})).toThrow(
      new UsageError('copy.colour is not a copy option; expected one of bits, minLength, maxLength'),
    );
  });

  it('fixes the episode size for the generalisation table', () => {
    const task = taskAtSize('copy', { bits: 4, maxLength: 2 }, 50);
    expect(task.config).toEqual({ bits: 4, minLength: 50, maxLength: 50 });
    expect(taskAtSize('associative-recall', {}, 12).config).toMatchObject({ minItems: 12, maxItems: 12 });
    expect(() => taskAtSize('priority-sort', {}, 5)).toThrow(UsageError);
  });

  it('names the tasks when one is unknown', () => {
    expect(parseTaskName('repeat-copy')).toBe('repeat-copy');
    expect(() => parseTaskName('sort')).toThrow('unknown task "sort"; expected one of copy, repeat-copy, associative-recall, dynamic-ngrams, priority-sort');
  });
});
