import { ShapeError } from '@ntm/backend';

/**
 * Plain row-major float64 values with their shape: what every kernel of the reference
 * backend reads and returns. Kernels are pure functions over these, so each one can be read
 * (and tested) on its own, apart from the backend's bookkeeping of live tensors.
 */
export interface DenseArray {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

/**
 * The number of elements of a shape (1 for a scalar's `[]`).
 * @example sizeOf([2, 3]) // 6
 */
export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const dimension of shape) size *= dimension;
  return size;
}

/**
 * Row-major strides: how far apart, in elements, two neighbours along each axis are.
 * @example stridesOf([2, 3, 4]) // [12, 4, 1]
 */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    strides[axis] = stride;
    stride *= shape[axis] as number;
  }
  return strides;
}

/**
 * A shape as it appears in error messages.
 * @example formatShape([2, 3]) // '[2, 3]'
 */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * Checks that `shape` is an array of non-negative integers; `op` and `argument` name it in the error.
 * @example checkShape('fill', 'shape', [2, 3])
 */
export function checkShape(op: string, argument: string, shape: readonly number[]): void {
  if (!Array.isArray(shape) || !shape.every((size) => Number.isInteger(size) && size >= 0)) {
    throw new ShapeError(`${op}: ${argument} must be an array of non-negative integers, got ${Array.isArray(shape) ? formatShape(shape) : String(shape)}`);
  }
}

/**
 * Resolves a possibly negative axis against a rank (`-1` is the last axis).
 * @example normaliseAxis('sum', -1, 3) // 2
 */
export function normaliseAxis(op: string, axis: number, shape: readonly number[]): number {
  const rank = shape.length;
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    const range = rank === 0 ? 'none: a rank-0 tensor has no axes' : `an integer in [${-rank}, ${rank - 1}]`;
    throw new ShapeError(`${op}: axis ${String(axis)} is out of range for a rank-${rank} tensor of shape ${formatShape(shape)}; expected ${range}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/**
 * The multi-index of a row-major flat index.
 * @example unravelIndex(5, [2, 3]) // [1, 2]
 */
export function unravelIndex(index: number, shape: readonly number[]): number[] {
  const multiIndex = new Array<number>(shape.length);
  let rest = index;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const size = shape[axis] as number;
    multiIndex[axis] = rest % size;
    rest = Math.floor(rest / size);
  }
  return multiIndex;
}

/**
 * The product of the sizes of axes `[from, to)`: the outer/inner block sizes of a reduction.
 * @example sizeBetween([2, 3, 4], 1, 3) // 12
 */
export function sizeBetween(shape: readonly number[], from: number, to: number): number {
  let size = 1;
  for (let axis = from; axis < to; axis++) size *= shape[axis] as number;
  return size;
}
