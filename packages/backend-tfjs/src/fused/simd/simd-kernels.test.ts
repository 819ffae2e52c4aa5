import { fileURLToPath } from 'node:url';
import { expectClose } from '@ntm/backend-conformance';
import { describe, expect, it } from 'vitest';
import { hashNativeSources } from '../../../scripts/native-sources.mjs';
import { randomAddressValues } from '../../test-support/random-address-inputs.js';
import { SeededValues } from '../../test-support/seeded-values.js';
import { AddressTapeLayout, addressBackward, addressForward, type AddressSizes } from '../address-loops.js';
import { LSTM_TAPE_BLOCKS, lstmCellBackward, lstmCellForward } from '../lstm-cell-loops.js';
import { readMemoryBackward, readMemoryForward } from '../read-memory-loops.js';
import { writeMemoryBackward, writeMemoryForward, type WriteMemoryArrays, type WriteMemorySizes } from '../write-memory-loops.js';
import { SimdKernelModule } from './simd-kernel-module.js';
import { SIMD_KERNELS_SOURCE_HASH } from './simd-kernels-binary.js';

const packageRoot = fileURLToPath(new URL('../../..', import.meta.url));
const epsilons = { similarity: 1e-8, sharpening: 1e-8 };
const addressFields = ['memory', 'key', 'keyStrength', 'interpolationGate', 'shiftWeighting', 'sharpening', 'previousWeighting'] as const;
const writeFields = ['memory', 'weighting', 'erase', 'add'] as const;

function simd(): SimdKernelModule {
  const module = SimdKernelModule.load();
  if (module === null) throw new Error('this engine has WebAssembly SIMD (Node ≥ 16), so the module must load');
  return module;
}

/**
 * float32 SIMD against the float64 JavaScript loops: errors of float32 rounding, relative to the
 * largest value of the array, but never below 1e-6 (inputs and upstream gradients are of order 1;
 * where terms of that size cancel, as the cosine's gradient along the word does, the float32
 * result keeps only its absolute accuracy).
 */
function expectMatches(actual: Float32Array, expected: Float64Array, label: string): void {
  const largest = expected.reduce((max, value) => Math.max(max, Math.abs(value)), 0.05);
  expectClose(actual, expected, { absolute: 2e-5 * largest, relative: 1e-4 }, label);
}

const addressShapes: readonly [string, AddressSizes][] = [
  ['the paper’s head (N = 128, M = 20)', { batch: 3, heads: 1, slots: 128, wordSize: 20, kernelWidth: 3 }],
  ['three heads, N and M not multiples of 4, shifts −2…2', { batch: 2, heads: 3, slots: 13, wordSize: 7, kernelWidth: 5 }],
  // One head takes the one-head paths (the two-row steps, the width-3 shift), here with tails.
  ['one head, N and M not multiples of 4 (odd N)', { batch: 2, heads: 1, slots: 13, wordSize: 7, kernelWidth: 3 }],
  ['a one-number word, a shift as wide as the memory', { batch: 2, heads: 2, slots: 5, wordSize: 1, kernelWidth: 5 }],
];

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

  describe.each(addressShapes)('address, %s', (_, sizes) => {
    const x = randomAddressValues(11, sizes);
    const layout = new AddressTapeLayout(sizes);
    const expectedWeighting = new Float64Array(sizes.batch * sizes.heads * sizes.slots);
    const expectedTape = new Float64Array(layout.length);
    addressForward(sizes, x, epsilons, expectedWeighting, expectedTape);
    const inputs = addressFields.map((field) => Float32Array.from(x[field]));
    const scalars = [sizes.batch, sizes.heads, sizes.slots, sizes.wordSize, sizes.kernelWidth, epsilons.similarity, epsilons.sharpening];

    it('forward: the same weighting and tape as the float64 loops', () => {
      const weighting = new Float32Array(expectedWeighting.length);
      const tape = new Float32Array(layout.length);
      simd().call('address_forward', scalars, inputs, [weighting, tape]);
      expectMatches(weighting, expectedWeighting, 'w');
      expectMatches(tape, expectedTape, 'tape');
    });

    it('backward: the same gradients to all seven inputs as the float64 loops', () => {
      const outputGradient = new SeededValues(12).uniform(expectedWeighting.length, -1, 1);
      const expected = Object.fromEntries(addressFields.map((field) => [field, new Float64Array(x[field].length)])) as Record<
        (typeof addressFields)[number],
        Float64Array
      >;
      addressBackward(sizes, x.memory, expectedTape, epsilons, outputGradient, expected);
      // The C kernel reads the tape it made itself, as in training.
      const tape = new Float32Array(layout.length);
      simd().call('address_forward', scalars, inputs, [new Float32Array(expectedWeighting.length), tape]);
      const gradients = addressFields.map((field) => new Float32Array(x[field].length).fill(Number.NaN));
      simd().call('address_backward', scalars, [Float32Array.from(x.memory), tape, Float32Array.from(outputGradient)], gradients);
      addressFields.forEach((field, index) => expectMatches(gradients[index] as Float32Array, expected[field], `d/d${field}`));
    });
  });

  it('address: a NaN in the memory makes the weighting NaN (the trainer’s NaN guard relies on NaN getting through)', () => {
    const sizes = { batch: 1, heads: 1, slots: 8, wordSize: 4, kernelWidth: 3 };
    const x = randomAddressValues(3, sizes);
    x.memory[5] = Number.NaN;
    const weighting = new Float32Array(8);
    const scalars = [1, 1, 8, 4, 3, epsilons.similarity, epsilons.sharpening];
    simd().call(
      'address_forward',
      scalars,
      addressFields.map((field) => Float32Array.from(x[field])),
      [weighting, new Float32Array(new AddressTapeLayout(sizes).length)],
    );
    expect(Array.from(weighting).every(Number.isNaN)).toBe(true);
  });

  describe.each([
    ['one write head (N = 128, M = 20)', { batch: 3, heads: 1, slots: 128, wordSize: 20 }],
    ['three write heads, N and M not multiples of 4', { batch: 2, heads: 3, slots: 13, wordSize: 7 }],
    ['one write head, N and M not multiples of 4 (odd N)', { batch: 2, heads: 1, slots: 13, wordSize: 7 }],
  ] as const)('write, %s', (_, sizes: WriteMemorySizes) => {
    const values = new SeededValues(21);
    const { batch: B, heads: H, slots: N, wordSize: M } = sizes;
    const x: WriteMemoryArrays = {
      memory: values.uniform(B * N * M, -1, 1),
      weighting: values.distributions(B * H, N),
      erase: values.uniform(B * H * M, 0, 1),
      add: values.uniform(B * H * M, -1, 1),
    };
    // A wiped slot (w = e = 1 for one head) is where R / f_h would divide 0 by 0.
    (x.weighting as Float64Array)[2] = 1;
    (x.erase as Float64Array)[1] = 1;
    const inputs = writeFields.map((field) => Float32Array.from(x[field]));

    it('forward: the same memory as the float64 loops', () => {
      const expected = new Float64Array(B * N * M);
      writeMemoryForward(sizes, x, expected);
      const output = new Float32Array(B * N * M);
      simd().call('write_memory_forward', [B, H, N, M], inputs, [output]);
      expectMatches(output, expected, "M'");
    });

    it('backward: the same gradients to memory, weighting, erase and add as the float64 loops', () => {
      const outputGradient = values.uniform(B * N * M, -1, 1);
      const expected = Object.fromEntries(writeFields.map((field) => [field, new Float64Array(x[field].length)])) as Record<
        (typeof writeFields)[number],
        Float64Array
      >;
      writeMemoryBackward(sizes, x, outputGradient, expected);
      const gradients = writeFields.map((field) => new Float32Array(x[field].length).fill(Number.NaN));
      simd().call('write_memory_backward', [B, H, N, M], [...inputs, Float32Array.from(outputGradient)], gradients);
      writeFields.forEach((field, index) => expectMatches(gradients[index] as Float32Array, expected[field], `d/d${field}`));
    });
  });

  describe.each([
    ['one read head (N = 128, M = 20)', { batch: 3, heads: 1, slots: 128, wordSize: 20 }],
    ['three read heads, N and M not multiples of 4', { batch: 2, heads: 3, slots: 13, wordSize: 7 }],
    ['one read head, N and M not multiples of 4 (odd N)', { batch: 2, heads: 1, slots: 13, wordSize: 7 }],
  ] as const)('read, %s', (_, sizes) => {
    const values = new SeededValues(31);
    const { batch: B, heads: H, slots: N, wordSize: M } = sizes;
    const memory = values.uniform(B * N * M, -1, 1);
    const weighting = values.distributions(B * H, N);

    it('forward: the same read vectors as the float64 loops', () => {
      const expected = new Float64Array(B * H * M);
      readMemoryForward(sizes, memory, weighting, expected);
      const read = new Float32Array(B * H * M).fill(Number.NaN);
      simd().call('read_memory_forward', [B, H, N, M], [Float32Array.from(memory), Float32Array.from(weighting)], [read]);
      expectMatches(read, expected, 'r');
    });

    it('backward: the same gradients to memory and weighting as the float64 loops', () => {
      const readGradient = values.uniform(B * H * M, -1, 1);
      const expected = [new Float64Array(B * N * M), new Float64Array(B * H * N)];
      readMemoryBackward(sizes, memory, weighting, readGradient, expected[0] as Float64Array, expected[1] as Float64Array);
      const gradients = [new Float32Array(B * N * M).fill(Number.NaN), new Float32Array(B * H * N).fill(Number.NaN)];
      simd().call(
        'read_memory_backward',
        [B, H, N, M],
        [memory, weighting, readGradient].map((array) => Float32Array.from(array)),
        gradients,
      );
      expectMatches(gradients[0] as Float32Array, expected[0] as Float64Array, 'd/dmemory');
      expectMatches(gradients[1] as Float32Array, expected[1] as Float64Array, 'd/dweighting');
    });
  });

  describe.each([
    ['the paper’s controller (U = 100)', { batch: 3, units: 100 }],
    ['U not a multiple of 4, saturated gates', { batch: 2, units: 7 }],
  ] as const)('LSTM cell, %s', (_, sizes) => {
    const values = new SeededValues(41);
    const { batch: B, units: U } = sizes;
    // Pre-activations out to ±30: σ and tanh saturate, and tanh's small-|x| branch is hit too.
    const gates = values.uniform(B * 4 * U, -30, 30).map((value, index) => (index % 3 === 0 ? value / 60 : value));
    const bias = values.uniform(4 * U, -1, 1);
    const previousCell = values.uniform(B * U, -2, 2);
    const expected = { hidden: new Float64Array(B * U), cell: new Float64Array(B * U), tape: new Float64Array(B * LSTM_TAPE_BLOCKS * U) };
    lstmCellForward(sizes, gates, bias, previousCell, expected.hidden, expected.cell, expected.tape);

    it('forward: the same h, c and tape as the float64 loops', () => {
      const outputs = [new Float32Array(B * U), new Float32Array(B * U), new Float32Array(B * LSTM_TAPE_BLOCKS * U)];
      simd().call(
        'lstm_cell_forward',
        [B, U],
        [gates, bias, previousCell].map((array) => Float32Array.from(array)),
        outputs,
      );
      expectMatches(outputs[0] as Float32Array, expected.hidden, 'h');
      expectMatches(outputs[1] as Float32Array, expected.cell, 'c');
      expectMatches(outputs[2] as Float32Array, expected.tape, 'tape');
    });

    it('backward: the same gradients to the gates, the bias and c_{t−1} as the float64 loops', () => {
      const hiddenGradient = values.uniform(B * U, -1, 1);
      const cellGradient = values.uniform(B * U, -1, 1);
      const wanted = [new Float64Array(B * 4 * U), new Float64Array(4 * U), new Float64Array(B * U)] as const;
      lstmCellBackward(sizes, expected.tape, hiddenGradient, cellGradient, ...wanted);
      const gradients = [new Float32Array(B * 4 * U), new Float32Array(4 * U), new Float32Array(B * U)].map((array) => array.fill(Number.NaN));
      simd().call(
        'lstm_cell_backward',
        [B, U],
        [expected.tape, hiddenGradient, cellGradient].map((array) => Float32Array.from(array)),
        gradients,
      );
      ['gates', 'bias', 'previousCell'].forEach((label, index) =>
        expectMatches(gradients[index] as Float32Array, wanted[index] as Float64Array, `d/d${label}`),
      );
    });
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
