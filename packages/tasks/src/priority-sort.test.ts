import { Random } from '@ntm/random';
import { describe, expect, it } from 'vitest';
import { episodeOf } from './batch.js';
import { createPrioritySortTask } from './priority-sort.js';

describe('priority sort task', () => {
  it('has the paper defaults: 20 vectors of 8 bits + priority + delimiter in, 16 out', () => {
    const task = createPrioritySortTask();
    expect(task.config).toEqual({ bits: 8, inputCount: 20, outputCount: 16, minPriority: -1, maxPriority: 1 });
    expect(task.inputSize).toBe(10);
    expect(task.outputSize).toBe(8);
    expect(task.maxSteps).toBe(37);
  });

  it('asks for the 16 highest-priority vectors in descending order after the delimiter', () => {
    const batch = createPrioritySortTask().sample(new Random(12), 200);
    expect(batch.shape.steps).toBe(37);
    for (let index = 0; index < 200; index++) {
      const { inputs, targets, mask } = episodeOf(batch, index);
      const shown = inputs.slice(0, 20).map((input, position) => {
        expect(input[9]).toBe(0);
        return { position, bits: input.slice(0, 8), priority: input[8] as number };
      });
      expect(inputs[20]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
      for (const input of inputs.slice(21)) expect(input).toEqual(new Array(10).fill(0));
      // An independent ranking: count how many shown priorities beat each one.
      const ranked = shown.map((entry) => ({
        ...entry,
        rank: shown.filter((other) => other.priority > entry.priority).length,
      }));
      for (let rank = 0; rank < 16; rank++) {
        const wanted = ranked.find((entry) => entry.rank === rank);
        expect(wanted).toBeDefined();
        expect(targets[21 + rank]).toEqual(wanted?.bits);
      }
      for (const target of targets.slice(0, 21)) expect(target).toEqual(new Array(8).fill(0));
      expect(mask).toEqual([...new Array(21).fill(0), ...new Array(16).fill(1)]);
    }
  });

  it('draws priorities uniform in [−1, 1) and fair bits', () => {
    const batch = createPrioritySortTask().sample(new Random(13), 1000);
    const priorities: number[] = [];
    let ones = 0;
    for (let index = 0; index < 1000; index++) {
      for (const input of episodeOf(batch, index).inputs.slice(0, 20)) {
        priorities.push(input[8] as number);
        ones += input.slice(0, 8).reduce((sum, bit) => sum + bit, 0);
      }
    }
    const mean = priorities.reduce((sum, value) => sum + value, 0) / priorities.length;
    const variance = priorities.reduce((sum, value) => sum + (value - mean) ** 2, 0) / priorities.length;
    expect(Math.min(...priorities)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...priorities)).toBeLessThan(1);
    expect(Math.abs(mean)).toBeLessThan(0.02); // standard error ≈ 0.004
    expect(Math.abs(variance - 1 / 3)).toBeLessThan(0.015);
    expect(Math.abs(priorities.filter((value) => value < -0.5).length / priorities.length - 0.25)).toBeLessThan(0.015);
    expect(Math.abs(ones / (priorities.length * 8) - 0.5)).toBeLessThan(0.01);
  });

  it('honours a custom priority range and counts', () => {
    const batch = createPrioritySortTask({ inputCount: 5, outputCount: 5, minPriority: 2, maxPriority: 3 }).sample(new Random(1), 10);
    expect(batch.shape.steps).toBe(11);
    for (let index = 0; index < 10; index++) {
      const { inputs } = episodeOf(batch, index);
      for (const input of inputs.slice(0, 5)) {
        expect(input[8]).toBeGreaterThanOrEqual(2);
        expect(input[8]).toBeLessThan(3);
      }
    }
  });

  it('pins the first batch of seed 1', () => {
    const batch = createPrioritySortTask({ bits: 2, inputCount: 4, outputCount: 2 }).sample(new Random(1), 2);
    expect({ inputs: Array.from(batch.inputs), targets: Array.from(batch.targets) }).toMatchSnapshot();
  });

  it('rejects outputs that cannot fit and empty priority ranges', () => {
    expect(() => createPrioritySortTask({ outputCount: 21 })).toThrow(
      'priority-sort.outputCount must be <= priority-sort.inputCount (only shown vectors can be sorted), got 21 > 20',
    );
    expect(() => createPrioritySortTask({ inputCount: 0 })).toThrow('priority-sort.inputCount must be an integer >= 1, got 0');
    expect(() => createPrioritySortTask({ minPriority: 1, maxPriority: 1 })).toThrow(
      'priority-sort.minPriority must be < priority-sort.maxPriority, got 1 >= 1',
    );
    expect(() => createPrioritySortTask({ maxPriority: Number.NaN })).toThrow('priority-sort.maxPriority must be a finite number, got NaN');
  });
});
