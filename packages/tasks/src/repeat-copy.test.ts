import { Random } from '@ntm/random';
import { describe, expect, it } from 'vitest';
import { episodeOf } from './batch.js';
import { createRepeatCopyTask, normaliseRepeatCount } from './repeat-copy.js';

/** Reads L and r back from an episode's own layout (the delimiter step is the first with channel 8 set). */
function parse(inputs: number[][]) {
  const length = inputs.findIndex((input) => input[8] === 1);
  const repeats = (inputs.length - 2) / length - 1;
  return { length, repeats };
}

describe('repeat copy task', () => {
  it('has the paper defaults: 8 bits + delimiter + count in, 8 bits + end marker out', () => {
    const task = createRepeatCopyTask();
    expect(task.config).toEqual({ bits: 8, minLength: 1, maxLength: 10, minRepeats: 1, maxRepeats: 10, countMinRepeats: null, countMaxRepeats: null });
    expect(task.inputSize).toBe(10);
    expect(task.outputSize).toBe(9);
    expect(task.maxSteps).toBe(11 * 10 + 2);
  });

  it('normalises counts to mean 0 and variance 1 over the discrete uniform range', () => {
    const values = Array.from({ length: 10 }, (_, index) => normaliseRepeatCount(index + 1, 1, 10));
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
    expect(mean).toBeCloseTo(0, 12);
    expect(variance).toBeCloseTo(1, 12);
    expect(normaliseRepeatCount(1, 1, 10)).toBeCloseTo(-4.5 / Math.sqrt(8.25), 12);
    expect(normaliseRepeatCount(3, 3, 3)).toBe(0); // one possible count: nothing to tell apart
  });

  it('lays out sequence, delimiter + count on step L only, r copies, then the end marker', () => {
    const task = createRepeatCopyTask();
    const batch = task.sample(new Random(4), 64);
    for (let index = 0; index < 64; index++) {
      const { inputs, targets, mask } = episodeOf(batch, index);
      const { length, repeats } = parse(inputs);
      expect(length).toBeGreaterThanOrEqual(1);
      expect(length).toBeLessThanOrEqual(10);
      expect(Number.isInteger(repeats) && repeats >= 1 && repeats <= 10).toBe(true);
      expect(inputs.length).toBe((repeats + 1) * length + 2);
      const endStep = inputs.length - 1;
      inputs.forEach((input, step) => {
        const target = targets[step] as number[];
        if (step < length) {
          expect(input.slice(8)).toEqual([0, 0]);
          expect(target).toEqual(new Array(9).fill(0));
          expect(mask[step]).toBe(0);
        } else if (step === length) {
          expect(input.slice(0, 8)).toEqual(new Array(8).fill(0));
          expect(input[8]).toBe(1);
          expect(input[9]).toBeCloseTo(normaliseRepeatCount(repeats, 1, 10), 6);
          expect(mask[step]).toBe(0);
        } else if (step < endStep) {
          expect(input).toEqual(new Array(10).fill(0));
          const source = inputs[(step - length - 1) % length] as number[];
          expect(target).toEqual([...source.slice(0, 8), 0]);
          expect(mask[step]).toBe(1);
        } else {
          expect(input).toEqual(new Array(10).fill(0));
          expect(target).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1]);
          expect(mask[step]).toBe(1);
        }
      });
      expect(mask.reduce((sum, value) => sum + value, 0)).toBe(repeats * length + 1);
    }
  });

  it('draws counts uniformly, so the count channel has mean ≈ 0 and variance ≈ 1', () => {
    const batch = createRepeatCopyTask().sample(new Random(8), 4000);
    const counts: number[] = [];
    const seen = new Set<number>();
    for (let index = 0; index < 4000; index++) {
      const { inputs } = episodeOf(batch, index);
      const { length, repeats } = parse(inputs);
      counts.push((inputs[length] as number[])[9] as number);
      seen.add(repeats);
    }
    const mean = counts.reduce((sum, value) => sum + value, 0) / counts.length;
    const variance = counts.reduce((sum, value) => sum + (value - mean) ** 2, 0) / counts.length;
    expect([...seen].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Standard error of the mean ≈ 1/√4000 ≈ 0.016.
    expect(Math.abs(mean)).toBeLessThan(0.06);
    expect(Math.abs(variance - 1)).toBeLessThan(0.06);
  });

  it('tests more repeats than trained with the count normalised over the training range', () => {
    // 20 repeats against a 1..10 training range: (20 − 5.5)/√8.25, beyond anything seen in training.
    const task = createRepeatCopyTask({ maxLength: 2, minRepeats: 20, maxRepeats: 20, countMinRepeats: 1, countMaxRepeats: 10 });
    const batch = task.sample(new Random(3), 1);
    const episode = episodeOf(batch, 0);
    const { length, repeats } = parse(episode.inputs);
    expect(repeats).toBe(20);
    expect(episode.inputs[length]?.[9]).toBeCloseTo(normaliseRepeatCount(20, 1, 10), 6);
    expect(task.describe()).toContain('(count normalised over 1..10)');
    expect(() => createRepeatCopyTask({ countMinRepeats: 1 })).toThrow(
      'repeat-copy.countMinRepeats and repeat-copy.countMaxRepeats must be given together, got 1 and null',
    );
  });

  it('pins the first batch of seed 1', () => {
    const batch = createRepeatCopyTask({ maxLength: 3, maxRepeats: 3 }).sample(new Random(1), 2);
    expect({ lengths: Array.from(batch.lengths), inputs: Array.from(batch.inputs), targets: Array.from(batch.targets) }).toMatchSnapshot();
  });

  it('rejects bad configs', () => {
    expect(() => createRepeatCopyTask({ minRepeats: 4, maxRepeats: 2 })).toThrow('repeat-copy.minRepeats must be <= repeat-copy.maxRepeats, got 4 > 2');
    expect(() => createRepeatCopyTask({ minLength: 11 })).toThrow('repeat-copy.minLength must be <= repeat-copy.maxLength, got 11 > 10');
    expect(() => createRepeatCopyTask({ minRepeats: 0 })).toThrow('repeat-copy.minRepeats must be an integer >= 1, got 0');
  });
});
