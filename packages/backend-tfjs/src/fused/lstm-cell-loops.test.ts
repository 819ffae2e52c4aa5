import { expectClose, finiteDifferenceGradientsOf } from '@ntm/backend-conformance';
import { describe, expect, it } from 'vitest';
import { SeededValues } from '../test-support/seeded-values.js';
import { LSTM_TAPE_BLOCKS, lstmCellBackward, lstmCellForward, type LstmCellSizes } from './lstm-cell-loops.js';

// The loops alone, in float64: the hand-derived backward pass against central differences of
// the forward pass, with no tfjs and no float32 rounding in the way.

function forward(sizes: LstmCellSizes, gates: Float64Array, bias: Float64Array, previousCell: Float64Array) {
  const { batch, units } = sizes;
  const hidden = new Float64Array(batch * units);
  const cell = new Float64Array(batch * units);
  const tape = new Float64Array(batch * LSTM_TAPE_BLOCKS * units);
  lstmCellForward(sizes, gates, bias, previousCell, hidden, cell, tape);
  return { hidden, cell, tape };
}

describe('LSTM cell loops (float64)', () => {
  for (const sizes of [
    { batch: 1, units: 1 },
    { batch: 3, units: 4 },
    { batch: 2, units: 7 },
  ]) {
    it(`backward equals central differences of forward (B ${sizes.batch}, U ${sizes.units})`, () => {
      const values = new SeededValues(sizes.batch * 10 + sizes.units);
      const { batch, units } = sizes;
      const inputs = [values.uniform(batch * 4 * units, -3, 3), values.uniform(4 * units, -1, 1), values.uniform(batch * units, -2, 2)];
      const hiddenWeights = values.uniform(batch * units, -1, 1);
      const cellWeights = values.uniform(batch * units, -1, 1);
      const objective = ([gates, bias, previousCell]: Float64Array[]): number => {
        const { hidden, cell } = forward(sizes, gates as Float64Array, bias as Float64Array, previousCell as Float64Array);
        let total = 0;
        for (let i = 0; i < hidden.length; i++)
          total += (hidden[i] as number) * (hiddenWeights[i] as number) + (cell[i] as number) * (cellWeights[i] as number);
        return total;
      };
      const expected = finiteDifferenceGradientsOf(objective, inputs, 1e-6);
      const { tape } = forward(sizes, ...(inputs as [Float64Array, Float64Array, Float64Array]));
      const actual = [
        new Float64Array(batch * 4 * units).fill(Number.NaN),
        new Float64Array(4 * units).fill(Number.NaN),
        new Float64Array(batch * units).fill(Number.NaN),
      ];
      lstmCellBackward(sizes, tape, hiddenWeights, cellWeights, actual[0] as Float64Array, actual[1] as Float64Array, actual[2] as Float64Array);
      ['gates', 'bias', 'previousCell'].forEach((label, index) => {
        const numeric = expected[index] as Float64Array;
        const largest = numeric.reduce((max, value) => Math.max(max, Math.abs(value)), 1e-3);
        expectClose(actual[index] as Float64Array, numeric, { absolute: 0, relative: 1e-7 }, `d/d${label}`, largest);
      });
    });
  }

  it('computes the textbook cell: known values with the forget gate shut and the input gate open', () => {
    // Pre-activations ±40 saturate σ to 0 or 1 and tanh to ±1 in float64.
    const gates = Float64Array.of(40, -40, 40, 40); // i = 1, f = 0, g = tanh(40) = 1, o = 1
    const { hidden, cell, tape } = forward({ batch: 1, units: 1 }, gates, new Float64Array(4), Float64Array.of(5));
    expect(cell[0]).toBeCloseTo(1, 12); // f·c_{t−1} + i·g = 0·5 + 1·1
    expect(hidden[0]).toBeCloseTo(Math.tanh(1), 12);
    expect(Array.from(tape).map((value) => Number(value.toFixed(12)))).toEqual([1, 0, 1, 1, Number(Math.tanh(1).toFixed(12)), 5]);
    // The bias is added before the activations: a bias of −80 on i turns the input gate off.
    const shut = forward({ batch: 1, units: 1 }, gates, Float64Array.of(-80, 0, 0, 0), Float64Array.of(5));
    expect(shut.cell[0]).toBeCloseTo(0, 12);
  });

  it('stays finite at extreme pre-activations (σ of −1000 is 0, not NaN)', () => {
    const gates = Float64Array.of(-1000, 1000, -1000, 1000, 1000, -1000, 1000, -1000);
    const { hidden, cell, tape } = forward({ batch: 1, units: 2 }, gates, new Float64Array(8), Float64Array.of(1, -1));
    expect([...hidden, ...cell, ...tape].every(Number.isFinite)).toBe(true);
    const gradients = [new Float64Array(8), new Float64Array(8), new Float64Array(2)];
    lstmCellBackward(
      { batch: 1, units: 2 },
      tape,
      Float64Array.of(1, 1),
      Float64Array.of(1, 1),
      gradients[0] as Float64Array,
      gradients[1] as Float64Array,
      gradients[2] as Float64Array,
    );
    expect(gradients.every((gradient) => gradient.every(Number.isFinite))).toBe(true);
  });
});
