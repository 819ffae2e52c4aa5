import type { NtmBackend } from '@ntm/backend';
import { createReferenceBackend } from '@ntm/backend-reference';
import { describe, expect, it } from 'vitest';
import { finiteDifferenceGradients, finiteDifferenceGradientsOf } from './finite-differences.js';
import { expectClose } from './tolerance.js';

describe('finiteDifferenceGradientsOf', () => {
  it('gives the gradient of a plain function of several arrays', () => {
    const [dx, dy] = finiteDifferenceGradientsOf(([x, y]) => (x?.[0] as number) * (y?.[0] as number) + (x?.[1] as number) ** 2, [[2, 3], [5]]);
    expectClose(dx as Float64Array, [5, 6], 1e-9, 'd/dx');
    expectClose(dy as Float64Array, [2], 1e-9, 'd/dy');
  });

  it('leaves the inputs as they were, and refuses a non-positive step', () => {
    const input = [1, 2];
    finiteDifferenceGradientsOf(([x]) => (x?.[0] as number) ** 3, [input]);
    expect(input).toEqual([1, 2]);
    expect(() => finiteDifferenceGradientsOf(() => 0, [[1]], 0)).toThrow('step must be > 0, got 0');
  });
});

describe('finiteDifferenceGradients on the reference backend', () => {
  const reference = createReferenceBackend();

  it('differentiates a tensor function: d Σ x² / dx = 2x, d Σ softplus(x) / dx = σ(x)', () => {
    const [square] = finiteDifferenceGradients(reference, (x) => reference.sumAll(reference.square(x)), [{ values: [1, -2, 0.5], shape: [3] }]);
    expectClose(square as Float64Array, [2, -4, 1], 1e-9, 'd Σ x²');
    const [softplus] = finiteDifferenceGradients(reference, (x) => reference.sumAll(reference.softplus(x)), [{ values: [0, 3], shape: [1, 2] }]);
    expectClose(softplus as Float64Array, [0.5, 1 / (1 + Math.exp(-3))], 1e-9, 'd Σ softplus');
  });

  it('gives one gradient per input, in order, with a matMul', () => {
    // f = Σ a·b for a [1, 2], b [2, 1]: df/da = bᵀ, df/db = aᵀ.
    const [da, db] = finiteDifferenceGradients(reference, (a, b) => reference.sumAll(reference.matMul(a, b)), [
      { values: [1, 2], shape: [1, 2] },
      { values: [3, 4], shape: [2, 1] },
    ]);
    expectClose(da as Float64Array, [3, 4], 1e-9, 'd/da');
    expectClose(db as Float64Array, [1, 2], 1e-9, 'd/db');
  });

  it('leaves no tensor behind', () => {
    const before = reference.numTensors();
    finiteDifferenceGradients(reference, (x) => reference.sumAll(reference.exp(x)), [{ values: [1, 2], shape: [2] }]);
    expect(reference.numTensors()).toBe(before);
  });

  it('refuses a non-scalar f, a wrong number of values, and a float32 backend', () => {
    expect(() => finiteDifferenceGradients(reference, (x) => reference.exp(x), [{ values: [1, 2], shape: [2] }])).toThrow(
      'f must return a tensor of one element, got shape [2]',
    );
    expect(() => finiteDifferenceGradients(reference, (x) => x, [{ values: [1, 2], shape: [3] }])).toThrow('inputs[0] has 2 values for shape [3]; expected 3');
    const float32 = { name: 'tfjs-wasm', capabilities: { gradients: true, precision: 'float32' } } as unknown as NtmBackend;
    expect(() => finiteDifferenceGradients(float32, (x) => x, [])).toThrow('reference must be a float64 backend');
  });
});
