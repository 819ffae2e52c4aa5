import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@ntm/backend';
import { expectClose, finiteDifferenceGradients, FLOAT32_GRADIENT_TOLERANCE, FLOAT32_TOLERANCE } from '@ntm/backend-conformance';
import { createReferenceBackend } from '@ntm/backend-reference';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAT_MUL_KERNEL } from './fused/mat-mul-kernel.js';
import { createTfjsBackend, type TfjsBackend } from './index.js';
import { SeededValues } from './test-support/seeded-values.js';
import { inTidy } from './test-support/tidy-reads.js';

interface Case {
  readonly name: string;
  readonly a: number[];
  readonly b: number[];
  /** Too large for finite differences (one reference product per element): tfjs's own gradient is the oracle. */
  readonly large?: boolean;
}

/** Operand shapes for each flag combination, chosen so that every route of the product runs. */
function casesFor(transposeA: boolean, transposeB: boolean): Case[] {
  const matrix = (rows: number, columns: number, transpose: boolean, batch?: number): number[] => {
    const shape = transpose ? [columns, rows] : [rows, columns];
    return batch === undefined ? shape : [batch, ...shape];
  };
  return [
    { name: 'unbatched [3, 5] × [5, 4]', a: matrix(3, 5, transposeA), b: matrix(5, 4, transposeB) },
    // A wide right operand: its gradient dA = dC · Bᵀ takes the swapped route (Bᵀ is never built).
    { name: 'unbatched [4, 200] × [200, 150]', a: matrix(4, 200, transposeA), b: matrix(200, 150, transposeB), large: true },
    { name: 'batch of one [1, 3, 4] × [1, 4, 2]', a: matrix(3, 4, transposeA, 1), b: matrix(4, 2, transposeB, 1) },
    { name: 'batched [3, 2, 6] × [3, 6, 5]', a: matrix(2, 6, transposeA, 3), b: matrix(6, 5, transposeB, 3) },
    // Inner size 1: an outer product per batch row, computed as a broadcast multiply.
    { name: 'batched outer products [2, 4, 1] × [2, 1, 3]', a: matrix(4, 1, transposeA, 2), b: matrix(1, 3, transposeB, 2) },
    // Rows of 1 on both sides: each gradient is an outer product too.
    { name: 'batched rows [3, 1, 7] × [3, 7, 2]', a: matrix(1, 7, transposeA, 3), b: matrix(7, 2, transposeB, 3) },
  ];
}

const flagCombinations = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
] as const;

const sizeOf = (shape: readonly number[]): number => shape.reduce((total, size) => total * size, 1);
const largest = (values: ArrayLike<number>): number => Math.max(1e-3, ...Array.from(values, Math.abs));

/** The gradients tfjs's own `BatchMatMul` gradient (transpose flags and all) gives Σ op(a)·op(b) ⊙ weights. */
function tfjsOwnGradients(
  a: Float64Array,
  shapeA: number[],
  b: Float64Array,
  shapeB: number[],
  weights: Float64Array,
  shape: readonly number[],
  transposeA: boolean,
  transposeB: boolean,
): Float64Array[] {
  const gradients = tf.tidy(() => {
    const target = tf.tensor(Float32Array.from(weights), shape as number[]);
    return tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, y, transposeA, transposeB), target)))([
      tf.tensor(Float32Array.from(a), shapeA),
      tf.tensor(Float32Array.from(b), shapeB),
    ]);
  });
  const values = gradients.map((gradient) => Float64Array.from(gradient.dataSync()));
  tf.dispose(gradients);
  return values;
}

describe('matMul on tfjs-wasm: explicit transposes, with its own gradient', () => {
  let backend: TfjsBackend;
  const reference = createReferenceBackend();
  const flagsSeen: [boolean, boolean, number][] = [];
  let simdProducts = 0;
  let restore: (() => void) | undefined;

  beforeAll(async () => {
    backend = await createTfjsBackend('wasm');
    // Record the flags every BatchMatMul kernel call receives, and the batch size it runs.
    const kernel = tf.getKernel('BatchMatMul', 'wasm') as tf.KernelConfig;
    const original = kernel.kernelFunc;
    (kernel as { kernelFunc: tf.KernelFunc }).kernelFunc = (args) => {
      const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
      const a = args.inputs['a'] as tf.TensorInfo;
      flagsSeen.push([transposeA, transposeB, a.shape.length === 3 ? (a.shape[0] as number) : 1]);
      return original(args);
    };
    // And the products the SIMD kernel took over (every product with a flag, and batched ones).
    const simdKernel = tf.getKernel(MAT_MUL_KERNEL, 'wasm') as tf.KernelConfig;
    const simdOriginal = simdKernel.kernelFunc;
    (simdKernel as { kernelFunc: tf.KernelFunc }).kernelFunc = (args) => {
      simdProducts++;
      return simdOriginal(args);
    };
    restore = () => {
      (kernel as { kernelFunc: tf.KernelFunc }).kernelFunc = original;
      (simdKernel as { kernelFunc: tf.KernelFunc }).kernelFunc = simdOriginal;
    };
  });
  afterAll(() => restore?.());

  const scoped = <T>(f: () => T): T => inTidy(backend, f);

  for (const [transposeA, transposeB] of flagCombinations) {
    for (const { name, a: shapeA, b: shapeB, large } of casesFor(transposeA, transposeB)) {
      it(`values and gradients equal the float64 reference: ${name}, transposeA ${transposeA}, transposeB ${transposeB}`, () => {
        const values = new SeededValues(sizeOf(shapeA) * 7 + sizeOf(shapeB) + (transposeA ? 1 : 0) + (transposeB ? 2 : 0));
        const a = values.uniform(sizeOf(shapeA), -1, 1);
        const b = values.uniform(sizeOf(shapeB), -1, 1);
        const expected = reference.tidy(() => reference.matMul(reference.tensor(a, shapeA), reference.tensor(b, shapeB), transposeA, transposeB));
        const weights = values.uniform(sizeOf(expected.shape), -1, 1);

        flagsSeen.length = 0;
        simdProducts = 0;
        const before = backend.numTensors();
        const [value, gradients, shape] = scoped(() => {
          const product = backend.matMul(backend.tensor(a, shapeA), backend.tensor(b, shapeB), transposeA, transposeB);
          const result = backend.valueAndGradients(
            (x, y) => backend.sumAll(backend.mul(backend.matMul(x, y, transposeA, transposeB), backend.tensor(weights, expected.shape))),
            [backend.tensor(a, shapeA), backend.tensor(b, shapeB)],
          );
          return [Float64Array.from(backend.readSync(product)), result.gradients.map((g) => Float64Array.from(backend.readSync(g))), product.shape] as const;
        });
        expect(backend.numTensors()).toBe(before);
        // The point of it all: no unbatched product reaches tfjs-wasm with a transpose flag.
        expect(flagsSeen.filter(([flagA, flagB, batch]) => batch === 1 && (flagA || flagB))).toEqual([]);
        expect(flagsSeen.length + simdProducts).toBeGreaterThan(0);
        // With WebAssembly SIMD (Node has it), every gradient product carries a flag: all go to NtmMatMul.
        expect(simdProducts).toBeGreaterThanOrEqual(2);
        expect(shape).toEqual(expected.shape);
        const exact = reference.readSync(expected);
        // Judged against the largest entry: a sum of 200 float32 products is off by ≈ 1e-6 of it.
        expectClose(value, exact, FLOAT32_TOLERANCE, 'op(a) · op(b)', largest(exact));

        const oracle = large
          ? tfjsOwnGradients(a, shapeA, b, shapeB, weights, expected.shape, transposeA, transposeB)
          : finiteDifferenceGradients(
              reference,
              (x, y) => reference.sumAll(reference.mul(reference.matMul(x, y, transposeA, transposeB), reference.tensor(weights, expected.shape))),
              [
                { values: a, shape: shapeA },
                { values: b, shape: shapeB },
              ],
            );
        ['a', 'b'].forEach((label, index) => {
          const want = oracle[index] as Float64Array;
          expectClose(gradients[index] as Float64Array, want, FLOAT32_GRADIENT_TOLERANCE, `d/d${label}`, largest(want));
        });
      });
    }
  }

  it('falls back to tfjs for shapes it does not batch itself (a rank-2 × rank-3 broadcast)', () => {
    const values = new SeededValues(5);
    const a = values.uniform(6, -1, 1);
    const b = values.uniform(2 * 3 * 4, -1, 1);
    const actual = scoped(() => Float64Array.from(backend.readSync(backend.matMul(backend.tensor(a, [2, 3]), backend.tensor(b, [2, 3, 4])))));
    const expected = reference.readSync(reference.matMul(reference.tensor(a, [2, 3]), reference.tensor(b, [2, 3, 4])));
    expectClose(actual, expected, FLOAT32_TOLERANCE, 'broadcast matMul');
  });

  it('refuses mismatched inner dimensions with a message naming both shapes and flags', () => {
    const a = backend.fill([2, 3], 1);
    const b = backend.fill([2, 3], 1);
    const c = backend.fill([3, 2], 1);
    expect(() => backend.matMul(a, b)).toThrow(
      'matMul: inner dimensions differ for a [2, 3] (transposeA false) and b [2, 3] (transposeB false): a contributes 3 columns but b contributes 2 rows; expected them equal',
    );
    expect(() => backend.matMul(a, b, false, true)).not.toThrow();
    expect(() => backend.matMul(a, c, true, true)).not.toThrow();
    expect(() => backend.matMul(a, c, true, false)).toThrow(/a contributes 2 columns but b contributes 3 rows/);
    backend.dispose([a, b, c]);
  });

  it('costs one kernel call forward (XNNPACK under NtmDenseProduct) and two products backward, with no custom-gradient scope', async () => {
    const x = backend.fill([4, 6], 0.5);
    const w = backend.fill([6, 3], 0.25);
    expect(await backend.countKernels(() => backend.matMul(x, w))).toEqual({ kernelCalls: 1, byKernel: { NtmDenseProduct: 1 } });
    const both = await backend.countKernels(() => backend.valueAndGradients((a, b) => backend.sumAll(backend.matMul(a as Tensor, b as Tensor)), [x, w]));
    expect(both.byKernel['NtmMatMul']).toBe(2);
    expect(both.byKernel['unnamed scope']).toBeUndefined();
    backend.dispose([x, w] as Tensor[]);
  });
});
