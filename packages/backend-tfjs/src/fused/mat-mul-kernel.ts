import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { InputShapes, SimdKernelDefinition } from './simd-kernel.js';
import { simdModuleOf } from './simd/simd-in-tfjs-heap.js';

/**
 * The tfjs kernel of a matrix product through the SIMD module (what `countKernels` reports):
 * `op(a) · op(b)` for operands of rank 2, or rank 3 with the same batch size. Its gradient
 * ({@link matMulGradient}) is two such products again, with the transposes as flags.
 *
 * @example tf.engine().runKernel(MAT_MUL_KERNEL, { a, b }, { transposeA: false, transposeB: true })
 */
export const MAT_MUL_KERNEL = 'NtmMatMul';
/**
 * A plain unbatched product `a · b` (rank 2, no flags) through tfjs-wasm's own `BatchMatMul`
 * (XNNPACK, the fastest for it), under a kernel name of ours so that its gradient is
 * {@link matMulGradient}'s: two {@link MAT_MUL_KERNEL} products, no transpose copies.
 *
 * @example tf.engine().runKernel(DENSE_PRODUCT_KERNEL, { a: x, b: weights }, { transposeA: false, transposeB: false }) // [B, n]
 */
export const DENSE_PRODUCT_KERNEL = 'NtmDenseProduct';

interface ProductSizes {
  readonly batch: number;
  readonly rows: number;
  readonly shared: number;
  readonly columns: number;
  readonly transposeA: boolean;
  readonly transposeB: boolean;
}

function sizesOf(shapes: InputShapes, attrs: tf.NamedAttrMap): ProductSizes {
  const [a, b] = shapes as [number[], number[]];
  const transposeA = attrs['transposeA'] === true;
  const transposeB = attrs['transposeB'] === true;
  const rank = a.length;
  return {
    batch: rank === 3 ? (a[0] as number) : 1,
    rows: a[transposeA ? rank - 1 : rank - 2] as number,
    shared: a[transposeA ? rank - 2 : rank - 1] as number,
    columns: b[transposeB ? rank - 2 : rank - 1] as number,
    transposeA,
    transposeB,
  };
}

/**
 * `NtmMatMul` (wasm with SIMD only): a `[(B,) m, k]` (or `[(B,) k, m]` with `transposeA`), b
 * `[(B,) k, n]` (or `[(B,) n, k]` with `transposeB`) → `[(B,) m, n]`, by the C kernel `mat_mul`
 * (native/mat_mul.c), which reads the transposes in place.
 *
 * @example tf.registerKernel({ kernelName: MAT_MUL_KERNEL, backendName: 'wasm', kernelFunc: simdKernelFunc(matMulKernel) });
 */
export const matMulKernel: SimdKernelDefinition = {
  kernelName: MAT_MUL_KERNEL,
  inputNames: ['a', 'b'],
  kernel: 'mat_mul',
  outputShapes: (shapes, attrs) => {
    const { batch, rows, columns } = sizesOf(shapes, attrs);
    return (shapes[0] as number[]).length === 3 ? [[batch, rows, columns]] : [[rows, columns]];
  },
  scalars: (shapes, attrs) => {
    const { batch, rows, shared, columns, transposeA, transposeB } = sizesOf(shapes, attrs);
    return [batch, rows, shared, columns, transposeA ? 1 : 0, transposeB ? 1 : 0];
  },
};

/**
 * {@link DENSE_PRODUCT_KERNEL} on wasm: tfjs-wasm's `BatchMatMul` kernel function itself.
 * @example tf.registerKernel(denseProductKernelConfig());
 */
export function denseProductKernelConfig(): tf.KernelConfig | null {
  const stock = tf.getKernel(tf.BatchMatMul, 'wasm');
  if (stock === undefined) return null;
  return {
    kernelName: DENSE_PRODUCT_KERNEL,
    backendName: 'wasm',
    kernelFunc: (args) => stock.kernelFunc({ ...args, attrs: { transposeA: false, transposeB: false } }),
  };
}

/** `op(x) · op(y)` as one {@link MAT_MUL_KERNEL} call. */
function product(x: tf.Tensor, y: tf.Tensor, transposeA: boolean, transposeB: boolean): tf.Tensor {
  return tf.engine().runKernel(MAT_MUL_KERNEL, { a: x, b: y }, { transposeA, transposeB }) as tf.Tensor;
}

/**
 * The gradient of a product C = op(A) · op(B) with upstream dC, as products with flags (which
 * {@link MAT_MUL_KERNEL} reads in place):
 * - C = A · B:   dA = dC · Bᵀ,   dB = Aᵀ · dC
 * - C = A · Bᵀ:  dA = dC · B,    dB = dCᵀ · A
 * - C = Aᵀ · B:  dA = B · dCᵀ,   dB = A · dC
 * - C = Aᵀ · Bᵀ: dA = Bᵀ · dCᵀ,  dB = dCᵀ · Aᵀ
 *
 * @example const [dA, dB] = productGradients(dC, a, b, false, false);
 */
function productGradients(dy: tf.Tensor, a: tf.Tensor, b: tf.Tensor, transposeA: boolean, transposeB: boolean): [tf.Tensor, tf.Tensor] {
  if (!transposeA && !transposeB) return [product(dy, b, false, true), product(a, dy, true, false)];
  if (!transposeA) return [product(dy, b, false, false), product(dy, a, true, false)];
  if (!transposeB) return [product(b, dy, false, true), product(a, dy, false, false)];
  return [product(b, dy, true, true), product(dy, a, true, true)];
}

function gradientConfig(kernelName: string): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved, attrs) => {
      const [a, b] = saved as [tf.Tensor, tf.Tensor];
      // Run now: each thunk runs in its own tidy, which would free the other product.
      const [da, db] = productGradients(dy as tf.Tensor, a, b, attrs['transposeA'] === true, attrs['transposeB'] === true);
      return { a: () => da, b: () => db };
    },
  };
}

/**
 * The gradients of {@link MAT_MUL_KERNEL} and {@link DENSE_PRODUCT_KERNEL} for tfjs's tape.
 * @example matMulGradients.forEach((gradient) => tf.registerGradient(gradient));
 */
export const matMulGradients: readonly tf.GradConfig[] = [gradientConfig(MAT_MUL_KERNEL), gradientConfig(DENSE_PRODUCT_KERNEL)];

/**
 * Whether the active tfjs backend runs {@link MAT_MUL_KERNEL} as WebAssembly SIMD (tfjs-wasm
 * with its heap reachable and an engine with SIMD); elsewhere tfjs's own product runs.
 *
 * @example if (simdMatMulAvailable()) tf.engine().runKernel(MAT_MUL_KERNEL, { a, b }, attrs);
 */
export function simdMatMulAvailable(): boolean {
  return tf.getBackend() === 'wasm' && simdModuleOf(tf.backend() as BackendWasm) !== null;
}
