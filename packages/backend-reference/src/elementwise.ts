import { broadcastIndexMap, broadcastShapes } from './broadcast.js';
import { sizeOf, type DenseArray } from './dense-array.js';

/**
 * Applies `f` to every pair of elements of `a` and `b`, broadcast NumPy-style.
 * @example binaryKernel('add', a, b, (x, y) => x + y)
 */
export function binaryKernel(op: string, a: DenseArray, b: DenseArray, f: (x: number, y: number) => number): DenseArray {
  const shape = broadcastShapes(op, a.shape, b.shape);
  const indexA = broadcastIndexMap(shape, a.shape);
  const indexB = broadcastIndexMap(shape, b.shape);
  const data = new Float64Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) {
    data[i] = f(a.data[indexA[i] as number] as number, b.data[indexB[i] as number] as number);
  }
  return { shape, data };
}

/**
 * Applies `f` to every element of `x`.
 * @example unaryKernel(x, Math.exp)
 */
export function unaryKernel(x: DenseArray, f: (value: number) => number): DenseArray {
  const data = new Float64Array(x.data.length);
  for (let i = 0; i < data.length; i++) data[i] = f(x.data[i] as number);
  return { shape: [...x.shape], data };
}

/**
 * σ(x) = 1 / (1 + e⁻ˣ), written so that e^|x| never overflows.
 * @example sigmoid(0) // 0.5
 */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const ex = Math.exp(x);
  return ex / (1 + ex);
}

/**
 * softplus(x) = log(1 + eˣ) = max(x, 0) + log1p(e^−|x|): exact for large |x| (no overflow, no
 * lost precision when eˣ is tiny).
 * @example softplus(100) // 100
 */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/**
 * log σ(x) = −softplus(−x) = min(x, 0) − log1p(e^−|x|), stable for large |x|.
 * @example logSigmoid(-100) // -100
 */
export function logSigmoid(x: number): number {
  return Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x)));
}
