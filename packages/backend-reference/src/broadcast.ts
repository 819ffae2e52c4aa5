import { ShapeError } from '@ntm/backend';
import { formatShape, sizeOf, stridesOf } from './dense-array.js';

/**
 * The NumPy broadcast of two shapes: trailing axes aligned, each pair of sizes equal or one
 * of them 1.
 *
 * @example broadcastShapes('add', [2, 3, 4], [3, 1]) // [2, 3, 4]
 */
export function broadcastShapes(op: string, a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const shape = new Array<number>(rank);
  for (let axis = 0; axis < rank; axis++) {
    // Counted from the end, so a missing leading axis reads as size 1.
    const sizeA = a[a.length - rank + axis] ?? 1;
    const sizeB = b[b.length - rank + axis] ?? 1;
    if (sizeA !== sizeB && sizeA !== 1 && sizeB !== 1) {
      throw new ShapeError(
        `${op}: cannot broadcast shapes ${formatShape(a)} and ${formatShape(b)}: axis ${axis - rank} has sizes ${sizeA} and ${sizeB}; expected equal sizes or one of them 1`,
      );
    }
    shape[axis] = sizeA === 1 ? sizeB : sizeA;
  }
  return shape;
}

/**
 * For every element of a tensor of shape `outputShape`, the flat index of the element of a
 * tensor of shape `inputShape` (broadcastable to it) that lands there.
 *
 * @example broadcastIndexMap([2, 3], [3]) // Int32Array [0, 1, 2, 0, 1, 2]
 */
export function broadcastIndexMap(outputShape: readonly number[], inputShape: readonly number[]): Int32Array {
  const rank = outputShape.length;
  const offset = rank - inputShape.length;
  const inputStrides = stridesOf(inputShape);
  // A broadcast axis (missing or of size 1 in the input) does not move through the input.
  const strides = outputShape.map((_, axis) => {
    const inputAxis = axis - offset;
    return inputAxis < 0 || inputShape[inputAxis] === 1 ? 0 : (inputStrides[inputAxis] as number);
  });
  const map = new Int32Array(sizeOf(outputShape));
  for (let index = 0; index < map.length; index++) {
    let rest = index;
    let inputIndex = 0;
    for (let axis = rank - 1; axis >= 0; axis--) {
      const size = outputShape[axis] as number;
      inputIndex += (rest % size) * (strides[axis] as number);
      rest = Math.floor(rest / size);
    }
    map[index] = inputIndex;
  }
  return map;
}
