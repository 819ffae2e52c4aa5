import type { NtmBackend, Tensor } from '@ntm/backend';
import { Random } from '@ntm/random';
import { describe, expect, it } from 'vitest';
import { evaluateOn, type ConformanceContext } from './conformance-context.js';
import { finiteDifferenceGradients } from './finite-differences.js';
import { gradientCases } from './gradient-cases.js';
import type { RandomInput } from './reference-cases.js';
import { randomValues, readTensor, type TensorValues } from './tensor-values.js';
import { expectClose } from './tolerance.js';

function resolveInputs(seed: number, caseIndex: number, inputs: readonly (RandomInput | TensorValues)[]): TensorValues[] {
  const random = new Random(seed * 104729 + caseIndex);
  return inputs.map((input) => ('values' in input ? input : randomValues(random, input.shape, input.min, input.max)));
}

/** Largest |gᵢ|: gradients are compared relative to it, so an entry that cancels to ≈ 0 is not held to a relative bound. */
function largestMagnitude(values: ArrayLike<number>): number {
  let largest = 0;
  for (let i = 0; i < values.length; i++) largest = Math.max(largest, Math.abs(values[i] as number));
  return largest;
}

/**
 * `valueAndGradients` and `variableGradients` against float64 central differences on the
 * reference. Skipped (reported as skipped) on a backend without gradients.
 */
export function describeGradients(context: ConformanceContext): void {
  const skipWithoutGradients = (backend: NtmBackend, skip: () => void): void => {
    if (!backend.capabilities.gradients) skip();
  };

  describe('gradients against finite differences', () => {
    gradientCases.forEach((testCase, caseIndex) => {
      it(testCase.name, (test) => {
        const backend = context.backend();
        skipWithoutGradients(backend, () => test.skip());
        const { reference } = context;
        const inputs = resolveInputs(context.seed, caseIndex, testCase.inputs);
        const expectedGradients = finiteDifferenceGradients(reference, (...xs) => testCase.run(reference, ...xs), inputs);
        const expectedValue = evaluateOn(reference, testCase.run, inputs).values;

        const baseline = backend.numTensors();
        const tensors = inputs.map((input) => backend.tensor(input.values, input.shape));
        const result = backend.valueAndGradients((...xs) => testCase.run(backend, ...xs), tensors);
        const value = readTensor(backend, result.value);
        const gradients = result.gradients.map((gradient) => readTensor(backend, gradient));
        backend.dispose([result.value, ...result.gradients, ...tensors]);
        expect(backend.numTensors(), 'tensors left after disposing the value, gradients and inputs').toBe(baseline);

        expectClose(value.values, expectedValue, context.tolerance, `${testCase.name}: value`);
        expect(gradients.length, 'one gradient per input').toBe(inputs.length);
        gradients.forEach((gradient, index) => {
          const expected = expectedGradients[index] as Float64Array;
          expect(gradient.shape, `gradient ${index} shape`).toEqual([...(inputs[index] as TensorValues).shape]);
          expectClose(gradient.values, expected, context.gradientTolerance, `${testCase.name}: gradient of input ${index}`, largestMagnitude(expected));
        });
        if (testCase.zeroGradient) {
          const { input, entries } = testCase.zeroGradient;
          const gradient = (gradients[input] as { values: Float64Array }).values;
          entries.forEach((zero, index) => {
            if (zero) expect(Math.abs(gradient[index] as number), `gradient of input ${input} at entry ${index} must be 0`).toBe(0);
          });
        }
      });
    });

    it('variableGradients: gradients for the variables, in the order given', (test) => {
      const backend = context.backend();
      skipWithoutGradients(backend, () => test.skip());
      const { reference } = context;
      const random = new Random(context.seed + 17);
      const weights = randomValues(random, [3, 4], -1, 1);
      const bias = randomValues(random, [4], -1, 1);
      const input = randomValues(random, [2, 3], -1, 1);
      const target = randomValues(random, [2, 4], -1, 1);
      // Σ target ⊙ tanh(input · weights + bias): one dense layer.
      const layer = (on: NtmBackend, w: Tensor, b: Tensor): Tensor =>
        on.sumAll(on.mul(on.tanh(on.add(on.matMul(on.tensor(input.values, input.shape), w), b)), on.tensor(target.values, target.shape)));
      const [expectedWeights, expectedBias] = finiteDifferenceGradients(reference, (w, b) => layer(reference, w, b), [weights, bias]);
      const expectedValue = evaluateOn(reference, (on, w, b) => layer(on, w, b), [weights, bias]).values;

      const baseline = backend.numTensors();
      const initialWeights = backend.tensor(weights.values, weights.shape);
      const initialBias = backend.tensor(bias.values, bias.shape);
      const suffix = `${context.variablePrefix}/variableGradients_${Math.floor(random.next() * 1e9)}`;
      const weightsVariable = backend.variable(initialWeights, `${suffix}/weights`);
      const biasVariable = backend.variable(initialBias, `${suffix}/bias`);
      backend.dispose([initialWeights, initialBias]);
      const f = (): Tensor => layer(backend, weightsVariable, biasVariable);

      const inOrder = backend.variableGradients(f, [weightsVariable, biasVariable]);
      const reversed = backend.variableGradients(f, [biasVariable, weightsVariable]);
      const value = readTensor(backend, inOrder.value);
      const [gradientWeights, gradientBias] = inOrder.gradients.map((gradient) => readTensor(backend, gradient));
      const [reversedBias, reversedWeights] = reversed.gradients.map((gradient) => readTensor(backend, gradient));
      const weightsAfter = backend.readSync(weightsVariable);
      backend.dispose([inOrder.value, ...inOrder.gradients, reversed.value, ...reversed.gradients, weightsVariable, biasVariable]);
      expect(backend.numTensors(), 'tensors left after disposing everything').toBe(baseline);

      expectClose(value.values, expectedValue, context.tolerance, 'variableGradients: value');
      expect(inOrder.gradients.length).toBe(2);
      expect(gradientWeights?.shape).toEqual([3, 4]);
      expect(gradientBias?.shape).toEqual([4]);
      const weightsScale = largestMagnitude(expectedWeights as Float64Array);
      const biasScale = largestMagnitude(expectedBias as Float64Array);
      expectClose(gradientWeights?.values ?? [], expectedWeights as Float64Array, context.gradientTolerance, 'd/d weights', weightsScale);
      expectClose(gradientBias?.values ?? [], expectedBias as Float64Array, context.gradientTolerance, 'd/d bias', biasScale);
      expectClose(reversedWeights?.values ?? [], expectedWeights as Float64Array, context.gradientTolerance, 'd/d weights (reversed order)', weightsScale);
      expectClose(reversedBias?.values ?? [], expectedBias as Float64Array, context.gradientTolerance, 'd/d bias (reversed order)', biasScale);
      expectClose(weightsAfter, weights.values, 0, 'variableGradients must not change the variables');
    });
  });
}
