import { expectClose, finiteDifferenceGradientsOf } from '@ntm/backend-conformance';
import { describe, it } from 'vitest';
import { SeededValues } from '../test-support/seeded-values.js';
import { writeMemoryBackward, writeMemoryForward, type WriteMemoryArrays, type WriteMemorySizes } from './write-memory-loops.js';

const fields = ['memory', 'weighting', 'erase', 'add'] as const;

function randomArrays(seed: number, sizes: WriteMemorySizes): WriteMemoryArrays {
  const values = new SeededValues(seed);
  const { batch: B, heads: H, slots: N, wordSize: M } = sizes;
  return {
    memory: values.uniform(B * N * M, -1, 1),
    weighting: values.distributions(B * H, N),
    erase: values.uniform(B * H * M, 0, 1),
    add: values.uniform(B * H * M, -1, 1),
  };
}

function expectBackwardMatchesDifferences(sizes: WriteMemorySizes, x: WriteMemoryArrays, seed: number): void {
  const length = sizes.batch * sizes.slots * sizes.wordSize;
  const target = new SeededValues(seed).uniform(length, -1, 1);
  const objective = (arrays: Float64Array[]): number => {
    const output = new Float64Array(length);
    writeMemoryForward(sizes, Object.fromEntries(fields.map((field, index) => [field, arrays[index]])) as unknown as WriteMemoryArrays, output);
    return output.reduce((total, value, index) => total + value * (target[index] as number), 0);
  };
  const expected = finiteDifferenceGradientsOf(
    objective,
    fields.map((field) => x[field]),
    1e-6,
  );
  const gradients = Object.fromEntries(fields.map((field) => [field, new Float64Array(x[field].length).fill(Number.NaN)])) as Record<
    (typeof fields)[number],
    Float64Array
  >;
  writeMemoryBackward(sizes, x, target, gradients);
  fields.forEach((field, index) => {
    const numeric = expected[index] as Float64Array;
    const largest = numeric.reduce((max, value) => Math.max(max, Math.abs(value)), 1e-3);
    expectClose(gradients[field], numeric, { absolute: 0, relative: 1e-7 }, `d/d${field}`, largest);
  });
}

describe('write-memory loops (float64)', () => {
  for (const heads of [1, 2, 3]) {
    it(`backward equals central differences of forward with ${heads} write head(s)`, () => {
      const sizes = { batch: 2, heads, slots: 5, wordSize: 3 };
      expectBackwardMatchesDifferences(sizes, randomArrays(heads, sizes), 10 + heads);
    });
  }

  it('a wiped slot (w = e = 1 on one head) still passes gradients to the other heads, with no 0/0', () => {
    const sizes = { batch: 1, heads: 3, slots: 3, wordSize: 2 };
    const x = randomArrays(7, sizes);
    // Head 1 puts all its weight on slot 1 and erases everything: its factor 1 − w·e is exactly 0.
    (x.weighting as Float64Array).set([0, 1, 0], 3);
    (x.erase as Float64Array).set([1, 1], 2);
    expectBackwardMatchesDifferences(sizes, x, 8);
  });
});
