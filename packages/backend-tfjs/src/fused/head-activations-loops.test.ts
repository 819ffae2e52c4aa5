import { expectClose, finiteDifferenceGradientsOf } from '@ntm/backend-conformance';
import { describe, expect, it } from 'vitest';
import { SeededValues } from '../test-support/seeded-values.js';
import { HEAD_TAPE_ROWS, headActivationsBackward, headActivationsForward, type ActivationBlock } from './head-activations-loops.js';

// The loops alone, in float64: the hand-derived backward pass against central differences of
// the forward pass, with no tfjs and no float32 rounding in the way.

/** Every activation, two heads each, with a gap (column 30) no block covers. */
const blocks: ActivationBlock[] = [
  { offset: 0, heads: 2, sizePerHead: 3, activation: 'tanh' },
  { offset: 6, heads: 2, sizePerHead: 1, activation: 'softplus' },
  { offset: 8, heads: 2, sizePerHead: 1, activation: 'sigmoid' },
  { offset: 10, heads: 2, sizePerHead: 4, activation: 'softmax' },
  { offset: 18, heads: 2, sizePerHead: 1, activation: 'onePlusSoftplus' },
  { offset: 20, heads: 2, sizePerHead: 3, activation: 'identity' },
  { offset: 26, heads: 2, sizePerHead: 2, activation: 'sigmoid' },
];
const columns = 31;
const outputSize = (block: ActivationBlock): number => block.heads * block.sizePerHead;

function forward(batch: number, clip: number, preActivations: Float64Array, bias: Float64Array) {
  const outputs = blocks.map((block) => new Float64Array(batch * outputSize(block)));
  const tape = new Float64Array(batch * HEAD_TAPE_ROWS * columns);
  headActivationsForward({ batch, columns }, blocks, clip, preActivations, bias, outputs, tape);
  return { outputs, tape };
}

describe('head activation loops (float64)', () => {
  for (const clip of [Infinity, 1.5]) {
    it(`backward equals central differences of forward (clip ${clip})`, () => {
      const batch = 3;
      const values = new SeededValues(clip === Infinity ? 1 : 2);
      // With clip 1.5 about half the values lie outside ±1.5 and pass no gradient; none lies
      // within 1e-3 of the edge, where the differences would straddle the kink.
      let preActivations = values.uniform(batch * columns, -3, 3);
      preActivations = preActivations.map((x) => (Math.abs(Math.abs(x) - 1.5) < 1e-3 ? x + 0.01 : x));
      const bias = new Float64Array(columns);
      const weights = blocks.map((block) => values.uniform(batch * outputSize(block), -1, 1));
      const objective = ([x, b]: Float64Array[]): number => {
        const { outputs } = forward(batch, clip, x as Float64Array, b as Float64Array);
        let total = 0;
        outputs.forEach((output, k) => output.forEach((y, i) => (total += y * ((weights[k] as Float64Array)[i] as number))));
        return total;
      };
      const [expectedInput, expectedBias] = finiteDifferenceGradientsOf(objective, [preActivations, bias], 1e-6) as [Float64Array, Float64Array];
      const { tape } = forward(batch, clip, preActivations, bias);
      const inputGradient = new Float64Array(batch * columns).fill(Number.NaN);
      const biasGradient = new Float64Array(columns).fill(Number.NaN);
      headActivationsBackward({ batch, columns }, blocks, tape, weights, inputGradient, biasGradient);
      expectClose(inputGradient, expectedInput, { absolute: 0, relative: 1e-7 }, 'd/dpreActivations', Math.max(...expectedInput.map(Math.abs)));
      expectClose(biasGradient, expectedBias, { absolute: 0, relative: 1e-7 }, 'd/dbias', Math.max(...expectedBias.map(Math.abs)));
      // The column no block covers gets a zero gradient, not garbage.
      expect(inputGradient[30]).toBe(0);
      if (clip !== Infinity) expect(inputGradient.filter((g) => g === 0).length).toBeGreaterThan(batch * 5);
    });
  }

  it('computes each activation on the clipped sum of pre-activation and bias', () => {
    const preActivations = new Float64Array(columns).fill(0.25);
    preActivations[0] = 100; // clipped to 2
    const bias = new Float64Array(columns).fill(0.25);
    const { outputs } = forward(1, 2, preActivations, bias);
    const [tanhOut, softplusOut, sigmoidOut, softmaxOut, onePlusOut, identityOut] = outputs as Float64Array[];
    expect(tanhOut?.[0]).toBeCloseTo(Math.tanh(2), 14);
    expect(tanhOut?.[1]).toBeCloseTo(Math.tanh(0.5), 14);
    expect(softplusOut?.[0]).toBeCloseTo(Math.log1p(Math.exp(0.5)), 14);
    expect(sigmoidOut?.[0]).toBeCloseTo(1 / (1 + Math.exp(-0.5)), 14);
    expect(Array.from(softmaxOut ?? [])).toEqual(new Array(8).fill(0.25)); // equal scores per head
    expect(onePlusOut?.[1]).toBeCloseTo(1 + Math.log1p(Math.exp(0.5)), 14);
    expect(identityOut?.[2]).toBe(0.5);
  });

  it('softplus and the softmax stay finite and exact at ±700 without a clip', () => {
    const preActivations = new Float64Array(columns).fill(-700);
    preActivations[6] = 700;
    preActivations[10] = 700; // one head's softmax scores: 700, −700, −700, −700
    const { outputs } = forward(1, Infinity, preActivations, new Float64Array(columns));
    expect(outputs[1]?.[0]).toBe(700);
    expect(outputs[1]?.[1]).toBeGreaterThan(0);
    expect(Array.from(outputs[3]?.subarray(0, 4) ?? [])).toEqual([1, 0, 0, 0]);
    expect(outputs.every((output) => output.every(Number.isFinite))).toBe(true);
  });
});
