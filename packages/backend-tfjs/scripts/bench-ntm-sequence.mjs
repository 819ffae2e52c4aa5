/**
 * Microbenchmark of the whole-sequence kernel (`native/ntm_sequence.c`) at the paper's copy-task
 * size: a length-20 episode (T = 41 steps), batch 32, input 10, LSTM 100, memory 128 × 20, one
 * read and one write head, shift width 3; and, for scale, the products and memory steps it is
 * made of, called as often as one sequence calls them.
 *
 * Like `bench-memory-step.mjs` it compiles the module straight from
 * `src/fused/simd/simd-kernels-binary.ts` (no `dist/` rebuild needed) and calls the exports on
 * arrays already in the module's memory: kernel time alone, no copies.
 *
 * Usage: `node scripts/bench-ntm-sequence.mjs [--compare other-binary.ts[,more.ts]] [--batch 32] [--rounds 5] [--no-check]`
 * With one `--compare` binary it also prints the largest difference of every output (skip with `--no-check`).
 *
 * @example node scripts/bench-ntm-sequence.mjs
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { random, wasmBytesOf } from './simd-bench-support.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const compareWith = option('--compare', undefined);
const rounds = Number(option('--rounds', '5'));

const T = 41;
const B = Number(option('--batch', '32'));
const I = 10;
const U = 100;
const N = 128;
const M = 20;
const R = 1;
const W = 1;
const K = 3;
const C = R * (M + 3 + K) + W * (3 * M + 3 + K);
const Z = I + R * M + U;
const STACK_BYTES = 1 << 20;

let uniform = random(20141020);
const fill = (length, low, high) => Float32Array.from({ length }, () => low + (high - low) * uniform());
function distributions(rows, length) {
  const out = fill(rows * length, 0.01, 1);
  for (let r = 0; r < rows; r++) {
    let total = 0;
    for (let i = 0; i < length; i++) total += out[r * length + i];
    for (let i = 0; i < length; i++) out[r * length + i] /= total;
  }
  return out;
}

/** The heads' twelve blocks: offset, heads, size, activation code (tanh 0, sigmoid 2, softplus 3, 1 + softplus 4, softmax 5). */
function blockWords() {
  const spec = [
    [R, M, 0],
    [R, 1, 3],
    [R, 1, 2],
    [R, K, 5],
    [R, 1, 4],
    [W, M, 0],
    [W, 1, 3],
    [W, 1, 2],
    [W, K, 5],
    [W, 1, 4],
    [W, M, 2],
    [W, M, 0],
  ];
  let offset = 0;
  return spec.flatMap(([heads, size, code]) => {
    const words = [offset, heads, size, code];
    offset += heads * size;
    return words;
  });
}

/** One instance with every array placed: the inputs, the outputs, the gradients and the two tables. */
function setUp(bytes) {
  uniform = random(20141020); // every binary gets the same inputs
  const memory = new WebAssembly.Memory({ initial: 16 });
  const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
  exports.__stack_pointer.value = STACK_BYTES;
  let end = STACK_BYTES;
  const place = (floats) => {
    const at = end;
    end += Math.ceil((floats * 4) / 16) * 16;
    const missing = end - memory.buffer.byteLength;
    if (missing > 0) memory.grow(Math.ceil(missing / 65536));
    return at;
  };
  const inputs = [
    fill(T * B * I, 0, 1),
    fill(B * N * M, -0.5, 0.5),
    distributions(B * R, N),
    distributions(B * W, N),
    fill(B * R * M, -0.1, 0.1),
    fill(U * C, -0.3, 0.3),
    fill(C, -0.1, 0.1),
    fill(Z * 4 * U, -0.15, 0.15),
    fill(4 * U, -0.1, 0.1),
    fill(B * U, -0.1, 0.1),
    fill(B * U, -0.1, 0.1),
  ];
  const inputAt = inputs.map((values) => place(values.length));
  const header = [T, B, I, N, M, R, W, K, 1, C, 1, 1, 0, 0]; // …, layers, C, write-first, keep the tape, LSTM, (no dense activation)
  const floats = new Float32Array([20, 3.4028234663852886e38, 1e-8, 1e-8]);
  const headerWords = [...header, ...new Int32Array(floats.buffer), U, ...blockWords()];
  const tableLength = headerWords.length + 2 * inputs.length + 8;
  const forwardTable = place(tableLength);
  const backwardTable = place(tableLength);
  const heap32 = () => new Int32Array(memory.buffer);
  heap32().set([...headerWords, ...inputAt], forwardTable / 4);
  heap32().set([...headerWords, ...inputAt], backwardTable / 4);
  const tapeLength = exports.ntm_sequence_tape_length(forwardTable);
  const scratchLength = exports.ntm_sequence_scratch_length(forwardTable);
  const outputAt = place(T * B * (U + R * M));
  const tapeAt = place(tapeLength);
  const outputGradientAt = place(T * B * (U + R * M));
  const gradientAt = inputs.map((values) => place(values.length));
  const scratchAt = place(scratchLength);
  heap32().set([outputAt, tapeAt], forwardTable / 4 + headerWords.length + inputs.length);
  heap32().set([0, tapeAt, outputGradientAt, ...gradientAt, scratchAt], backwardTable / 4 + headerWords.length + inputs.length);
  const heap = new Float32Array(memory.buffer);
  inputs.forEach((values, index) => heap.set(values, inputAt[index] / 4));
  heap.set(fill(T * B * (U + R * M), -1, 1), outputGradientAt / 4);
  // The pieces, for scale: the per-step products and a memory step, on arrays of the right sizes.
  const a = place(B * Z);
  const b = place(Z * 4 * U);
  const c = place(B * 4 * U);
  const big = place(T * B * 4 * U);
  const bigZ = place(T * B * Z);
  const weights = place(Z * 4 * U);
  return {
    forward: () => exports.ntm_sequence_forward(forwardTable),
    backward: () => exports.ntm_sequence_backward(backwardTable),
    gatesProduct: () => exports.mat_mul(1, B, Z, 4 * U, 0, 0, a, b, c),
    joinedGradientProduct: () => exports.mat_mul(1, B, 4 * U, Z, 0, 1, c, b, a),
    kernelGradientProduct: () => exports.mat_mul(1, Z, T * B, 4 * U, 1, 0, bigZ, big, weights),
    output: () => new Float32Array(memory.buffer, outputAt, T * B * (U + R * M)).slice(),
    gradients: () => gradientAt.map((at, index) => new Float32Array(memory.buffer, at, inputs[index].length).slice()),
  };
}

/** ms per call of `f` over `repeat` calls. */
function timeOnce(f, repeat) {
  const started = performance.now();
  for (let i = 0; i < repeat; i++) f();
  return (performance.now() - started) / repeat;
}

const subjects = [['this binary', setUp(wasmBytesOf(join(root, 'src/fused/simd/simd-kernels-binary.ts')))]];
for (const file of compareWith ? compareWith.split(',') : []) subjects.push([file, setUp(wasmBytesOf(file))]);
if (subjects.length === 2 && !args.includes('--no-check')) {
  const [[, one], [, other]] = subjects;
  one.forward();
  other.forward();
  one.backward();
  other.backward();
  const largestDifference = (x, y) => {
    let difference = 0;
    let largest = 1e-30;
    for (let i = 0; i < x.length; i++) {
      difference = Math.max(difference, Math.abs(x[i] - y[i]));
      largest = Math.max(largest, Math.abs(y[i]));
    }
    return difference / largest;
  };
  console.log(`output: largest difference ${largestDifference(one.output(), other.output()).toExponential(2)} of its largest value`);
  const gradients = other.gradients();
  one
    .gradients()
    .forEach((gradient, index) => console.log(`gradient ${index}: largest difference ${largestDifference(gradient, gradients[index]).toExponential(2)}`));
}
console.log(
  `T ${T}, B ${B}, I ${I}, LSTM ${U}, memory ${N} × ${M}, ${R} + ${W} heads, shift ${K}: ms per sequence call (best of ${rounds} rounds, binaries interleaved)`,
);
// Rounds interleave the binaries, so that a machine whose speed drifts treats them alike.
const measures = [
  ['forward', (subject) => subject.forward, 2, 1],
  ['backward', (subject) => subject.backward, 2, 1],
  ['T × gates product', (subject) => subject.gatesProduct, 20, T],
  ['T × its input gradient', (subject) => subject.joinedGradientProduct, 20, T],
  ['kernel gradient', (subject) => subject.kernelGradientProduct, 2, 1],
];
const best = subjects.map(() => measures.map(() => Number.POSITIVE_INFINITY));
for (const [, subject] of subjects) for (const [, pick] of measures) pick(subject)();
for (let round = 0; round < rounds; round++) {
  subjects.forEach(([, subject], s) => {
    measures.forEach(([, pick, repeat, scale], m) => {
      best[s][m] = Math.min(best[s][m], timeOnce(pick(subject), repeat) * scale);
    });
  });
}
subjects.forEach(([label], s) => {
  const [forward, backward, ...parts] = best[s];
  const pieces = measures
    .slice(2)
    .map(([name], m) => `${name} ${parts[m].toFixed(2)}`)
    .join(', ');
  console.log(`${label}: forward ${forward.toFixed(2)}, backward ${backward.toFixed(2)}, total ${(forward + backward).toFixed(2)} (${pieces})`);
});
