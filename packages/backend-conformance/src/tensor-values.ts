import type { NtmBackend, Tensor } from '@ntm/backend';
import type { Random } from '@ntm/random';

/** A tensor's content as plain JavaScript: row-major values and a shape. */
export interface TensorValues {
  readonly values: ArrayLike<number>;
  readonly shape: readonly number[];
}

/**
 * The number of elements of a shape.
 * @example sizeOfShape([2, 3]) // 6
 */
export function sizeOfShape(shape: readonly number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}

/**
 * Reads a tensor back as {@link TensorValues} (values as float64).
 * @example readTensor(backend, backend.fill([2], 1)) // { values: Float64Array [1, 1], shape: [2] }
 */
export function readTensor(backend: NtmBackend, tensor: Tensor): { values: Float64Array; shape: number[] } {
  return { values: Float64Array.from(backend.readSync(tensor)), shape: [...tensor.shape] };
}

/**
 * Random values uniform in [min, max), each rounded to the nearest float32, so a float32
 * backend and the float64 reference are handed exactly the same numbers and any difference
 * comes from the computation, not from storing the inputs.
 *
 * @example randomValues(new Random(1), [2, 3], -1, 1) // { values: Float64Array(6), shape: [2, 3] }
 */
export function randomValues(random: Random, shape: readonly number[], min: number, max: number): { values: Float64Array; shape: number[] } {
  const values = new Float64Array(sizeOfShape(shape));
  for (let i = 0; i < values.length; i++) values[i] = Math.fround(random.uniform(min, max));
  return { values, shape: [...shape] };
}

/**
 * Random rows of positive values summing to 1 along the last axis, as weightings and shift
 * kernels are, rounded to float32 so that a float32 and a float64 backend see the same numbers.
 *
 * @example const weighting = randomDistributions(new Random(1), [2, 1, 128]); // each row sums to 1
 */
export function randomDistributions(random: Random, shape: readonly number[]): { values: Float64Array; shape: number[] } {
  const { values } = randomValues(random, shape, 0.05, 1);
  const length = shape[shape.length - 1] as number;
  for (let start = 0; start < values.length; start += length) {
    let total = 0;
    for (let i = start; i < start + length; i++) total += values[i] as number;
    for (let i = start; i < start + length; i++) values[i] = Math.fround((values[i] as number) / total);
  }
  return { values, shape: [...shape] };
}
