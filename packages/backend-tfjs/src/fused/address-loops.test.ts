import type { AddressingEpsilons } from '@ntm/backend';
import { expectClose, finiteDifferenceGradientsOf } from '@ntm/backend-conformance';
import { describe, expect, it } from 'vitest';
import { randomAddressValues } from '../test-support/random-address-inputs.js';
import { SeededValues } from '../test-support/seeded-values.js';
import { AddressTapeLayout, addressBackward, addressForward, type AddressArrays, type AddressSizes } from './address-loops.js';

// The loops alone, in float64: the hand-derived backward pass against central differences of
// the forward pass, with no tfjs and no float32 rounding in the way.
const fields = ['memory', 'key', 'keyStrength', 'interpolationGate', 'shiftWeighting', 'sharpening', 'previousWeighting'] as const;
const defaultEpsilons: AddressingEpsilons = { similarity: 1e-8, sharpening: 1e-8 };

const randomArrays = (seed: number, sizes: AddressSizes): AddressArrays => randomAddressValues(seed, sizes);

function forward(sizes: AddressSizes, x: AddressArrays, epsilons: AddressingEpsilons = defaultEpsilons): Float64Array {
  const weighting = new Float64Array(sizes.batch * sizes.heads * sizes.slots);
  addressForward(sizes, x, epsilons, weighting, new Float64Array(new AddressTapeLayout(sizes).length));
  return weighting;
}

function expectBackwardMatchesDifferences(sizes: AddressSizes, x: AddressArrays, seed: number, epsilons = defaultEpsilons): void {
  const target = new SeededValues(seed).uniform(sizes.batch * sizes.heads * sizes.slots, -1, 1);
  const objective = (arrays: Float64Array[]): number => {
    const named = Object.fromEntries(fields.map((field, index) => [field, arrays[index]])) as unknown as AddressArrays;
    const weighting = forward(sizes, named, epsilons);
    let total = 0;
    for (let i = 0; i < weighting.length; i++) total += (weighting[i] as number) * (target[i] as number);
    return total;
  };
  const expected = finiteDifferenceGradientsOf(
    objective,
    fields.map((field) => x[field]),
    1e-6,
  );
  const tape = new Float64Array(new AddressTapeLayout(sizes).length);
  addressForward(sizes, x, epsilons, new Float64Array(target.length), tape);
  const gradients = Object.fromEntries(fields.map((field) => [field, new Float64Array(x[field].length).fill(Number.NaN)])) as Record<
    (typeof fields)[number],
    Float64Array
  >;
  addressBackward(sizes, x.memory, tape, epsilons, target, gradients);
  fields.forEach((field, index) => {
    const numeric = expected[index] as Float64Array;
    const largest = numeric.reduce((max, value) => Math.max(max, Math.abs(value)), 1e-3);
    expectClose(gradients[field], numeric, { absolute: 0, relative: 1e-6 }, `d/d${field}`, largest);
  });
}

describe('address loops (float64)', () => {
  const cases: AddressSizes[] = [
    { batch: 1, heads: 1, slots: 5, wordSize: 1, kernelWidth: 1 },
    { batch: 2, heads: 1, slots: 6, wordSize: 3, kernelWidth: 3 },
    { batch: 2, heads: 3, slots: 8, wordSize: 4, kernelWidth: 5 },
    { batch: 1, heads: 2, slots: 7, wordSize: 2, kernelWidth: 7 },
  ];
  cases.forEach((sizes, index) => {
    it(`backward equals central differences of forward: ${JSON.stringify(sizes)}`, () => {
      expectBackwardMatchesDifferences(sizes, randomArrays(10 + index, sizes), 20 + index);
    });
  });

  // Near 0 the norm √(Σx² + ε²) bends on the scale of ε, so the differences need a step far
  // below ε: ε_similarity = 0.05 here, against a step of 1e-6.
  it('backward equals central differences with an all-zero key and an all-zero memory row', () => {
    const sizes: AddressSizes = { batch: 1, heads: 2, slots: 6, wordSize: 3, kernelWidth: 3 };
    const x = randomArrays(30, sizes);
    (x.memory as Float64Array).fill(0, 0, 3); // slot 0
    (x.key as Float64Array).fill(0, 0, 3); // head 0
    expectBackwardMatchesDifferences(sizes, x, 31, { similarity: 0.05, sharpening: 1e-8 });
  });

  it('a one-hot shift on +1 moves the focus one slot forward, as the generic composition does', () => {
    const sizes: AddressSizes = { batch: 1, heads: 1, slots: 5, wordSize: 1, kernelWidth: 3 };
    const x: AddressArrays = {
      memory: Float64Array.of(1, 2, 3, 4, 5),
      key: Float64Array.of(1),
      keyStrength: Float64Array.of(1),
      interpolationGate: Float64Array.of(0), // keep w_{t−1}
      shiftWeighting: Float64Array.of(0, 0, 1),
      sharpening: Float64Array.of(1),
      previousWeighting: Float64Array.of(0.6, 0.1, 0.1, 0.1, 0.1),
    };
    const weighting = forward(sizes, x);
    // (w~ + ε)/Σ(w~ + ε): the shifted row, up to ε.
    expectClose(weighting, [0.1, 0.6, 0.1, 0.1, 0.1], { absolute: 1e-7, relative: 0 }, 'shift +1');
  });

  it('the tape records the inputs the backward pass reads back', () => {
    const sizes: AddressSizes = { batch: 2, heads: 2, slots: 4, wordSize: 3, kernelWidth: 3 };
    const x = randomArrays(40, sizes);
    const layout = new AddressTapeLayout(sizes);
    const tape = new Float64Array(layout.length);
    addressForward(sizes, x, defaultEpsilons, new Float64Array(16), tape);
    const record = 3 * layout.rowLength; // b = 1, h = 1
    expect(tape[record + layout.keyStrength]).toBe(x.keyStrength[3]);
    expect(tape[record + layout.sharpening]).toBe(x.sharpening[3]);
    expect(Array.from(tape.subarray(record + layout.key, record + layout.key + 3))).toEqual(Array.from(x.key.subarray(9, 12)));
    expect(Array.from(tape.subarray(record + layout.shiftWeighting, record + layout.rowLength))).toEqual(Array.from(x.shiftWeighting.subarray(9, 12)));
    expect(layout.length).toBe(4 * layout.rowLength + 2 * 4);
  });
});
