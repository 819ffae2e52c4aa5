/**
 * Microbenchmark of the WebAssembly SIMD memory-step kernel (`native/memory_step.c`, built from
 * the internal address / write / read functions, which an older binary given with --compare may
 * still export and then are timed too) at the paper's copy-task size: batch 32, N = 128 slots,
 * word size M = 20, one read and one write head, shift kernel width 3.
 *
 * It compiles the module straight from `src/fused/simd/simd-kernels-binary.ts` (the output of
 * `build:simd`), so a rebuilt kernel can be timed without rebuilding `dist/`, and calls the
 * exports on arrays already placed in the module's memory: the times are the kernels' alone,
 * with no copies in or out.
 *
 * Usage: `node scripts/bench-memory-step.mjs [--compare other-binary.ts] [--seconds 0.3] [--only regex]`
 * With `--compare`, both binaries run on the same inputs and the script prints the largest
 * difference of every output (relative to the output's largest magnitude), then both timings.
 *
 * @example node scripts/bench-memory-step.mjs
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
const secondsPerKernel = Number(option('--seconds', '0.3'));
const compareWith = option('--compare', undefined);
const only = new RegExp(option('--only', '.'));

const B = 32;
const N = 128;
const M = 20;
const R = 1;
const W = 1;
const K = 3;
const EPSILON = 1e-8; // DEFAULT_EPSILONS of @ntm/addressing (similarity and sharpening)
const STACK_BYTES = 1 << 20;

const uniform = random(20140410);
const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
const sigmoid = (x) => 1 / (1 + Math.exp(-x));
const softplus = (x) => Math.log1p(Math.exp(x));

/** `rows` distributions of length `length`: softmax of scaled normals. */
function distributions(rows, length, scale) {
  const out = new Float32Array(rows * length);
  for (let r = 0; r < rows; r++) {
    const logits = Array.from({ length }, () => scale * normal());
    const max = Math.max(...logits);
    const exps = logits.map((x) => Math.exp(x - max));
    const total = exps.reduce((a, b) => a + b, 0);
    exps.forEach((e, i) => {
      out[r * length + i] = e / total;
    });
  }
  return out;
}

const fill = (length, f) => Float32Array.from({ length }, f);

/** The addressing inputs of `heads` heads, activated as the controller's head layer does. */
function headInputs(heads) {
  return {
    key: fill(B * heads * M, () => Math.tanh(normal())),
    strength: fill(B * heads, () => softplus(normal()) + 1), // β ≥ 0
    gate: fill(B * heads, () => sigmoid(normal())),
    shift: distributions(B * heads, K, 1),
    sharpening: fill(B * heads, () => 1 + softplus(normal())), // γ ≥ 1
    previous: distributions(B * heads, N, 2),
  };
}

const addressTapeLength = (heads) => B * heads * (7 * N + M + 4 + K) + B * N;

const read = headInputs(R);
const write = headInputs(W);
const inputs = {
  memory: fill(B * N * M, () => 0.5 * normal()),
  ...Object.fromEntries(Object.entries(read).map(([k, v]) => [`read_${k}`, v])),
  ...Object.fromEntries(Object.entries(write).map(([k, v]) => [`write_${k}`, v])),
  erase: fill(B * W * M, () => sigmoid(normal())),
  add: fill(B * W * M, () => Math.tanh(normal())),
  d_memory_next: fill(B * N * M, normal),
  d_read_weighting: fill(B * R * N, () => 0.1 * normal()),
  d_write_weighting: fill(B * W * N, () => 0.1 * normal()),
  d_read_vectors: fill(B * R * M, normal),
};

/** Output arrays, by name, with their lengths. */
const outputs = {
  memory_next: B * N * M,
  read_weighting: B * R * N,
  write_weighting: B * W * N,
  read_vectors: B * R * M,
  tape: addressTapeLength(W) + addressTapeLength(R),
  d_memory: B * N * M,
  ...Object.fromEntries(
    ['read', 'write'].flatMap((who) => {
      const H = who === 'read' ? R : W;
      return [
        [`d_${who}_key`, B * H * M],
        [`d_${who}_strength`, B * H],
        [`d_${who}_gate`, B * H],
        [`d_${who}_shift`, B * H * K],
        [`d_${who}_sharpening`, B * H],
        [`d_${who}_previous`, B * H * N],
      ];
    }),
  ),
  d_erase: B * W * M,
  d_add: B * W * M,
  scratch: 2 * B * N * M + B * (R + W) * N,
  // The single kernels' own outputs.
  weighting: B * W * N,
  address_tape: addressTapeLength(W),
  written: B * N * M,
  read_vector: B * R * M,
  d_weighting: B * W * N,
  d_single_memory: B * N * M,
};

/** One instance of a binary with every input and output placed in its memory. */
function instantiate(bytes) {
  let total = STACK_BYTES;
  const at = {};
  const place = (name, length) => {
    at[name] = total;
    total += Math.ceil((length * 4) / 16) * 16;
  };
  for (const [name, array] of Object.entries(inputs)) place(name, array.length);
  for (const [name, length] of Object.entries(outputs)) place(name, length);
  const memory = new WebAssembly.Memory({ initial: Math.ceil(total / 65536) });
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  exports.__stack_pointer.value = STACK_BYTES;
  const heap = new Float32Array(memory.buffer);
  for (const [name, array] of Object.entries(inputs)) heap.set(array, at[name] / 4);
  const view = (name) => heap.subarray(at[name] / 4, at[name] / 4 + (inputs[name]?.length ?? outputs[name]));
  const p = (...names) => names.map((name) => at[name]);
  const eps = [EPSILON, EPSILON];
  const head = (who) => p(`${who}_key`, `${who}_strength`, `${who}_gate`, `${who}_shift`, `${who}_sharpening`, `${who}_previous`);
  const gradients = (who) => p(`d_${who}_key`, `d_${who}_strength`, `d_${who}_gate`, `d_${who}_shift`, `d_${who}_sharpening`, `d_${who}_previous`);
  const step = (writeFirst) => [B, R, W, N, M, K, ...eps, writeFirst];
  const writeHead = p('write_key', 'write_strength', 'write_gate', 'write_shift', 'write_sharpening', 'write_previous');
  /** Each benchmark: a name and the call (after which its outputs are in place). */
  const calls = {
    address_forward: () => exports.address_forward(B, W, N, M, K, ...eps, at.memory, ...writeHead, ...p('weighting', 'address_tape')),
    address_backward: () =>
      exports.address_backward(B, W, N, M, K, ...eps, ...p('memory', 'address_tape', 'd_write_weighting', 'd_single_memory'), ...gradients('write')),
    write_memory_forward: () => exports.write_memory_forward(B, W, N, M, ...p('memory', 'weighting', 'erase', 'add', 'written')),
    write_memory_backward: () =>
      exports.write_memory_backward(
        B,
        W,
        N,
        M,
        ...p('memory', 'weighting', 'erase', 'add', 'd_memory_next', 'd_single_memory', 'd_weighting', 'd_erase', 'd_add'),
      ),
    read_memory_forward: () => exports.read_memory_forward(B, R, N, M, ...p('memory', 'weighting', 'read_vector')),
    read_memory_backward: () => exports.read_memory_backward(B, R, N, M, ...p('memory', 'weighting', 'd_read_vectors', 'd_single_memory', 'd_weighting')),
  };
  for (const [order, writeFirst] of [
    ['write-then-read', 1],
    ['read-then-write', 0],
  ]) {
    const forward = () =>
      exports.memory_step_forward(
        ...step(writeFirst),
        at.memory,
        ...head('read'),
        ...head('write'),
        ...p('erase', 'add', 'memory_next', 'read_weighting', 'write_weighting', 'read_vectors', 'tape'),
      );
    calls[`memory_step_forward (${order})`] = forward;
    calls[`memory_step_backward (${order})`] = () => {
      exports.memory_step_backward(
        ...step(writeFirst),
        ...p(
          'memory',
          'erase',
          'add',
          'memory_next',
          'read_weighting',
          'write_weighting',
          'tape',
          'd_memory_next',
          'd_read_weighting',
          'd_write_weighting',
          'd_read_vectors',
          'd_memory',
        ),
        ...gradients('read'),
        ...gradients('write'),
        ...p('d_erase', 'd_add', 'scratch'),
      );
    };
  }
  // The parts (address, write, read) are internal C functions of the memory step; a binary from
  // before they were (an older one given with --compare) still exports them. Time what is there.
  for (const name of Object.keys(calls)) {
    if (typeof exports[name.split(' ')[0]] !== 'function') delete calls[name];
  }
  // Which outputs each call writes (for --compare).
  const written = {
    address_forward: ['weighting', 'address_tape'],
    address_backward: ['d_single_memory', 'd_write_key', 'd_write_strength', 'd_write_gate', 'd_write_shift', 'd_write_sharpening', 'd_write_previous'],
    write_memory_forward: ['written'],
    write_memory_backward: ['d_single_memory', 'd_weighting', 'd_erase', 'd_add'],
    read_memory_forward: ['read_vector'],
    read_memory_backward: ['d_single_memory', 'd_weighting'],
  };
  for (const order of ['write-then-read', 'read-then-write']) {
    written[`memory_step_forward (${order})`] = ['memory_next', 'read_weighting', 'write_weighting', 'read_vectors', 'tape'];
    written[`memory_step_backward (${order})`] = ['d_memory', 'd_erase', 'd_add', ...Object.keys(outputs).filter((n) => /^d_(read|write)_/.test(n))];
  }
  /** Prepares the inputs a call reads from other calls' outputs (the tapes, the weightings). */
  const prepare = (name) => {
    if (name.startsWith('memory_step_backward')) calls[name.replace('backward', 'forward')]();
    else if (name !== 'address_forward' && calls.address_forward) calls.address_forward();
  };
  return { calls, written, prepare, view };
}

/**
 * µs per call of each of `calls`: the fastest of ten rounds of about `secondsPerKernel` / 10
 * each (the fastest, not the median: the machine is shared, and other work only ever makes a
 * round slower). With several calls (--compare), their rounds alternate, so that both see the
 * same load.
 */
function time(...calls) {
  const perRound = calls.map((call) => {
    for (let i = 0; i < 20; i++) call();
    let repeats = 1;
    for (;;) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < repeats; i++) call();
      const elapsed = Number(process.hrtime.bigint() - start) / 1000;
      if (elapsed > 20000) return Math.max(1, Math.round((secondsPerKernel * 1e6) / 10 / (elapsed / repeats)));
      repeats *= 2;
    }
  });
  const best = calls.map(() => Number.POSITIVE_INFINITY);
  for (let round = 0; round < 10; round++) {
    calls.forEach((call, index) => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < perRound[index]; i++) call();
      best[index] = Math.min(best[index], Number(process.hrtime.bigint() - start) / 1000 / perRound[index]);
    });
  }
  return best;
}

const current = instantiate(wasmBytesOf(join(root, 'src/fused/simd/simd-kernels-binary.ts')));
const other = compareWith === undefined ? null : instantiate(wasmBytesOf(compareWith));

console.log(`B = ${B}, N = ${N}, M = ${M}, R = ${R}, W = ${W}, K = ${K}; µs per call (fastest of 10 rounds)`);
for (const name of Object.keys(current.calls).filter((n) => only.test(n))) {
  const [mine, theirs] = time(current.calls[name], ...(other === null ? [] : [other.calls[name]]));
  let line = `${name.padEnd(40)} ${mine.toFixed(1).padStart(8)} µs`;
  if (other !== null) {
    line += `   other: ${theirs.toFixed(1).padStart(8)} µs`;
    current.prepare(name);
    other.prepare(name);
    current.calls[name]();
    other.calls[name]();
    let worst = 0;
    let worstName = '';
    for (const output of current.written[name]) {
      const a = current.view(output);
      const b = other.view(output);
      let scale = 0;
      let difference = 0;
      for (let i = 0; i < a.length; i++) {
        scale = Math.max(scale, Math.abs(b[i]));
        const d = Math.abs(a[i] - b[i]);
        difference = Number.isNaN(d) ? Number.POSITIVE_INFINITY : Math.max(difference, d);
      }
      const relative = difference / (scale || 1);
      if (relative >= worst) {
        worst = relative;
        worstName = output;
      }
    }
    line += `   max |Δ| / max |x|: ${worst.toExponential(2)} (${worstName})`;
  }
  console.log(line);
}
