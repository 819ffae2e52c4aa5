import { Random } from '@ntm/random';
import { describe, expect, it } from 'vitest';
import { createTask, TASK_NAMES } from './registry.js';

const SIZES = {
  copy: { inputSize: 9, outputSize: 8 },
  'repeat-copy': { inputSize: 10, outputSize: 9 },
  'associative-recall': { inputSize: 8, outputSize: 6 },
  'dynamic-ngrams': { inputSize: 1, outputSize: 1 },
  'priority-sort': { inputSize: 10, outputSize: 8 },
} as const;

describe('createTask', () => {
  it('knows the five tasks of the paper, in order', () => {
    expect(TASK_NAMES).toEqual(['copy', 'repeat-copy', 'associative-recall', 'dynamic-ngrams', 'priority-sort']);
  });

  it('creates each task by name with the paper sizes and passes the config through', () => {
    for (const name of TASK_NAMES) {
      const task = createTask(name);
      expect(task.name).toBe(name);
      expect({ inputSize: task.inputSize, outputSize: task.outputSize }).toEqual(SIZES[name]);
    }
    expect(createTask('copy', { maxLength: 120 }).maxSteps).toBe(241);
    expect(createTask('associative-recall', { maxItems: 20 }).config.maxItems).toBe(20);
  });

  it('rejects an unknown name, listing the valid ones', () => {
    expect(() => createTask('sort' as never)).toThrow(
      'Unknown task "sort". Should be one of: "copy", "repeat-copy", "associative-recall", "dynamic-ngrams", "priority-sort"',
    );
    expect(() => createTask('toString' as never)).toThrow('Unknown task "toString"');
  });
});

describe.each(TASK_NAMES)('every task: %s', (name) => {
  const task = createTask(name);

  it('is deterministic for a seed and advances the generator between batches', () => {
    const random = new Random(77);
    const first = task.sample(random, 3);
    const second = task.sample(random, 3);
    expect(task.sample(new Random(77), 3)).toEqual(first);
    expect(second.inputs).not.toEqual(first.inputs);
  });

  it('keeps its arrays consistent with its shape and pads with zeros', () => {
    const batch = task.sample(new Random(5), 7);
    const { steps, batchSize, inputSize, outputSize } = batch.shape;
    expect(batch.taskName).toBe(name);
    expect({ batchSize, inputSize, outputSize }).toEqual({ batchSize: 7, ...SIZES[name] });
    expect(batch.inputs.length).toBe(steps * batchSize * inputSize);
    expect(batch.targets.length).toBe(steps * batchSize * outputSize);
    expect(batch.mask.length).toBe(steps * batchSize);
    expect(batch.lengths.length).toBe(7);
    expect(steps).toBe(Math.max(...batch.lengths));
    expect(steps).toBeLessThanOrEqual(task.maxSteps);
    expect(batch.mask.every((value) => value === 0 || value === 1)).toBe(true);
    expect(batch.targets.every((value) => value === 0 || value === 1)).toBe(true);
    batch.lengths.forEach((length, episode) => {
      let scored = 0;
      for (let step = 0; step < steps; step++) {
        const row = step * batchSize + episode;
        if (step >= length) {
          expect(batch.mask[row]).toBe(0);
          expect(batch.inputs.subarray(row * inputSize, (row + 1) * inputSize).every((value) => value === 0)).toBe(true);
        }
        scored += batch.mask[row] as number;
      }
      expect(scored).toBeGreaterThan(0);
    });
  });

  it('rejects bad sampling arguments', () => {
    expect(() => task.sample(new Random(1), 0)).toThrow(`${name}.sample: batchSize must be an integer >= 1, got 0`);
    expect(() => task.sample(new Random(1), 1.5)).toThrow('got 1.5');
    expect(() => task.sample(Math as never, 1)).toThrow('random must be a Random from @ntm/random (never Math.random)');
  });

  it('rejects fields it does not have and a non-object config', () => {
    expect(() => createTask(name, { length: 3 } as never)).toThrow(`${name}.length is not a ${name} option; expected one of`);
    expect(() => createTask(name, 5 as never)).toThrow(`${name} config must be an object, got 5`);
  });
});
