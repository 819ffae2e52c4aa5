import { ShapeError, type Shape } from '@ntm/backend';

/**
 * Argument checks the tfjs kernels skip or word poorly. They are what makes a wrong call
 * fail with a sentence instead of garbage: the WASM kernels do not bounds-check everything.
 * Each costs a few comparisons, against ≈ 10 µs for the kernel call itself.
 */

/** `[2, 3]` for the shape `[2, 3]`. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * The number of elements of a shape.
 * @example sizeOf([2, 3]) // 6
 */
export function sizeOf(shape: Shape): number {
  let size = 1;
  for (const dimension of shape) size *= dimension;
  return size;
}

/**
 * Throws unless `shape` is an array of non-negative integers (no `-1`: the contract has none).
 * @example checkShape('fill', 'shape', [2, 3])
 */
export function checkShape(op: string, argument: string, shape: Shape): void {
  if (!Array.isArray(shape) || !shape.every((size) => Number.isInteger(size) && size >= 0)) {
    throw new ShapeError(`${op}: ${argument} must be an array of non-negative integers, got ${Array.isArray(shape) ? formatShape(shape) : String(shape)}`);
  }
}

/**
 * The axis counted from the front; throws unless `-rank <= axis < rank`.
 * @example normaliseAxis('sum', -1, [2, 3]) // 1
 */
export function normaliseAxis(op: string, axis: number, shape: Shape): number {
  const rank = shape.length;
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    const range = rank === 0 ? 'none: a rank-0 tensor has no axes' : `an integer in [${-rank}, ${rank - 1}]`;
    throw new ShapeError(`${op}: axis ${String(axis)} is out of range for a tensor of shape ${formatShape(shape)}; expected ${range}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/**
 * Throws unless `permutation` holds each axis of `shape` exactly once.
 * @example checkPermutation([1, 0], [2, 3])
 */
export function checkPermutation(permutation: readonly number[], shape: Shape): void {
  const rank = shape.length;
  if (!isPermutation(permutation, rank)) {
    throw new ShapeError(
      `transpose: permutation ${Array.isArray(permutation) ? formatShape(permutation) : String(permutation)} is not a permutation of the ${rank} axes of shape ${formatShape(shape)}; expected each of 0…${rank - 1} exactly once`,
    );
  }
}

function isPermutation(permutation: readonly number[], rank: number): boolean {
  if (!Array.isArray(permutation) || permutation.length !== rank) return false;
  const seen = new Set<number>();
  for (const axis of permutation) {
    if (!Number.isInteger(axis) || axis < 0 || axis >= rank || seen.has(axis)) return false;
    seen.add(axis);
  }
  return true;
}

/**
 * Throws unless every index is an integer in `[0, length)`.
 * @example checkIndices([0, 2], 3, 1, [4, 3])
 */
export function checkIndices(indices: readonly number[], length: number, axis: number, shape: Shape): void {
  if (!Array.isArray(indices)) throw new ShapeError(`gather: indices must be an array of integers, got ${String(indices)}`);
  for (let position = 0; position < indices.length; position++) {
    const index = indices[position];
    if (!Number.isInteger(index) || (index as number) < 0 || (index as number) >= length) {
      throw new ShapeError(
        `gather: indices[${position}] = ${String(index)} is out of range for axis ${axis} of shape ${formatShape(shape)}; expected an integer in [0, ${length - 1}]`,
      );
    }
  }
}

/**
 * Throws unless `begin` and `size` fit inside `shape` (`size[i] = -1` means "to the end").
 * @example checkSlice([0, 1], [-1, 2], [4, 3])
 */
export function checkSlice(begin: readonly number[], size: readonly number[], shape: Shape): void {
  const rank = shape.length;
  const where = (): string => `begin ${formatList(begin)}, size ${formatList(size)} on shape ${formatShape(shape)}`;
  if (!Array.isArray(begin) || !Array.isArray(size) || begin.length !== rank || size.length !== rank) {
    throw new ShapeError(`slice: begin and size must each have one entry per axis (${rank}), got ${where()}`);
  }
  for (let axis = 0; axis < rank; axis++) {
    const start = begin[axis] as number;
    const length = shape[axis] as number;
    const extent = size[axis] === -1 ? length - start : (size[axis] as number);
    if (!Number.isInteger(start) || !Number.isInteger(extent) || start < 0 || extent < 0 || start + extent > length) {
      throw new ShapeError(`slice: axis ${axis} is out of bounds for ${where()}; expected 0 <= begin, 0 <= size (or -1) and begin + size <= ${length}`);
    }
  }
}

/**
 * Throws unless `reps` holds one non-negative integer per axis.
 * @example checkReps([2, 1], [4, 3])
 */
export function checkReps(reps: readonly number[], shape: Shape): void {
  if (!Array.isArray(reps) || reps.length !== shape.length || !reps.every((count) => Number.isInteger(count) && count >= 0)) {
    throw new ShapeError(
      `tile: reps ${Array.isArray(reps) ? formatShape(reps) : String(reps)} must hold one non-negative integer per axis of shape ${formatShape(shape)}`,
    );
  }
}

function formatList(values: unknown): string {
  return Array.isArray(values) ? formatShape(values as number[]) : String(values);
}
