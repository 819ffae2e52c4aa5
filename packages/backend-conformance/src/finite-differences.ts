import type { NtmBackend, Tensor } from '@ntm/backend';
import { sizeOfShape, type TensorValues } from './tensor-values.js';

/**
 * Central finite differences of a scalar function of plain arrays:
 * ∂f/∂xᵢ ≈ (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h, one function evaluation pair per element.
 * In float64 with h = 1e-5 the error is about h²·|f‴| + ε·|f|/h ≈ 1e-10 for smooth functions of
 * order-one values, far below any float32 backend's gradient error.
 *
 * Avoid points where f has a kink (relu at 0, clip at its bounds, abs at 0): there the
 * difference straddles two slopes.
 *
 * @example
 * ```ts
 * // f(x, y) = x₀·y₀ + x₁²
 * const [dx, dy] = finiteDifferenceGradientsOf(([x, y]) => x[0] * y[0] + x[1] ** 2, [[2, 3], [5]]);
 * // dx ≈ [5, 6], dy ≈ [2]
 * ```
 */
export function finiteDifferenceGradientsOf(f: (inputs: Float64Array[]) => number, inputs: readonly ArrayLike<number>[], step = 1e-5): Float64Array[] {
  if (!(step > 0)) throw new RangeError(`finiteDifferenceGradientsOf: step must be > 0, got ${step}`);
  const points = inputs.map((values) => Float64Array.from(values));
  return points.map((point) => {
    const gradient = new Float64Array(point.length);
    for (let i = 0; i < point.length; i++) {
      const original = point[i] as number;
      point[i] = original + step;
      const above = f(points);
      point[i] = original - step;
      const below = f(points);
      point[i] = original;
      gradient[i] = (above - below) / (2 * step);
    }
    return gradient;
  });
}

/**
 * Central finite-difference gradients of a scalar tensor function evaluated on a float64
 * backend (the reference): the independent answer every backend's `valueAndGradients` and
 * every custom gradient in the packages above are checked against.
 *
 * @param reference a float64 backend, normally `createReferenceBackend()`; a float32 one is
 *   refused, since differences of float32 values at step 1e-5 are mostly rounding noise.
 * @param f the function, written against the contract, returning a tensor of one element.
 * @param inputs the point to differentiate at, one entry per argument of `f`.
 * @returns one gradient per input, row-major, shaped like that input.
 *
 * @example
 * ```ts
 * const reference = createReferenceBackend();
 * const [dx] = finiteDifferenceGradients(
 *   reference,
 *   (x) => reference.sumAll(reference.square(x)),
 *   [{ values: [1, -2], shape: [2] }],
 * ); // ≈ [2, -4]
 * ```
 */
export function finiteDifferenceGradients(
  reference: NtmBackend,
  f: (...inputs: Tensor[]) => Tensor,
  inputs: readonly TensorValues[],
  step = 1e-5,
): Float64Array[] {
  if (reference.capabilities.precision !== 'float64') {
    throw new Error(
      `finiteDifferenceGradients: reference must be a float64 backend (createReferenceBackend()), got "${reference.name}" (${reference.capabilities.precision})`,
    );
  }
  for (const [index, input] of inputs.entries()) {
    if (input.values.length !== sizeOfShape(input.shape)) {
      throw new RangeError(
        `finiteDifferenceGradients: inputs[${index}] has ${input.values.length} values for shape [${input.shape.join(', ')}]; expected ${sizeOfShape(input.shape)}`,
      );
    }
  }
  const evaluate = (points: Float64Array[]): number =>
    reference.tidy(() => {
      const tensors = points.map((values, index) => reference.tensor(values, (inputs[index] as TensorValues).shape));
      const output = f(...tensors);
      const values = reference.readSync(output);
      if (values.length !== 1) {
        throw new Error(`finiteDifferenceGradients: f must return a tensor of one element, got shape [${output.shape.join(', ')}]`);
      }
      return values[0] as number;
    });
  return finiteDifferenceGradientsOf(
    evaluate,
    inputs.map((input) => input.values),
    step,
  );
}
