import { Random } from '@ntm/random';
import { describe, expect, it } from 'vitest';
import { episodeOf } from './batch.js';
import { COPY_DEFAULTS, createCopyTask } from './copy.js';

describe('copy task', () => {
  it('has the paper defaults: 8 bits + delimiter in, 8 bits out, lengths 1..20', () => {
    const task = createCopyTask();
    expect(task.config).toEqual({ bits: 8, minLength: 1, maxLength: 20 });
    expect(COPY_DEFAULTS).toEqual(task.config);
    expect(task.inputSize).toBe(9);
    expect(task.outputSize).toBe(8);
    expect(task.maxSteps).toBe(41);
    expect(task.describe()).toMatch(/delimiter \(channel 8\)/);
  });

  it('lays out every episode as sequence, delimiter at step L, then L scored recall steps', () => {
    const task = createCopyTask();
    const batch = task.sample(new Random(3), 64);
    for (let index = 0; index < 64; index++) {
      const { inputs, targets, mask } = episodeOf(batch, index);
      const length = (inputs.length - 1) / 2;
      expect(Number.isInteger(length) && length >= 1 && length <= 20).toBe(true);
      for (let step = 0; step < inputs.length; step++) {
        const input = inputs[step] as number[];
        const target = targets[step] as number[];
        if (step < length) {
          expect(input[8]).toBe(0);
          expect(input.slice(0, 8).every((bit) => bit === 0 || bit === 1)).toBe(true);
          expect(target).toEqual(new Array(8).fill(0)); // targets live only in the output window
          expect(mask[step]).toBe(0);
        } else if (step === length) {
          expect(input).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1]);
          expect(target).toEqual(new Array(8).fill(0));
          expect(mask[step]).toBe(0);
        } else {
          expect(input).toEqual(new Array(9).fill(0));
          expect(target).toEqual((inputs[step - length - 1] as number[]).slice(0, 8));
          expect(mask[step]).toBe(1);
        }
      }
    }
  });

  it('pads shorter episodes with zero inputs, targets and mask up to the longest', () => {
    const batch = createCopyTask({ minLength: 1, maxLength: 20 }).sample(new Random(9), 16);
    const { steps, batchSize } = batch.shape;
    expect(steps).toBe(Math.max(...batch.lengths));
    expect(new Set(batch.lengths).size).toBeGreaterThan(1);
    for (let episode = 0; episode < batchSize; episode++) {
      for (let step = batch.lengths[episode] as number; step < steps; step++) {
        const row = step * batchSize + episode;
        expect(batch.mask[row]).toBe(0);
        expect(batch.inputs.subarray(row * 9, row * 9 + 9).every((value) => value === 0)).toBe(true);
        expect(batch.targets.subarray(row * 8, row * 8 + 8).every((value) => value === 0)).toBe(true);
      }
    }
  });

  it('draws fair coin bits and lengths uniform over the configured range', () => {
    const batch = createCopyTask().sample(new Random(5), 4000);
    const lengthCounts = new Array<number>(21).fill(0);
    const onesPerChannel = new Array<number>(8).fill(0);
    let vectors = 0;
    batch.lengths.forEach((steps, episode) => {
      const length = (steps - 1) / 2;
      lengthCounts[length] = (lengthCounts[length] as number) + 1;
      for (let step = 0; step < length; step++) {
        const row = step * batch.shape.batchSize + episode;
        for (let channel = 0; channel < 8; channel++) {
          onesPerChannel[channel] = (onesPerChannel[channel] as number) + (batch.inputs[row * 9 + channel] as number);
        }
        vectors++;
      }
    });
    expect(lengthCounts[0]).toBe(0);
    // 4000 draws over 20 lengths: 200 expected each, standard deviation ≈ 13.8.
    for (let length = 1; length <= 20; length++) expect(Math.abs((lengthCounts[length] as number) - 200)).toBeLessThan(60);
    // ≈ 42,000 vectors per channel: the fraction of ones has standard deviation ≈ 0.0024.
    for (const ones of onesPerChannel) expect(Math.abs(ones / vectors - 0.5)).toBeLessThan(0.012);
  });

  it('reaches generalisation lengths (up to 120) when configured', () => {
    const task = createCopyTask({ minLength: 120, maxLength: 120 });
    const batch = task.sample(new Random(1), 2);
    expect(batch.shape.steps).toBe(241);
    expect(Array.from(batch.lengths)).toEqual([241, 241]);
    expect(episodeOf(batch, 1).mask.reduce((sum, value) => sum + value, 0)).toBe(120);
  });

  it('is deterministic: the same seed gives the same batch, another seed another batch', () => {
    const task = createCopyTask();
    const first = task.sample(new Random(1), 4);
    const again = task.sample(new Random(1), 4);
    const other = task.sample(new Random(2), 4);
    expect(again).toEqual(first);
    expect(other.inputs).not.toEqual(first.inputs);
  });

  it('pins the first batch of seed 1, so a change on any platform is caught', () => {
    const batch = createCopyTask().sample(new Random(1), 2);
    const rows = [0, 1].map((index) => {
      const { inputs, targets, mask } = episodeOf(batch, index);
      return inputs.map((input, step) => `${input.join('')} ${(targets[step] as number[]).join('')} ${mask[step]}`);
    });
    expect({ lengths: Array.from(batch.lengths), rows }).toMatchSnapshot();
  });

  it('rejects bad configs with the field, the value and what was expected', () => {
    expect(() => createCopyTask({ minLength: 5, maxLength: 3 })).toThrow('copy.minLength must be <= copy.maxLength, got 5 > 3');
    expect(() => createCopyTask({ bits: 0 })).toThrow('copy.bits must be an integer >= 1, got 0');
    expect(() => createCopyTask({ maxLength: 2.5 })).toThrow('copy.maxLength must be an integer >= 1, got 2.5');
    expect(() => createCopyTask({ minLength: -1 })).toThrow('copy.minLength must be an integer >= 1, got -1');
    expect(() => createCopyTask({ minLength: '3' as never })).toThrow('copy.minLength must be an integer >= 1, got "3"');
    expect(() => createCopyTask({ maxLenght: 3 } as never)).toThrow('copy.maxLenght is not a copy option; expected one of bits, minLength, maxLength');
  });
});
