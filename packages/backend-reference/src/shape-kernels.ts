import { ShapeError } from '@ntm/backend';
import { checkShape, formatShape, normaliseAxis, sizeBetween, sizeOf, stridesOf, unravelIndex, type DenseArray } from './dense-array.js';

/**
 * The same values under a new shape of the same size. `-1` (size inference) is not part of
 * the contract, so it is refused here rather than quietly accepted by the oracle only.
 *
 * @example reshapeKernel(x, [3, 2]) // x of shape [2, 3]
 */
export function reshapeKernel(x: DenseArray, shape: readonly number[]): DenseArray {
  checkShape('reshape', 'shape', shape);
  if (sizeOf(shape) !== x.data.length) {
    throw new ShapeError(
      `reshape: cannot reshape ${formatShape(x.shape)} (${x.data.length} elements) to ${formatShape(shape)} (${sizeOf(shape)} elements); expected the same number of elements`,
    );
  }
  return { shape: [...shape], data: x.data.slice() };
}

/**
 * Reorders the axes: output axis `i` is input axis `permutation[i]`.
 * @example transposeKernel(x, [1, 0]) // the matrix transpose
 */
export function transposeKernel(x: DenseArray, permutation: readonly number[]): DenseArray {
  const rank = x.shape.length;
  const isPermutation =
    Array.isArray(permutation) && permutation.length === rank && [...permutation].sort((p, q) => p - q).every((axis, index) => axis === index);
  if (!isPermutation) {
    throw new ShapeError(
      `transpose: permutation ${Array.isArray(permutation) ? formatShape(permutation) : String(permutation)} is not a permutation of the ${rank} axes of shape ${formatShape(x.shape)}; expected each of 0…${rank - 1} exactly once`,
    );
  }
  const shape = permutation.map((axis) => x.shape[axis] as number);
  const inputStrides = stridesOf(x.shape);
  const data = new Float64Array(x.data.length);
  for (let index = 0; index < data.length; index++) {
    const outputIndex = unravelIndex(index, shape);
    let inputIndex = 0;
    for (let axis = 0; axis < rank; axis++) {
      inputIndex += (outputIndex[axis] as number) * (inputStrides[permutation[axis] as number] as number);
    }
    data[index] = x.data[inputIndex] as number;
  }
  return { shape, data };
}

/**
 * Joins tensors along an axis; every other axis must match.
 * @example concatKernel([a, b], -1) // a [2, 3], b [2, 1] → [2, 4]
 */
export function concatKernel(xs: readonly DenseArray[], axis: number): DenseArray {
  const first = xs[0];
  if (first === undefined) throw new ShapeError('concat: xs must hold at least one tensor, got none');
  const joined = normaliseAxis('concat', axis, first.shape);
  const shapes = (): string => xs.map((x) => formatShape(x.shape)).join(', ');
  for (const [position, x] of xs.entries()) {
    const matches = x.shape.length === first.shape.length && x.shape.every((size, index) => index === joined || size === first.shape[index]);
    if (!matches) {
      throw new ShapeError(
        `concat: xs[${position}] has shape ${formatShape(x.shape)}, which does not match xs[0] ${formatShape(first.shape)} outside axis ${axis} (shapes ${shapes()}); expected the same rank and sizes on every other axis`,
      );
    }
  }
  const outer = sizeBetween(first.shape, 0, joined);
  const shape = first.shape.map((size, index) => (index === joined ? xs.reduce((total, x) => total + (x.shape[joined] as number), 0) : size));
  const outputBlock = sizeBetween(shape, joined, shape.length);
  const data = new Float64Array(sizeOf(shape));
  let offset = 0;
  for (const x of xs) {
    // Each input contributes one contiguous block of `block` values to every outer row.
    const block = sizeBetween(x.shape, joined, x.shape.length);
    for (let o = 0; o < outer; o++) {
      data.set(x.data.subarray(o * block, (o + 1) * block), o * outputBlock + offset);
    }
    offset += block;
  }
  return { shape, data };
}

/**
 * The block starting at `begin` of extent `size` (`-1`: to the end of that axis).
 * @example sliceKernel(x, [0, 1], [-1, 2]) // x [3, 4] → columns 1 and 2 of every row: [3, 2]
 */
export function sliceKernel(x: DenseArray, begin: readonly number[], size: readonly number[]): DenseArray {
  const rank = x.shape.length;
  const where = (): string => `begin ${formatShape(begin)}, size ${formatShape(size)} on shape ${formatShape(x.shape)}`;
  if (!Array.isArray(begin) || !Array.isArray(size) || begin.length !== rank || size.length !== rank) {
    throw new ShapeError(`slice: begin and size must each have one entry per axis (${rank}), got ${where()}`);
  }
  const shape = size.map((extent, axis) => (extent === -1 ? (x.shape[axis] as number) - (begin[axis] as number) : extent));
  for (let axis = 0; axis < rank; axis++) {
    const start = begin[axis] as number;
    const extent = shape[axis] as number;
    if (!Number.isInteger(start) || !Number.isInteger(extent) || start < 0 || extent < 0 || start + extent > (x.shape[axis] as number)) {
      throw new ShapeError(`slice: axis ${axis} is out of bounds for ${where()}; expected 0 <= begin, 0 <= size (or -1) and begin + size <= ${x.shape[axis]}`);
    }
  }
  const inputStrides = stridesOf(x.shape);
  const data = new Float64Array(sizeOf(shape));
  for (let index = 0; index < data.length; index++) {
    const outputIndex = unravelIndex(index, shape);
    let inputIndex = 0;
    for (let axis = 0; axis < rank; axis++) {
      inputIndex += ((outputIndex[axis] as number) + (begin[axis] as number)) * (inputStrides[axis] as number);
    }
    data[index] = x.data[inputIndex] as number;
  }
  return { shape, data };
}

/**
 * Picks entries `indices` along `axis`: the output has `indices.length` in place of that axis.
 * @example gatherKernel(x, [3, 0, 1], -1) // x [2, 4] → a circular shift of every row: [2, 3]
 */
export function gatherKernel(x: DenseArray, indices: readonly number[], axis: number): DenseArray {
  const gathered = normaliseAxis('gather', axis, x.shape);
  const length = x.shape[gathered] as number;
  if (!Array.isArray(indices)) throw new ShapeError(`gather: indices must be an array of integers, got ${String(indices)}`);
  for (const [position, index] of indices.entries()) {
    if (!Number.isInteger(index) || index < 0 || index >= length) {
      throw new ShapeError(
        `gather: indices[${position}] = ${String(index)} is out of range for axis ${axis} of shape ${formatShape(x.shape)}; expected an integer in [0, ${length - 1}]`,
      );
    }
  }
  const outer = sizeBetween(x.shape, 0, gathered);
  const inner = sizeBetween(x.shape, gathered + 1, x.shape.length);
  const shape = x.shape.map((size, index) => (index === gathered ? indices.length : size));
  const data = new Float64Array(outer * indices.length * inner);
  for (let o = 0; o < outer; o++) {
    for (const [j, index] of indices.entries()) {
      data.set(x.data.subarray((o * length + index) * inner, (o * length + index + 1) * inner), (o * indices.length + j) * inner);
    }
  }
  return { shape, data };
}

/**
 * Repeats `x` `reps[i]` times along axis `i`.
 * @example tileKernel(x, [1, 2]) // x [2, 3] → [2, 6], each row written twice
 */
export function tileKernel(x: DenseArray, reps: readonly number[]): DenseArray {
  const rank = x.shape.length;
  if (!Array.isArray(reps) || reps.length !== rank || !reps.every((count) => Number.isInteger(count) && count >= 0)) {
    throw new ShapeError(
      `tile: reps ${Array.isArray(reps) ? formatShape(reps) : String(reps)} must hold one non-negative integer per axis of shape ${formatShape(x.shape)}`,
    );
  }
  const shape = x.shape.map((size, axis) => size * (reps[axis] as number));
  const inputStrides = stridesOf(x.shape);
  const data = new Float64Array(sizeOf(shape));
  for (let index = 0; index < data.length; index++) {
    const outputIndex = unravelIndex(index, shape);
    let inputIndex = 0;
    for (let axis = 0; axis < rank; axis++) {
      inputIndex += ((outputIndex[axis] as number) % (x.shape[axis] as number)) * (inputStrides[axis] as number);
    }
    data[index] = x.data[inputIndex] as number;
  }
  return { shape, data };
}
