import { Random } from '@ntm/random';
import { describe, expect, it } from 'vitest';
import { episodeOf } from './batch.js';
import { createDynamicNgramsTask, dynamicNgramsBatchFromBits } from './dynamic-ngrams.js';

/** The Beta(½, ½) (arcsine) distribution function. */
const arcsineCdf = (x: number) => (2 / Math.PI) * Math.asin(Math.sqrt(x));

describe('dynamic N-grams task', () => {
  it('has the paper defaults: 6-grams, 200 predicted bits, one channel in and out', () => {
    const task = createDynamicNgramsTask();
    expect(task.config).toEqual({ contextBits: 5, minLength: 200, maxLength: 200 });
    expect(task.inputSize).toBe(1);
    expect(task.outputSize).toBe(1);
    expect(task.maxSteps).toBe(204);
  });

  it('shows b_t and asks for b_{t+1}, scoring the 200 bits drawn with a full context', () => {
    const batch = createDynamicNgramsTask().sample(new Random(2), 8);
    expect(batch.shape).toEqual({ steps: 204, batchSize: 8, inputSize: 1, outputSize: 1 });
    expect(batch.contextBits).toBe(5);
    for (let index = 0; index < 8; index++) {
      const { inputs, targets, mask } = episodeOf(batch, index);
      for (let step = 0; step + 1 < inputs.length; step++) expect(targets[step]).toEqual(inputs[step + 1]);
      expect(mask).toEqual([0, 0, 0, 0, ...new Array(200).fill(1)]);
      expect([...inputs.flat(), ...targets.flat()].every((bit) => bit === 0 || bit === 1)).toBe(true);
    }
  });

  it('draws each table entry from Beta(½, ½)', () => {
    const batch = createDynamicNgramsTask({ minLength: 1, maxLength: 1 }).sample(new Random(21), 2000);
    const tables = batch.probabilityTables as Float64Array;
    expect(tables.length).toBe(2000 * 32);
    const n = tables.length;
    const mean = tables.reduce((sum, value) => sum + value, 0) / n;
    const variance = tables.reduce((sum, value) => sum + (value - mean) ** 2, 0) / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.006); // standard error ≈ 0.0014
    expect(Math.abs(variance - 1 / 8)).toBeLessThan(0.004);
    // The U shape: mass piles up near 0 and 1 (a uniform would give 0.1 and 0.5 here).
    for (const x of [0.01, 0.1, 0.3, 0.5, 0.9]) {
      const below = tables.filter((value) => value < x).length / n;
      expect(Math.abs(below - arcsineCdf(x))).toBeLessThan(0.008);
    }
  });

  it('draws each predicted bit from its table entry for the 5 bits before it, and warm-up bits fairly', () => {
    const batch = createDynamicNgramsTask().sample(new Random(22), 300);
    const tables = batch.probabilityTables as Float64Array;
    // Pool (probability, bit) pairs into ten probability bins; each bin's rate of ones must
    // match its mean probability.
    const bins = Array.from({ length: 10 }, () => ({ probability: 0, ones: 0, count: 0 }));
    let warmUpOnes = 0;
    for (let index = 0; index < 300; index++) {
      const { inputs, targets } = episodeOf(batch, index);
      const bits = [...inputs.map((input) => input[0] as number), (targets.at(-1) as number[])[0] as number];
      warmUpOnes += bits.slice(0, 5).reduce((sum, bit) => sum + bit, 0);
      for (let position = 5; position < bits.length; position++) {
        const context = bits.slice(position - 5, position).reduce((value, bit) => value * 2 + bit, 0);
        const probability = tables[index * 32 + context] as number;
        const bin = bins[Math.min(9, Math.floor(probability * 10))] as (typeof bins)[number];
        bin.probability += probability;
        bin.ones += bits[position] as number;
        bin.count += 1;
      }
    }
    for (const bin of bins) {
      expect(bin.count).toBeGreaterThan(1000);
      const tolerance = 4 * Math.sqrt(0.25 / bin.count) + 0.005;
      expect(Math.abs(bin.ones / bin.count - bin.probability / bin.count)).toBeLessThan(tolerance);
    }
    expect(Math.abs(warmUpOnes / 1500 - 0.5)).toBeLessThan(0.06);
  });

  it('builds the documented layout from given bits', () => {
    const batch = dynamicNgramsBatchFromBits(
      [
        [1, 0, 1, 1, 0],
        [0, 1, 1],
      ],
      2,
    );
    expect(batch.shape).toEqual({ steps: 4, batchSize: 2, inputSize: 1, outputSize: 1 });
    expect(Array.from(batch.lengths)).toEqual([4, 2]);
    expect(episodeOf(batch, 0)).toEqual({ inputs: [[1], [0], [1], [1]], targets: [[0], [1], [1], [0]], mask: [0, 1, 1, 1] });
    expect(episodeOf(batch, 1)).toEqual({ inputs: [[0], [1]], targets: [[1], [1]], mask: [0, 1] });
    expect(batch.probabilityTables).toBeNull();
  });

  it('varies sequence lengths when a range is given, padding the shorter ones', () => {
    const batch = createDynamicNgramsTask({ minLength: 10, maxLength: 30 }).sample(new Random(4), 50);
    expect(Math.min(...batch.lengths)).toBeLessThan(Math.max(...batch.lengths));
    batch.lengths.forEach((length, index) => {
      expect(episodeOf(batch, index).mask.reduce((sum, value) => sum + value, 0)).toBe(length - 4);
    });
  });

  it('pins the first batch of seed 1', () => {
    const batch = createDynamicNgramsTask({ contextBits: 2, minLength: 12, maxLength: 12 }).sample(new Random(1), 2);
    expect({ inputs: Array.from(batch.inputs).join(''), targets: Array.from(batch.targets).join('') }).toMatchSnapshot();
  });

  it('rejects bad configs and malformed bit sequences', () => {
    expect(() => createDynamicNgramsTask({ contextBits: 0 })).toThrow('dynamic-ngrams.contextBits must be an integer in 1..16, got 0');
    expect(() => createDynamicNgramsTask({ minLength: 300 })).toThrow('dynamic-ngrams.minLength must be <= dynamic-ngrams.maxLength, got 300 > 200');
    expect(() => dynamicNgramsBatchFromBits([[1, 0]], 2)).toThrow('sequences[0] must hold at least 3 bits (0 or 1), got [1, 0]');
    expect(() => dynamicNgramsBatchFromBits([[1, 0, 2]], 2)).toThrow('sequences[0] must hold at least 3 bits (0 or 1)');
    expect(() => dynamicNgramsBatchFromBits([], 2)).toThrow('at least one sequence');
    expect(() => dynamicNgramsBatchFromBits([[1, 0, 1]], 2, new Float64Array(3))).toThrow('probabilityTables must have 4 entries');
  });
});
