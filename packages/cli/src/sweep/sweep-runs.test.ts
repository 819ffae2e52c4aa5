import { describe, expect, it } from 'vitest';
import { parseSweepSpec } from './sweep-spec.js';
import { expandSweep, trainArguments } from './sweep-runs.js';

describe('expandSweep', () => {
  it('makes one run per grid point, seeds innermost, with readable ids', () => {
    const spec = parseSweepSpec('grid: { task: copy, learningRate: [1e-3, 3e-4], batchSize: 8, seed: [1, 2] }', 's.yaml');
    expect(expandSweep(spec).map((run) => run.id)).toEqual([
      'copy-ntm-lstm-adam-lr0.001-b8-s1',
      'copy-ntm-lstm-adam-lr0.001-b8-s2',
      'copy-ntm-lstm-adam-lr0.0003-b8-s1',
      'copy-ntm-lstm-adam-lr0.0003-b8-s2',
    ]);
    expect(new Set(expandSweep(spec).map((run) => run.configuration)).size).toBe(2);
  });

  it('gives a run the same id whatever else the grid holds, and different overrides different ids', () => {
    const small = expandSweep(parseSweepSpec('grid: { task: copy, seed: 1, taskConfig: { maxLength: 5, bits: 4 } }', 's.yaml'));
    const large = expandSweep(parseSweepSpec('grid: { task: [copy, repeat-copy], seed: [1, 2, 3], taskConfig: [{}, { bits: 4, maxLength: 5 }] }', 's.yaml'));
    expect(large.map((run) => run.id)).toContain(small[0]?.id);
    const other = expandSweep(parseSweepSpec('grid: { task: copy, seed: 1, taskConfig: { maxLength: 6, bits: 4 } }', 's.yaml'));
    expect(other[0]?.id).not.toBe(small[0]?.id);
    expect(small[0]?.id).toMatch(/^copy-ntm-lstm-adam-o[0-9a-f]{8}-s1$/);
  });
});

describe('trainArguments', () => {
  const spec = parseSweepSpec(
    [
      'grid: { task: copy, seed: 4, learningRate: 3e-4, batchSize: 8, taskConfig: { maxLength: 5 }, model: { memorySlots: 16, controllerSize: 32, heads: 2, memoryInit: learned } }',
      'budget: { steps: 1000, time: 10m, stopAt: 0.1, stopAfter: 3, evalEvery: 50, evalSequences: 64, checkpointEvery: 100 }',
    ].join('\n'),
    's.yaml',
  );
  const [run] = expandSweep(spec);
  if (!run) throw new Error('no run');
  /** The flags every invocation of the run ends with, given what is left of its time budget. */
  const stopping = (seconds: string) => [
    '--time-budget',
    seconds,
    '--stop-at',
    '0.1',
    '--stop-after',
    '3',
    '--eval-every',
    '50',
    '--checkpoint-every',
    '100',
    '--workers',
    '1',
    '--plain',
  ];

  it('runs every run on one thread unless told otherwise (a sweep of one run at a time: auto)', () => {
    expect(trainArguments(run, spec.budget, 'out/run', { resume: false, workers: 'auto' }).join(' ')).toContain('--workers auto --plain');
    expect(trainArguments(run, spec.budget, 'out/run', { resume: true, workers: 'auto' }).join(' ')).toContain('--workers auto --plain');
  });

  it('passes a head bias as --head-bias: none as it is, an object as JSON', () => {
    const argumentsOf = (headBias: string) => {
      const [biased] = expandSweep(parseSweepSpec(`grid: { task: dynamic-ngrams, seed: 1, model: { headBias: ${headBias} } }`, 's.yaml'));
      if (!biased) throw new Error('no run');
      const argv = trainArguments(biased, spec.budget, 'out/run', { resume: false });
      return argv[argv.indexOf('--head-bias') + 1];
    };
    expect(argumentsOf('none')).toBe('none');
    expect(argumentsOf('{ write: { shiftWeighting: [0, 0, 3] } }')).toBe('{"write":{"shiftWeighting":[0,0,3]}}');
  });

  it('passes a shift radius as --shift-radius', () => {
    const [wide] = expandSweep(parseSweepSpec('grid: { task: priority-sort, seed: 1, model: { shiftRadius: 3 } }', 's.yaml'));
    if (!wide) throw new Error('no run');
    const argv = trainArguments(wide, spec.budget, 'out/run', { resume: false });
    expect(argv[argv.indexOf('--shift-radius') + 1]).toBe('3');
  });

  it('trains a new run with every setting as a flag of ntm train', () => {
    expect(trainArguments(run, spec.budget, 'out/run', { resume: false })).toEqual([
      'train',
      'copy',
      '--preset',
      'ntm-lstm',
      '--seed',
      '4',
      '--optimizer',
      'adam',
      '--learning-rate',
      '0.0003',
      '--batch-size',
      '8',
      '--task-config',
      '{"maxLength":5}',
      '--memory-slots',
      '16',
      '--controller-size',
      '32',
      '--heads',
      '2',
      '--memory-init',
      'learned',
      '--eval-sequences',
      '64',
      '--out',
      'out/run',
      '--steps',
      '1000',
      ...stopping('600'),
    ]);
  });

  it("leaves out what the spec leaves to the task's defaults: the curriculum, the stop rule", () => {
    const defaults = parseSweepSpec('grid: { task: repeat-copy }\nbudget: { time: 5m }', 's.yaml');
    const [only] = expandSweep(defaults);
    const argv = trainArguments(only as never, defaults.budget, 'out/run', { resume: false });
    for (const flag of ['--curriculum', '--stop-at', '--stop-after', '--learning-rate', '--batch-size']) expect(argv).not.toContain(flag);
    const none = parseSweepSpec('grid: { task: copy }\nbudget: { time: 5m, stopAt: none }', 's.yaml');
    expect(trainArguments(expandSweep(none)[0] as never, none.budget, 'out/run', { resume: false })).toContain('none');
  });

  it("passes a curriculum's fields on, and names runs with them apart from the plain length curriculum", () => {
    const spec = parseSweepSpec(
      'grid: { task: repeat-copy, curriculum: [length, { kind: length, fullRangeShare: 0.2 }, { kind: length, start: 4, window: 10 }] }\nbudget: { time: 5m }',
      's.yaml',
    );
    const runs = expandSweep(spec);
    const flags = runs.map((one) => {
      const argv = trainArguments(one, spec.budget, 'out/run', { resume: false });
      return argv[argv.indexOf('--curriculum') + 1];
    });
    expect(flags).toEqual(['length', 'length:fullRangeShare=0.2', 'length:start=4,window=10']);
    expect(runs[0]?.id).toBe('repeat-copy-ntm-lstm-adam-curriculum-length-s1');
    expect(new Set(runs.map((one) => one.id)).size).toBe(3);
    expect(() => parseSweepSpec('grid: { task: copy, curriculum: { kind: length, fullRangeShare: 1 } }', 's.yaml')).toThrow(
      'sweep spec s.yaml: grid.curriculum: curriculum.fullRangeShare must be a number in [0, 1) (the share of batches drawn from the full range), got 1',
    );
    expect(() => parseSweepSpec('grid: { task: copy, curriculum: { kind: none } }', 's.yaml')).toThrow(/grid.curriculum.kind/);
  });

  it('passes a learning-rate decay on, and names runs with one apart from runs without', () => {
    const decays = parseSweepSpec(
      'grid: { task: dynamic-ngrams, learningRateDecay: [none, { startAtCriterion: 0.03, sequences: 10000, floor: 0.1 }, { startSequences: 10, endSequences: 20, floor: 0.5 }] }\nbudget: { time: 5m }',
      's.yaml',
    );
    const runs = expandSweep(decays);
    const flags = runs.map((one) => {
      const argv = trainArguments(one, decays.budget, 'out/run', { resume: false });
      return argv[argv.indexOf('--learning-rate-decay') + 1];
    });
    expect(flags).toEqual(['none', 'at:0.03,10000,0.1', '10,20,0.5']);
    expect(new Set(runs.map((one) => one.id)).size).toBe(3);
    const plain = expandSweep(parseSweepSpec('grid: { task: dynamic-ngrams }\nbudget: { time: 5m }', 's.yaml'))[0];
    expect(plain?.id).toBe('dynamic-ngrams-ntm-lstm-adam-s1');
    expect(() => parseSweepSpec('grid: { task: copy, learningRateDecay: { startAtCriterion: 0.1, sequences: 0, floor: 0.1 } }', 's.yaml')).toThrow(
      'sweep spec s.yaml: grid.learningRateDecay: learningRateDecay.sequences must be an integer >= 1 (sequences), got 0',
    );
  });

  it('resumes from the checkpoint with what is left of the time budget', () => {
    expect(trainArguments(run, spec.budget, 'out/run', { resume: true, secondsLeft: 250.2, backend: 'tfjs-wasm' })).toEqual([
      'train',
      '--resume',
      'out/run/checkpoint.ntm',
      '--backend',
      'tfjs-wasm',
      '--steps',
      '1000',
      ...stopping('251'),
    ]);
    // A run whose time is spent resumes with one second, and ends at once.
    const spent = trainArguments(run, spec.budget, 'out/run', { resume: true, secondsLeft: -3 });
    expect(spent.slice(spent.indexOf('--time-budget'), spent.indexOf('--time-budget') + 2)).toEqual(['--time-budget', '1']);
  });
});
