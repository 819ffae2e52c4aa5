import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { parseSweepSpec, SWEEP_BUDGET_DEFAULTS, sweepSpecToFile } from './sweep-spec.js';

const message = (text: string) => {
  try {
    parseSweepSpec(text, 'spec.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('no error');
};

describe('parseSweepSpec', () => {
  it('reads YAML and JSON alike, fills every default, and names the sweep after its file', () => {
    const yaml = parseSweepSpec('grid:\n  task: copy\n  seed: [1, 2]\n', 'sweeps/copy-seeds.yaml');
    const json = parseSweepSpec('{"grid": {"task": "copy", "seed": [1, 2]}}', 'sweeps/copy-seeds.json');
    expect(yaml).toEqual(json);
    expect(yaml).toEqual({
      name: 'copy-seeds',
      grid: {
        task: ['copy'],
        preset: ['ntm-lstm'],
        seed: [1, 2],
        optimizer: ['adam'],
        learningRate: [null],
        batchSize: [null],
        curriculum: [null],
        taskConfig: [{}],
        model: [{}],
        learningRateDecay: [null],
      },
      budget: SWEEP_BUDGET_DEFAULTS,
      test: null,
      backend: null,
    });
  });

  it('reads seed ranges, single values and lists on every axis, and the budget', () => {
    const spec = parseSweepSpec(
      [
        'name: grid-1',
        'backend: tfjs-cpu',
        'grid:',
        '  task: [copy, associative-recall]',
        '  preset: ntm-feed-forward',
        '  seed: { from: 3, to: 5 }',
        '  optimizer: rmsprop',
        '  learningRate: [1e-3, 3e-4]',
        '  batchSize: 8',
        '  curriculum: length',
        '  taskConfig: [{}, { maxLength: 10 }]',
        '  model: { memorySlots: 64, controllerSize: 50, heads: 2 }',
        'budget: { steps: 2000, time: 1h30m, stopAt: none, stopAfter: 2, evalEvery: 50, evalSequences: 256, checkpointEvery: 100 }',
      ].join('\n'),
      'x.yaml',
    );
    expect(spec.grid.seed).toEqual([3, 4, 5]);
    expect(spec.backend).toBe('tfjs-cpu');
    expect(spec.grid.task).toEqual(['copy', 'associative-recall']);
    expect(spec.grid.learningRate).toEqual([1e-3, 3e-4]);
    expect(spec.grid.model).toEqual([{ memorySlots: 64, controllerSize: 50, heads: 2 }]);
    expect(spec.budget).toEqual({ steps: 2000, seconds: 5400, stopAt: null, stopAfter: 2, evalEvery: 50, evalSequences: 256, checkpointEvery: 100 });
  });

  it('reads a test set, with defaults for what it leaves out', () => {
    expect(parseSweepSpec('grid: { task: copy }\ntest: { lengths: [30, 120] }', 's.yaml').test).toEqual({ sequences: 1000, seed: 4242, lengths: [30, 120] });
    expect(parseSweepSpec('grid: { task: copy }\ntest: { sequences: 256, seed: 7 }', 's.yaml').test).toEqual({ sequences: 256, seed: 7, lengths: null });
    expect(message('grid: { task: copy }\ntest: { sequences: 0 }')).toBe('sweep spec spec.yaml: test.sequences must be an integer from 1 to 1000000, got 0');
    expect(message('grid: { task: copy }\ntest: { lengths: 120 }')).toBe('sweep spec spec.yaml: test.lengths must be a non-empty list of sizes, got 120');
    expect(message('grid: { task: copy }\ntest: { size: 3 }')).toBe('sweep spec spec.yaml: unknown field test.size; expected one of sequences, seed, lengths');
  });

  it('writes a spec back in its file form, which reads back to the same spec', () => {
    const spec = parseSweepSpec(
      'backend: tfjs-wasm\ntest: { seed: 9, lengths: [40] }\ngrid: { task: copy, learningRate: [1e-3, 3e-4], seed: { from: 1, to: 3 } }\nbudget: { time: none, steps: 10 }',
      's.yaml',
    );
    expect(parseSweepSpec(JSON.stringify(sweepSpecToFile(spec)), 'sweep.json')).toEqual({ ...spec, name: 's' });
  });

  it('names the file, the field, the value and what was expected for every mistake', () => {
    expect(message('grid: [')).toMatch(/^sweep spec spec\.yaml is not valid JSON or YAML: /);
    expect(message('- copy')).toBe('sweep spec spec.yaml: the file must be an object, got ["copy"]');
    expect(message('budget: { steps: 10 }')).toBe('sweep spec spec.yaml: grid must be an object with at least grid.task, got nothing');
    expect(message('grid: { seed: 1 }')).toBe(
      'sweep spec spec.yaml: grid.task must be one of copy, repeat-copy, associative-recall, dynamic-ngrams, priority-sort, or a list of them, got nothing',
    );
    expect(message('grid: { task: [copy, cpy] }')).toBe(
      'sweep spec spec.yaml: grid.task[1] must be one of copy, repeat-copy, associative-recall, dynamic-ngrams, priority-sort, got "cpy"',
    );
    expect(message('grid: { task: copy, seed: [1, 1] }')).toBe('sweep spec spec.yaml: grid.seed must be a list without repeats, got [1,1]');
    expect(message('grid: { task: copy, seed: [] }')).toBe('sweep spec spec.yaml: grid.seed must be a value or a non-empty list, got []');
    expect(message('grid: { task: copy, seed: -1 }')).toBe(
      'sweep spec spec.yaml: grid.seed must be an integer from 0 to 4294967295 (seeds are 32-bit), got -1',
    );
    expect(message('grid: { task: copy, seed: 4294967296 }')).toBe(
      'sweep spec spec.yaml: grid.seed must be an integer from 0 to 4294967295 (seeds are 32-bit), got 4294967296',
    );
    expect(message('grid: { task: copy, seed: { from: 5, to: 2 } }')).toBe(
      'sweep spec spec.yaml: grid.seed.to must be an integer from 5 (from) to 4294967295, got 2',
    );
    expect(message('grid: { task: copy, learningRate: 0 }')).toBe('sweep spec spec.yaml: grid.learningRate must be a number > 0, got 0');
    expect(message('grid: { task: copy, sed: 1 }')).toBe(
      'sweep spec spec.yaml: unknown field grid.sed; expected one of task, preset, seed, optimizer, learningRate, batchSize, curriculum, taskConfig, model, learningRateDecay',
    );
    expect(message('grid: { task: copy, model: { memoryInit: zeros } }')).toBe(
      'sweep spec spec.yaml: grid.model.memoryInit must be one of constant, learned, random, sinusoidal, got "zeros"',
    );
    expect(message('grid: { task: copy, model: { headBias: { write: { shiftWeighting: [0, 3] } } } }')).toBe(
      'sweep spec spec.yaml: grid.model.headBias.write.shiftWeighting must be 3 finite numbers (one per shift −1…1), got [0, 3]',
    );
    expect(message('grid: { task: copy, model: { headBias: [1] } }')).toBe(
      'sweep spec spec.yaml: grid.model.headBias must be none or an object like { write: { shiftWeighting: [0, 0, 3] } }, got [1]',
    );
    expect(message('grid: { task: copy, model: { slots: 8 } }')).toBe(
      'sweep spec spec.yaml: unknown field grid.model.slots; expected one of memorySlots, wordSize, controllerSize, heads, shiftRadius, memoryInit, headBias',
    );
    expect(message('grid: { task: copy, model: { heads: 0 } }')).toBe('sweep spec spec.yaml: grid.model.heads must be an integer >= 1, got 0');
    // A head bias is checked against the spec's shift radius.
    expect(message('grid: { task: copy, model: { shiftRadius: 2, headBias: { write: { shiftWeighting: [0, 0, 3] } } } }')).toBe(
      'sweep spec spec.yaml: grid.model.headBias.write.shiftWeighting must be 5 finite numbers (one per shift −2…2), got [0, 0, 3]',
    );
    // Without a shiftRadius, the bias must fit each task's own kernel: priority sort's heads shift −3…3.
    expect(message('grid: { task: [copy, priority-sort], model: { headBias: { read: { shiftWeighting: [0, 0, 3] } } } }')).toBe(
      'sweep spec spec.yaml: grid.model.headBias.read.shiftWeighting must be 7 finite numbers (one per shift −3…3), got [0, 0, 3]',
    );
    expect(() =>
      parseSweepSpec('grid: { task: priority-sort, model: { shiftRadius: 1, headBias: { read: { shiftWeighting: [0, 0, 3] } } } }', 's.yaml'),
    ).not.toThrow();
    expect(message('grid: { task: copy, model: { shiftRadius: -1 } }')).toBe('sweep spec spec.yaml: grid.model.shiftRadius must be an integer >= 0, got -1');
    expect(message('grid: { task: copy }\nbudget: { time: soon }')).toBe(
      'sweep spec spec.yaml: budget.time must be a duration such as 90 (seconds), 90s, 10m, 1h30m, or "none", got "soon"',
    );
    expect(message('grid: { task: copy }\nbudget: { time: none, stopAt: none }')).toBe(
      'sweep spec spec.yaml: budget must be at least one of steps, time or stopAt, so that every run ends, got {"time":"none","stopAt":"none"}',
    );
    expect(message('backend: tfjs-gpu\ngrid: { task: copy }')).toBe('sweep spec spec.yaml: backend must be one of tfjs-wasm, tfjs-cpu, got "tfjs-gpu"');
    expect(message('name: "a b"\ngrid: { task: copy }')).toMatch(/^sweep spec spec\.yaml: name must be up to 64 letters, digits/);
  });
});
