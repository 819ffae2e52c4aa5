import { createTfjsBackend } from '@ntm/backend-tfjs';
import { describe, expect, it } from 'vitest';
import { learningRateDecayFactor, resolveLearningRateDecay, resolveTrainingConfig, TASK_TRAINING_DEFAULTS, Trainer } from './index.js';
import { tinyCopy } from './node/__fixtures__/tiny-copy.js';

describe('learning-rate decay', () => {
  const decay = { startSequences: 100, endSequences: 300, floor: 0.2 };

  it('is 1 before the start, the floor after the end, and half a cosine between', () => {
    expect(learningRateDecayFactor(null, 1e9)).toBe(1);
    expect(learningRateDecayFactor(decay, 0)).toBe(1);
    expect(learningRateDecayFactor(decay, 100)).toBe(1);
    expect(learningRateDecayFactor(decay, 200)).toBeCloseTo(0.6, 12); // halfway: 0.2 + 0.8 · ½
    expect(learningRateDecayFactor(decay, 150)).toBeCloseTo(0.2 + (0.8 * (1 + Math.cos(Math.PI / 4))) / 2, 12);
    expect(learningRateDecayFactor(decay, 300)).toBe(0.2);
    expect(learningRateDecayFactor(decay, 5000)).toBe(0.2);
    // Never increases along the run.
    const factors = Array.from({ length: 40 }, (_, i) => learningRateDecayFactor(decay, i * 10));
    for (let i = 1; i < factors.length; i++) expect(factors[i] as number).toBeLessThanOrEqual(factors[i - 1] as number);
  });

  it('from progress: 1 until it starts, then the same half cosine over its sequences', () => {
    const fromProgress = { startAtCriterion: 0.5, sequences: 200, floor: 0.2 };
    expect(learningRateDecayFactor(fromProgress, 1e9, null)).toBe(1);
    expect(learningRateDecayFactor(fromProgress, 1000, 1000)).toBe(1);
    expect(learningRateDecayFactor(fromProgress, 1100, 1000)).toBeCloseTo(0.6, 12);
    expect(learningRateDecayFactor(fromProgress, 1200, 1000)).toBe(0.2);
    expect(resolveLearningRateDecay(fromProgress)).toEqual(fromProgress);
    expect(() => resolveLearningRateDecay({ ...fromProgress, endSequences: 5 })).toThrow(/learningRateDecay has an unknown field "endSequences"/);
    expect(() => resolveLearningRateDecay({ ...fromProgress, sequences: 0 })).toThrow('learningRateDecay.sequences must be an integer >= 1 (sequences), got 0');
  });

  it('starts a decay from progress at the first evaluation meeting the criterion at its threshold, and resumes it exactly', async () => {
    const backend = await createTfjsBackend('wasm');
    // Copy's criterion is bit errors per sequence: any evaluation below 1000 meets it, so the decay starts at the first one (step 2, 32 sequences).
    const config = { ...tinyCopy, evaluation: { every: 2, sequences: 16 }, learningRateDecay: { startAtCriterion: 1000, sequences: 64, floor: 0.25 } };
    const straight = Trainer.create(backend, config);
    const scales: number[] = [];
    for (let step = 0; step < 8; step++) {
      straight.trainStep();
      scales.push(straight.optimizer.learningRateScale); // the rate this update used, set from the sequences seen before it
      if (straight.step % 2 === 0) straight.evaluate();
    }
    expect(straight.learningRateDecayStartedAt).toBe(32);
    expect(scales).toEqual([0, 16, 32, 48, 64, 80, 96, 112].map((seen) => learningRateDecayFactor(config.learningRateDecay, seen, seen < 32 ? null : 32)));
    const straightWeights = straight.model.parameters.list().map(({ variable }) => Array.from(backend.readSync(variable)));

    const first = Trainer.create(backend, config);
    for (let step = 0; step < 4; step++) {
      first.trainStep();
      if (first.step % 2 === 0) first.evaluate();
    }
    const checkpoint = first.checkpoint();
    first.dispose();
    const resumed = Trainer.resume(backend, checkpoint);
    expect(resumed.learningRateDecayStartedAt).toBe(32);
    for (let step = 0; step < 4; step++) {
      resumed.trainStep();
      if (resumed.step % 2 === 0) resumed.evaluate();
    }
    expect(resumed.optimizer.learningRateScale).toBe(straight.optimizer.learningRateScale);
    expect(resumed.model.parameters.list().map(({ variable }) => Array.from(backend.readSync(variable)))).toEqual(straightWeights);
    straight.dispose();
    resumed.dispose();
  });

  it('refuses a bad decay, naming the field and what is allowed', () => {
    expect(resolveLearningRateDecay(null)).toBeNull();
    expect(() => resolveLearningRateDecay({ ...decay, endSequences: 100 })).toThrow(
      'learningRateDecay.endSequences must be greater than startSequences (100), got 100',
    );
    expect(() => resolveLearningRateDecay({ ...decay, floor: 0 })).toThrow('learningRateDecay.floor must be a number in (0, 1], got 0');
    expect(() => resolveLearningRateDecay({ ...decay, startSequences: -1 })).toThrow(
      'learningRateDecay.startSequences must be an integer >= 0 (sequences), got -1',
    );
    expect(() => resolveLearningRateDecay({ ...decay, flor: 0.1 })).toThrow(/learningRateDecay has an unknown field "flor"/);
    expect(() => resolveTrainingConfig({ task: 'copy', learningRateDecay: 'cosine' as never })).toThrow('learningRateDecay must be an object, got "cosine"');
  });

  it('is the default (from progress) of dynamic N-grams and priority sort only, and a config sets it or turns it off', () => {
    const expected: Record<string, unknown> = {
      'dynamic-ngrams': { startAtCriterion: 0.05, sequences: 15_000, floor: 0.1 },
      'priority-sort': { startAtCriterion: 50, sequences: 80_000, floor: 0.1 },
    };
    for (const [task, defaults] of Object.entries(TASK_TRAINING_DEFAULTS)) {
      expect(defaults.learningRateDecay, task).toEqual(expected[task] ?? null);
    }
    expect(resolveTrainingConfig({ task: 'priority-sort' }).learningRateDecay).toEqual(expected['priority-sort']);
    expect(resolveTrainingConfig({ task: 'dynamic-ngrams', learningRateDecay: decay }).learningRateDecay).toEqual(decay);
    expect(resolveTrainingConfig({ task: 'dynamic-ngrams', learningRateDecay: null }).learningRateDecay).toBeNull();
  });

  it('sets the rate of every update from the sequences seen before it, across a checkpoint as in a straight run', async () => {
    const backend = await createTfjsBackend('wasm');
    // Batch 16: the decay runs from 32 to 96 sequences seen (updates 3 to 6).
    const config = { ...tinyCopy, evaluation: { every: 100, sequences: 16 }, learningRateDecay: { startSequences: 32, endSequences: 96, floor: 0.25 } };
    const straight = Trainer.create(backend, config);
    const scales: number[] = [];
    for (let step = 0; step < 8; step++) {
      straight.trainStep();
      scales.push(straight.optimizer.learningRateScale);
    }
    expect(scales).toEqual([0, 16, 32, 48, 64, 80, 96, 112].map((seen) => learningRateDecayFactor(config.learningRateDecay, seen)));
    const straightWeights = straight.model.parameters.list().map(({ variable }) => Array.from(backend.readSync(variable)));

    const first = Trainer.create(backend, config);
    for (let step = 0; step < 4; step++) first.trainStep();
    const checkpoint = first.checkpoint();
    first.dispose();
    const resumed = Trainer.resume(backend, checkpoint);
    for (let step = 0; step < 4; step++) resumed.trainStep();
    expect(resumed.optimizer.learningRateScale).toBe(scales[7]);
    expect(resumed.model.parameters.list().map(({ variable }) => Array.from(backend.readSync(variable)))).toEqual(straightWeights);
    straight.dispose();
    resumed.dispose();
  });
});
