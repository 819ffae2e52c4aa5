import * as tf from '@tensorflow/tfjs-core';
import { DENSE_PRODUCT_KERNEL, MAT_MUL_KERNEL, simdMatMulAvailable } from './fused/mat-mul-kernel.js';
import { registerFusedKernels } from './fused/register-fused-kernels.js';

/**
 * Elements of work one extra kernel call is worth in {@link swappedIsCheaper}'s cost model:
 * a tfjs kernel call costs ≈ 10 µs whatever its size, a transpose or XNNPACK's weight packing
 * ≈ 0.5 ns per element (both measured on tfjs-wasm, Node 20).
 */
const KERNEL_CALL_COST = 20_000;

/**
 * The product `op(a) · op(b)` on the `wasm` flavor, with a gradient that computes the same
 * math as tfjs's own but never hands a transpose flag to tfjs-wasm's `BatchMatMul`.
 *
 * Why: tfjs-wasm runs an unbatched product with no transpose flag through XNNPACK, and every
 * other product through a plain scalar triple loop (`slow_batch_matmul`). A `[32, 400] ×
 * [129, 400]ᵀ` product takes ≈ 1.9 ms with `transposeB`, ≈ 0.35 ms as an explicit transpose and
 * a flag-free product; tfjs's own matMul gradient uses exactly those flags (`dA = dC · Bᵀ`,
 * `dB = Aᵀ · dC`), so a training step spent most of its time there. Batched products
 * (`[B, m, k] × [B, k, n]`, B > 1) take the triple loop whatever the flags, so they keep them,
 * except outer products (k = 1), which are a broadcast multiply (≈ 8× faster than the loop).
 *
 * Where tfjs-wasm's heap and WebAssembly SIMD are available (the usual case), every product
 * but the plain unbatched one runs as the SIMD kernel `NtmMatMul` instead (native/mat_mul.c),
 * which reads a transposed operand in place; the routes below are the fallback.
 *
 * Only for operands of equal rank 2 or 3 with equal batch sizes; anything else (broadcast
 * batch axes, rank > 3) goes to `tf.matMul` and its own gradient. On the `cpu` flavor the flags
 * are as fast as explicit transposes or faster (measured), so that flavor does not use this.
 *
 * Gradients, for C = op(A) · op(B) with upstream dC:
 * - C = A · B:   dA = dC · Bᵀ,   dB = Aᵀ · dC
 * - C = A · Bᵀ:  dA = dC · B,    dB = dCᵀ · A
 * - C = Aᵀ · B:  dA = B · dCᵀ,   dB = A · dC
 * - C = Aᵀ · Bᵀ: dA = Bᵀ · dCᵀ,  dB = dCᵀ · Aᵀ
 *
 * @example matMulWithGradient(x, kernel) // [32, 129] × [129, 400] → [32, 400]
 */
export function matMulWithGradient(a: tf.Tensor, b: tf.Tensor, transposeA = false, transposeB = false): tf.Tensor {
  if (!handlesShapes(a, b)) return tf.matMul(a, b, transposeA, transposeB);
  if (simdMatMulAvailable()) {
    // One kernel with a registered gradient, no custom-gradient scope: XNNPACK for the plain
    // unbatched product, the SIMD kernel for everything else and for every gradient.
    registerFusedKernels();
    const plain = a.rank === 2 && !transposeA && !transposeB;
    return tf.engine().runKernel(plain ? DENSE_PRODUCT_KERNEL : MAT_MUL_KERNEL, { a, b }, { transposeA, transposeB }) as tf.Tensor;
  }
  const product = tf.customGrad((left, right, save) => {
    (save as tf.GradSaveFunc)([left as tf.Tensor, right as tf.Tensor]);
    return {
      value: fastProduct(left as tf.Tensor, right as tf.Tensor, transposeA, transposeB),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedA, savedB] = saved as [tf.Tensor, tf.Tensor];
        if (!transposeA && !transposeB) return [fastProduct(dy, savedB, false, true), fastProduct(savedA, dy, true, false)];
        if (!transposeA) return [fastProduct(dy, savedB, false, false), fastProduct(dy, savedA, true, false)];
        if (!transposeB) return [fastProduct(savedB, dy, false, true), fastProduct(savedA, dy, false, false)];
        return [fastProduct(savedB, dy, true, true), fastProduct(dy, savedA, true, true)];
      },
    };
  });
  return product(a, b);
}

/** Both rank 2, or both rank 3 with the same batch size: the shapes the contract batches. */
function handlesShapes(a: tf.Tensor, b: tf.Tensor): boolean {
  if (a.rank === 2 && b.rank === 2) return true;
  return a.rank === 3 && b.rank === 3 && a.shape[0] === b.shape[0];
}

/** Swaps the last two axes. */
function swapLastAxes(x: tf.Tensor): tf.Tensor {
  return tf.transpose(x, x.rank === 2 ? [1, 0] : [0, 2, 1]);
}

/**
 * `op(x) · op(y)` by the cheapest route tfjs-wasm offers for its shapes (see
 * {@link matMulWithGradient}); the same values whichever route it takes.
 */
function fastProduct(x: tf.Tensor, y: tf.Tensor, transposeX: boolean, transposeY: boolean): tf.Tensor {
  const rank = x.rank;
  const batch = rank === 3 ? (x.shape[0] as number) : 1;
  // XNNPACK stays the fastest for a single product without flags; every other case goes to the
  // SIMD kernel, which reads transposed operands in place (no transpose copies).
  if ((transposeX || transposeY || batch > 1) && simdMatMulAvailable()) {
    registerFusedKernels();
    return tf.engine().runKernel(MAT_MUL_KERNEL, { a: x, b: y }, { transposeA: transposeX, transposeB: transposeY }) as tf.Tensor;
  }
  if (batch > 1) {
    const shared = x.shape[transposeX ? rank - 2 : rank - 1] as number;
    if (shared !== 1) return tf.matMul(x, y, transposeX, transposeY);
    // An outer product per batch row: op(x) is a column [B, m, 1], op(y) a row [B, 1, n]. An axis
    // of size 1 moves by a reshape, no copy.
    const rows = transposeX ? (x.shape[2] as number) : (x.shape[1] as number);
    const columns = transposeY ? (y.shape[1] as number) : (y.shape[2] as number);
    const column = transposeX ? tf.reshape(x, [batch, rows, 1]) : x; // [B, m, 1]
    const row = transposeY ? tf.reshape(y, [batch, 1, columns]) : y; // [B, 1, n]
    return tf.mul(column, row); // [B, m, n]
  }
  if (swappedIsCheaper(x, y, transposeX, transposeY)) {
    // op(x) · op(y) = (op(y)ᵀ · op(x)ᵀ)ᵀ, where op(y)ᵀ is y itself when transposeY.
    const left = transposeY ? y : swapLastAxes(y);
    const right = transposeX ? x : swapLastAxes(x);
    return swapLastAxes(tf.matMul(left, right));
  }
  return tf.matMul(transposeX ? swapLastAxes(x) : x, transposeY ? swapLastAxes(y) : y);
}

/**
 * Whether `(op(y)ᵀ · op(x)ᵀ)ᵀ` costs less than `op(x) · op(y)` with explicit transposes.
 * Costs in elements touched: each transpose copies its input, XNNPACK packs the right operand
 * (its "weights") into its own layout on every new tensor, and the swapped route transposes
 * its output too. `dA = dC · Wᵀ` of an LSTM kernel W `[129, 400]` is the case it is for:
 * transposing and packing W every time step costs more than moving dC and the result.
 */
function swappedIsCheaper(x: tf.Tensor, y: tf.Tensor, transposeX: boolean, transposeY: boolean): boolean {
  const rank = x.rank;
  const rows = x.shape[transposeX ? rank - 1 : rank - 2] as number;
  const columns = y.shape[transposeY ? rank - 2 : rank - 1] as number;
  const transposeCost = (size: number): number => size + KERNEL_CALL_COST;
  const direct = (transposeX ? transposeCost(x.size) : 0) + (transposeY ? transposeCost(y.size) : 0) + y.size;
  const swapped = (transposeY ? 0 : transposeCost(y.size)) + (transposeX ? 0 : transposeCost(x.size)) + x.size + transposeCost(rows * columns);
  return swapped < direct;
}
