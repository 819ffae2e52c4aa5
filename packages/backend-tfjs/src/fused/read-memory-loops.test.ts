import { expectClose, finiteDifferenceGradientsOf } from '@ntm/backend-conformance';
import { describe, expect, it } from 'vitest';
import { SeededValues } from '../test-support/seeded-values.js';
import { readMemoryBackward, readMemoryForward, type ReadMemorySizes } from './read-memory-loops.js';

// The loops alone, in float64: known values, and the backward pass against central differences.

describe('memory read loops (float64)', () => {
  it('reads the weighted sum of the rows: a one-hot weighting reads one row, a uniform one their mean', () => {
    const memory = Float64Array.of(1, 2, 3, 4, 5, 6); // [1, 3, 2]
    const weighting = Float64Array.of(0, 1, 0, 1 / 3, 1 / 3, 1 / 3); // [1, 2, 3]: heads one-hot on slot 1, and uniform
    const read = new Float64Array(4);
    readMemoryForward({ batch: 1, heads: 2, slots: 3, wordSize: 2 }, memory, weighting, read);
    expect(Array.from(read)).toEqual([3, 4, 3, 4]);
  });

  for (const sizes of [
    { batch: 1, heads: 1, slots: 4, wordSize: 3 },
    { batch: 2, heads: 3, slots: 5, wordSize: 2 },
  ] satisfies ReadMemorySizes[]) {
    it(`backward equals central differences of forward (B ${sizes.batch}, H ${sizes.heads}, N ${sizes.slots}, M ${sizes.wordSize})`, () => {
      const { batch, heads, slots, wordSize } = sizes;
      const values = new SeededValues(batch * 100 + heads);
      const inputs = [values.uniform(batch * slots * wordSize, -1, 1), values.distributions(batch * heads, slots)];
      const target = values.uniform(batch * heads * wordSize, -1, 1);
      const objective = ([memory, weighting]: Float64Array[]): number => {
        const read = new Float64Array(target.length);
        readMemoryForward(sizes, memory as Float64Array, weighting as Float64Array, read);
        return read.reduce((total, value, index) => total + value * (target[index] as number), 0);
      };
      const expected = finiteDifferenceGradientsOf(objective, inputs, 1e-6);
      const actual = [new Float64Array(inputs[0]?.length ?? 0).fill(Number.NaN), new Float64Array(inputs[1]?.length ?? 0).fill(Number.NaN)];
      readMemoryBackward(sizes, inputs[0] as Float64Array, inputs[1] as Float64Array, target, actual[0] as Float64Array, actual[1] as Float64Array);
      ['memory', 'weighting'].forEach((label, index) => {
        const numeric = expected[index] as Float64Array;
        const largest = numeric.reduce((max, value) => Math.max(max, Math.abs(value)), 1e-3);
        expectClose(actual[index] as Float64Array, numeric, { absolute: 0, relative: 1e-7 }, `d/d${label}`, largest);
      });
    });
  }
});
