import { createReferenceBackend } from '@ntm/backend-reference';
import { describe, expect, it } from 'vitest';
import { paperPreset } from '@ntm/machine';
import { createTask } from '@ntm/tasks';
import { DEFAULT_GRADIENT_SHARDS, resolveTrainingConfig, TASK_TRAINING_DEFAULTS, taskModel, Trainer } from './index.js';

describe('training config: workers', () => {
  it('defaults to one worker: this thread alone', () => {
    expect(resolveTrainingConfig({ task: 'copy' }).workers).toBe(1);
    expect(resolveTrainingConfig({ task: 'copy', gradientShards: 3, workers: 3 }).workers).toBe(3);
  });

  it('computes each batch in two shards by default, whatever the workers', () => {
    expect(DEFAULT_GRADIENT_SHARDS).toBe(2);
    expect(resolveTrainingConfig({ task: 'copy' }).gradientShards).toBe(2);
    expect(resolveTrainingConfig({ task: 'copy', workers: 2 }).gradientShards).toBe(2);
    expect(resolveTrainingConfig({ task: 'copy', gradientShards: 1 }).gradientShards).toBe(1);
    expect(() => resolveTrainingConfig({ task: 'copy', gradientShards: 0 })).toThrow('gradientShards must be a positive integer, got 0');
  });

  it('refuses more workers than shards, and says what to change', () => {
    expect(() => resolveTrainingConfig({ task: 'copy', workers: 3 })).toThrow(
      'workers must be at most gradientShards (2): each thread computes whole shards, so a thread beyond them would idle; got workers 3 (raise gradientShards to 3, or lower workers)',
    );
  });

  it('rejects anything but a positive integer, naming the field and the value', () => {
    expect(() => resolveTrainingConfig({ task: 'copy', workers: 0 })).toThrow('workers must be a positive integer, got 0');
    expect(() => resolveTrainingConfig({ task: 'copy', workers: 1.5 })).toThrow('workers must be a positive integer, got 1.5');
    expect(() => resolveTrainingConfig({ task: 'copy', workers: '2' })).toThrow('workers must be a positive integer, got "2"');
    expect(() => resolveTrainingConfig({ task: 'copy', workers: null })).toThrow('workers must be a positive integer, got null');
  });

  it('a trainer asked for several workers without a way to start them says how, before building anything', () => {
    const backend = createReferenceBackend();
    const before = backend.numTensors();
    expect(() => Trainer.create(backend, { task: 'copy', workers: 2 })).toThrow(
      /workers is 2, but no gradientWorkers were given to start them with \(in Node: .*nodeGradientWorkers from '@ntm\/trainer\/node'; or set workers: 1\)/,
    );
    expect(backend.numTensors()).toBe(before);
  });
});

describe('training config: the model', () => {
  it("is the paper's preset with the task's measured initial memory and heads", () => {
    const memoryOf = (model: ReturnType<typeof resolveTrainingConfig>['model']) => (model.kind === 'ntm' ? model.memory : 'none');
    // Dynamic N-grams starts from a random, frozen M_0 (measured: apps/bench/sweeps/ngrams-memory-init.yaml)
    // in 200 slots, a whole sequence's worth (apps/bench/sweeps/ngrams-memory-200.yaml); the word size stays the paper's.
    const ngrams = { slots: 200, wordSize: 20, initialization: 'random' };
    expect(memoryOf(resolveTrainingConfig({ task: 'dynamic-ngrams' }).model)).toEqual(ngrams);
    expect(memoryOf(resolveTrainingConfig({ task: 'dynamic-ngrams', model: { preset: 'ntm-feed-forward' } }).model)).toEqual(ngrams);
    expect(resolveTrainingConfig({ task: 'dynamic-ngrams', model: { preset: 'lstm' } }).model.kind).toBe('lstm');
    // Its write head starts walking the memory one slot a step (apps/bench/sweeps/ngrams-walking-head.yaml).
    const walking = { write: { interpolationGate: -3, shiftWeighting: [0, 0, 3], sharpening: 2 } };
    const headsOf = (model: ReturnType<typeof resolveTrainingConfig>['model']) => (model.kind === 'ntm' ? model.heads?.initialBias : 'none');
    expect(headsOf(resolveTrainingConfig({ task: 'dynamic-ngrams' }).model)).toEqual(walking);
    expect(headsOf(resolveTrainingConfig({ task: 'dynamic-ngrams', model: { preset: 'ntm-feed-forward' } }).model)).toEqual(walking);
    // Priority sort starts from the sinusoidal M_0 with its read heads walking (apps/bench/sweeps/sort-walking-heads.yaml),
    // firmly, among shifts −3…3 (apps/bench/sweeps/sort-shift-radius-firm-walk.yaml).
    const sort = resolveTrainingConfig({ task: 'priority-sort' }).model;
    expect(memoryOf(sort)).toEqual({ slots: 128, wordSize: 20, initialization: 'sinusoidal' });
    expect(headsOf(sort)).toEqual({ read: { interpolationGate: -3, shiftWeighting: [0, 0, 0, 0, 5, 0, 0], sharpening: 2 } });
    expect(sort.kind === 'ntm' ? sort.heads?.shiftRadius : 'none').toBe(3);
    expect(resolveTrainingConfig({ task: 'dynamic-ngrams' }).model).toHaveProperty('heads.shiftRadius', 1); // resolved: the paper's
    // Every other task keeps the paper's preset unchanged (M_0 constant, the memory's default).
    for (const task of ['copy', 'repeat-copy', 'associative-recall'] as const) {
      const sizes = createTask(task);
      expect(resolveTrainingConfig({ task }).model, task).toEqual(paperPreset(task, 'ntm-lstm', sizes).model);
      expect(TASK_TRAINING_DEFAULTS[task].memoryInitialization, task).toBe('constant');
      expect(TASK_TRAINING_DEFAULTS[task].memorySlots, task).toBeNull();
      expect(TASK_TRAINING_DEFAULTS[task].headsInitialBias, task).toEqual({});
      expect(TASK_TRAINING_DEFAULTS[task].headsShiftRadius, task).toBeNull();
    }
  });

  it('takes a full model config as given, whatever the task prefers', () => {
    const sizes = createTask('dynamic-ngrams');
    const model = paperPreset('dynamic-ngrams', 'ntm-lstm', sizes).model;
    expect(resolveTrainingConfig({ task: 'dynamic-ngrams', model }).model).toEqual(model);
    expect(taskModel('dynamic-ngrams', 'ntm-lstm', sizes)).toEqual({
      ...model,
      memory: { slots: 200, wordSize: 20, initialization: 'random' },
      heads: { ...(model.kind === 'ntm' ? model.heads : {}), initialBias: { write: { interpolationGate: -3, shiftWeighting: [0, 0, 3], sharpening: 2 } } },
    });
  });
});
