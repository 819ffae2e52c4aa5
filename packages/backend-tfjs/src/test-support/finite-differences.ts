import type { NtmBackend, Tensor } from '@ntm/backend';
import { expect } from 'vitest';

/** A test input: row-major values and a shape. */
export interface GradientInput {
  readonly values: readonly number[];
  readonly shape: readonly number[];
}

/**
 * Checks `valueAndGradients(f, inputs)` against central differences of `f` computed on the
 * same backend: (f(x + ε) − f(x − ε)) / 2ε per element. In float32 with ε = 1e-2 the
 * difference is good to ≈ 1e-4 relative for smooth f, hence the tolerance.
 *
 * @example expectGradientsMatchFiniteDifferences(backend, (x) => backend.sumAll(backend.exp(x)), [{ values: [1, 2], shape: [2] }])
 */
export function expectGradientsMatchFiniteDifferences(
  backend: NtmBackend,
  f: (...inputs: Tensor[]) => Tensor,
  inputs: readonly GradientInput[],
  { epsilon = 1e-2, tolerance = 2e-3 }: { epsilon?: number; tolerance?: number } = {},
): void {
  const evaluate = (valuesPerInput: readonly (readonly number[])[]): number =>
    backend.tidy(() => {
      const tensors = valuesPerInput.map((values, index) => backend.tensor(values, (inputs[index] as GradientInput).shape));
      return backend.readSync(f(...tensors))[0] as number;
    });
  const tensors = inputs.map((input) => backend.tensor(input.values, input.shape));
  const { value, gradients } = backend.valueAndGradients(f, tensors);
  expect(backend.readSync(value)[0]).toBeCloseTo(evaluate(inputs.map((input) => input.values)), 4);
  inputs.forEach((input, inputIndex) => {
    const analytic = backend.readSync(gradients[inputIndex] as Tensor);
    expect(gradients[inputIndex]?.shape).toEqual(input.shape);
    input.values.forEach((_, element) => {
      const shifted = (delta: number): number =>
        evaluate(inputs.map((other, otherIndex) => other.values.map((v, i) => (otherIndex === inputIndex && i === element ? v + delta : v))));
      const numeric = (shifted(epsilon) - shifted(-epsilon)) / (2 * epsilon);
      const scale = Math.max(1, Math.abs(numeric));
      expect(Math.abs((analytic[element] as number) - numeric) / scale, `d f / d inputs[${inputIndex}][${element}]`).toBeLessThan(tolerance);
    });
  });
  backend.dispose([...tensors, value, ...gradients]);
}
