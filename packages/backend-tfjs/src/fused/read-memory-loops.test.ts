import { expectClose, finiteDifferenceGradientsOf } from '@ntm/backend-conformance';
import { describe, it } from 'vitest';
import { SeededValues } from '../test-support/seeded-values.js';
import { readMemoryBackward, readMemoryForward, type ReadMemorySizes } from './read-memory-loops.js';

describe('read-memory loops (float64)', () => {
  for (const heads of [1, 3]) {
    it(`forward is Σ_i w[i] M[i] and backward equals central differences, ${heads} read head(s)`, () => {
      const sizes: ReadMemorySizes = { batch: 2, heads, slots: 5, wordSize: 3 };
      const values = new SeededValues(heads);
      const memory = values.uniform(2 * 5 * 3, -1, 1);
      const weighting = values.distributions(2 * heads, 5);
      const target = values.uniform(2 * heads * 3, -1, 1);
      const read = (m: Float64Array, w: Float64Array): Float64Array => {
        const output = new Float64Array(2 * heads * 3);
        readMemoryForward(sizes, m, w, output);
        return output;
      };
      const output = read(memory, weighting);
      // r for b = 1, the last head, word position 2, written out.
      let expectedEntry = 0;
      for (let i = 0; i < 5; i++) expectedEntry += (weighting[(2 * heads - 1) * 5 + i] as number) * (memory[(5 + i) * 3 + 2] as number);
      expectClose([output[output.length - 1] as number], [expectedEntry], { absolute: 1e-15, relative: 1e-12 }, 'r');

      const [memoryExpected, weightingExpected] = finiteDifferenceGradientsOf(
        ([m, w]) => read(m as Float64Array, w as Float64Array).reduce((total, value, index) => total + value * (target[index] as number), 0),
        [memory, weighting],
        1e-6,
      ) as [Float64Array, Float64Array];
      const memoryGradient = new Float64Array(memory.length).fill(Number.NaN);
      const weightingGradient = new Float64Array(weighting.length).fill(Number.NaN);
      readMemoryBackward(sizes, memory, weighting, target, memoryGradient, weightingGradient);
      expectClose(memoryGradient, memoryExpected, { absolute: 1e-8, relative: 1e-7 }, 'd/dmemory');
      expectClose(weightingGradient, weightingExpected, { absolute: 1e-8, relative: 1e-7 }, 'd/dweighting');
    });
  }
});
