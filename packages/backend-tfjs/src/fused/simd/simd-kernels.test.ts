import { fileURLToPath } from 'node:url';
import { expectClose } from '@ntm/backend-conformance';
import { describe, expect, it } from 'vitest';
import { hashNativeSources } from '../../../scripts/native-sources.mjs';
import { SeededValues } from '../../test-support/seeded-values.js';
import { SimdKernelModule } from './simd-kernel-module.js';
import { SIMD_KERNELS_SOURCE_HASH } from './simd-kernels-binary.js';

const packageRoot = fileURLToPath(new URL('../../..', import.meta.url));

function simd(): SimdKernelModule {
  const module = SimdKernelModule.load();
  if (module === null) throw new Error('this engine has WebAssembly SIMD (Node ≥ 16), so the module must load');
  return module;
}

describe('the WebAssembly SIMD kernels', () => {
  it('were compiled from the C sources in native/ as they are now (rebuild: pnpm --filter @ntm/backend-tfjs build:simd)', () => {
    expect(SIMD_KERNELS_SOURCE_HASH).toBe(hashNativeSources(packageRoot));
  });

  it('load in this engine, and a second load returns the same module', () => {
    expect(simd()).toBe(SimdKernelModule.load());
  });

  it('compute e^x and ln x to within a few float32 ulps of Math.exp and Math.log', () => {
    const values = new SeededValues(5);
    const exponents = Float32Array.from([...values.uniform(997, -87, 88), 0, -1e-7, 1e-7, 88.7, -87.3]);
    const exps = new Float32Array(exponents.length);
    simd().call('vector_exp', [exponents.length], [exponents], [exps]);
    expectClose(exps, Float64Array.from(exponents, Math.exp), { absolute: 0, relative: 4e-7 }, 'exp');
    const positives = Float32Array.from([...values.uniform(997, 0, 1).map((u) => Math.exp(80 * u - 40)), 1, 1e-8, 3.4e38, 1.2e-38]);
    const logs = new Float32Array(positives.length);
    simd().call('vector_log', [positives.length], [positives], [logs]);
    expectClose(logs, Float64Array.from(positives, Math.log), { absolute: 1e-7, relative: 4e-7 }, 'log');
  });

  it('give exp and log their limits: e^−∞ = 0, e^∞ = ∞, ln 0 = −∞, ln ∞ = ∞, and NaN for NaN and negatives', () => {
    const exps = new Float32Array(3);
    simd().call('vector_exp', [3], [Float32Array.from([-Infinity, Infinity, Number.NaN])], [exps]);
    expect(exps[0]).toBe(0);
    expect(exps[1]).toBe(Infinity);
    expect(exps[2]).toBeNaN();
    const logs = new Float32Array(4);
    simd().call('vector_log', [4], [Float32Array.from([0, Infinity, Number.NaN, -1])], [logs]);
    expect(Array.from(logs)).toEqual([-Infinity, Infinity, Number.NaN, Number.NaN]);
  });

  describe('matrix product', () => {
    /** op(A) · op(B) in float64, batch by batch. */
    function product(batch: number, m: number, k: number, n: number, transposeA: boolean, transposeB: boolean, a: Float64Array, b: Float64Array): Float64Array {
      const c = new Float64Array(batch * m * n);
      for (let q = 0; q < batch; q++)
        for (let i = 0; i < m; i++)
          for (let j = 0; j < n; j++) {
            let total = 0;
            for (let p = 0; p < k; p++) {
              const x = a[q * m * k + (transposeA ? p * m + i : i * k + p)] as number;
              const y = b[q * k * n + (transposeB ? j * k + p : p * n + j)] as number;
              total += x * y;
            }
            c[q * m * n + i * n + j] = total;
          }
      return c;
    }

    const shapes = [
      [1, 32, 130, 400], // the paper's LSTM kernel and its gradients
      [1, 130, 32, 400],
      [2, 5, 7, 9], // no dimension a multiple of 4 or 8
      [3, 1, 128, 20], // a batched read
      [2, 6, 1, 11], // outer products
      [1, 1, 1, 1],
    ] as const;
    for (const [batch, m, k, n] of shapes) {
      for (const [transposeA, transposeB] of [
        [false, false],
        [false, true],
        [true, false],
        [true, true],
      ] as const) {
        it(`B ${batch}, ${m} × ${k} × ${n}, transposeA ${transposeA}, transposeB ${transposeB}: the float64 product`, () => {
          const values = new SeededValues(batch * 1000 + m * 10 + k);
          const a = values.uniform(batch * m * k, -1, 1);
          const b = values.uniform(batch * k * n, -1, 1);
          const c = new Float32Array(batch * m * n).fill(Number.NaN);
          simd().call('mat_mul', [batch, m, k, n, transposeA ? 1 : 0, transposeB ? 1 : 0], [Float32Array.from(a), Float32Array.from(b)], [c]);
          // Sums of k products of magnitude < 1: float32 rounding grows like √k.
          expectClose(c, product(batch, m, k, n, transposeA, transposeB, a, b), { absolute: 2e-6 * Math.sqrt(k), relative: 1e-5 }, 'C');
        });
      }
    }
  });
});
