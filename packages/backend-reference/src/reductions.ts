import { ShapeError } from '@ntm/backend';
import { formatShape, normaliseAxis, sizeBetween, type DenseArray } from './dense-array.js';

/**
 * Folds `x` along one axis with `combine`, starting from `initial`.
 *
 * The tensor is viewed as `[outer, length, inner]` around the axis, so element
 * `(o, k, i)` sits at `(o · length + k) · inner + i`.
 *
 * @example reduceKernel('sum', x, -1, false, 0, (total, value) => total + value)
 */
export function reduceKernel(
  op: string,
  x: DenseArray,
  axis: number,
  keepDims: boolean,
  initial: number,
  combine: (accumulator: number, value: number) => number,
): DenseArray {
  const reduced = normaliseAxis(op, axis, x.shape);
  const outer = sizeBetween(x.shape, 0, reduced);
  const length = x.shape[reduced] as number;
  const inner = sizeBetween(x.shape, reduced + 1, x.shape.length);
  const data = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let accumulator = initial;
      for (let k = 0; k < length; k++) {
        accumulator = combine(accumulator, x.data[(o * length + k) * inner + i] as number);
      }
      data[o * inner + i] = accumulator;
    }
  }
  const shape = keepDims ? x.shape.map((size, index) => (index === reduced ? 1 : size)) : x.shape.filter((_, index) => index !== reduced);
  return { shape, data };
}

/**
 * The larger of two numbers, NaN if either is NaN (so a NaN in a max reduction is not hidden).
 * @example maxPropagatingNaN(1, NaN) // NaN
 */
export function maxPropagatingNaN(a: number, b: number): number {
  return Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b);
}

/**
 * Softmax along the last axis: exp(x − max) / Σ exp(x − max). Subtracting the row's maximum
 * changes nothing mathematically and keeps every exponent ≤ 0, so large inputs cannot overflow.
 *
 * @example softmaxKernel({ shape: [2], data: Float64Array.of(0, Math.log(3)) }) // [0.25, 0.75]
 */
export function softmaxKernel(x: DenseArray): DenseArray {
  if (x.shape.length === 0) {
    throw new ShapeError(`softmax: x must have rank >= 1 (softmax runs along the last axis), got shape ${formatShape(x.shape)}`);
  }
  const length = x.shape[x.shape.length - 1] as number;
  const rows = length === 0 ? 0 : x.data.length / length;
  const data = new Float64Array(x.data.length);
  for (let row = 0; row < rows; row++) {
    const start = row * length;
    let maximum = -Infinity;
    for (let k = 0; k < length; k++) maximum = maxPropagatingNaN(maximum, x.data[start + k] as number);
    let total = 0;
    for (let k = 0; k < length; k++) {
      const value = Math.exp((x.data[start + k] as number) - maximum);
      data[start + k] = value;
      total += value;
    }
    for (let k = 0; k < length; k++) data[start + k] = (data[start + k] as number) / total;
  }
  return { shape: [...x.shape], data };
}
