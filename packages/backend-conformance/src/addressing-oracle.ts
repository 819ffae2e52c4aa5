import { ShapeChecker, type AddressingEpsilons } from '@ntm/backend';
import type { TensorValues } from './tensor-values.js';

/**
 * The NTM's memory steps (docs/math.md §2) as plain float64 loops over row-major arrays: an oracle
 * independent of every backend and of `@ntm/addressing`, against which fused kernels (and the
 * addressing package's own composition) are checked.
 */

/** The inputs of {@link addressWithLoops}: the fields of `AddressingInputs`, as plain values. */
export interface AddressingValues {
  /** M_t: `[B, N, M]`. */
  readonly memory: TensorValues;
  /** k: `[B, H, M]`. */
  readonly key: TensorValues;
  /** β: `[B, H]`. */
  readonly keyStrength: TensorValues;
  /** g: `[B, H]`. */
  readonly interpolationGate: TensorValues;
  /** s over shifts −n…n: `[B, H, K]`. */
  readonly shiftWeighting: TensorValues;
  /** γ: `[B, H]`. */
  readonly sharpening: TensorValues;
  /** w_{t−1}: `[B, H, N]`. */
  readonly previousWeighting: TensorValues;
}

/** Plain values with their shape, as the oracle returns them. */
export interface OracleResult {
  readonly values: Float64Array;
  readonly shape: number[];
}

const value = (tensor: TensorValues, index: number): number => tensor.values[index] as number;

/**
 * The whole addressing pipeline for every head of every batch row:
 * 1. content: w^c[i] = softmax_i(β · k·M[i] / (‖k‖‖M[i]‖ + ε_similarity)) (paper eq. 5–6);
 * 2. interpolation: w^g = g·w^c + (1 − g)·w_{t−1} (eq. 7);
 * 3. circular shift: w~[i] = Σ_{shift=−n…n} w^g[(i − shift) mod N] · s[shift + n] (eq. 8);
 * 4. sharpening: w[i] = (w~[i] + ε_sharpening)^γ / Σ_j (w~[j] + ε_sharpening)^γ (eq. 9).
 *
 * @returns the weighting w: `[B, H, N]`.
 * @example
 * ```ts
 * const weighting = addressWithLoops(values, { similarity: 1e-8, sharpening: 1e-8 });
 * expectClose(backend.readSync(fusedWeighting), weighting.values, FLOAT32_TOLERANCE, 'address');
 * ```
 */
export function addressWithLoops(inputs: AddressingValues, epsilons: AddressingEpsilons): OracleResult {
  const shapes = new ShapeChecker('addressWithLoops');
  shapes.check('memory', inputs.memory.shape, ['batch', 'slots', 'wordSize']);
  shapes.check('key', inputs.key.shape, ['batch', 'heads', 'wordSize']);
  shapes.check('keyStrength', inputs.keyStrength.shape, ['batch', 'heads']);
  shapes.check('interpolationGate', inputs.interpolationGate.shape, ['batch', 'heads']);
  shapes.check('shiftWeighting', inputs.shiftWeighting.shape, ['batch', 'heads', 'shifts']);
  shapes.check('sharpening', inputs.sharpening.shape, ['batch', 'heads']);
  shapes.check('previousWeighting', inputs.previousWeighting.shape, ['batch', 'heads', 'slots']);
  const [B, H, N, M, K] = ['batch', 'heads', 'slots', 'wordSize', 'shifts'].map((dimension) => shapes.size(dimension)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (K % 2 !== 1) throw new RangeError(`addressWithLoops: shiftWeighting must have an odd width 2n + 1, got ${K}`);
  const n = (K - 1) / 2;
  const output = new Float64Array(B * H * N);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const head = b * H + h;
      // 1. Content addressing.
      let keyNorm = 0;
      for (let m = 0; m < M; m++) keyNorm += value(inputs.key, head * M + m) ** 2;
      keyNorm = Math.sqrt(keyNorm);
      const scores = new Float64Array(N);
      for (let i = 0; i < N; i++) {
        let dot = 0;
        let slotNorm = 0;
        for (let m = 0; m < M; m++) {
          const slotValue = value(inputs.memory, (b * N + i) * M + m);
          dot += value(inputs.key, head * M + m) * slotValue;
          slotNorm += slotValue ** 2;
        }
        scores[i] = value(inputs.keyStrength, head) * (dot / (keyNorm * Math.sqrt(slotNorm) + epsilons.similarity));
      }
      const highest = Math.max(...scores);
      let total = 0;
      for (let i = 0; i < N; i++) total += Math.exp((scores[i] as number) - highest);
      // 2. Interpolation with the previous weighting.
      const gate = value(inputs.interpolationGate, head);
      const gated = new Float64Array(N);
      for (let i = 0; i < N; i++) {
        const content = Math.exp((scores[i] as number) - highest) / total;
        gated[i] = gate * content + (1 - gate) * value(inputs.previousWeighting, head * N + i);
      }
      // 3. Circular convolution with the shift weighting.
      const shifted = new Float64Array(N);
      for (let i = 0; i < N; i++) {
        for (let shift = -n; shift <= n; shift++) {
          const source = (((i - shift) % N) + N) % N;
          shifted[i] = (shifted[i] as number) + (gated[source] as number) * value(inputs.shiftWeighting, head * K + shift + n);
        }
      }
      // 4. Sharpening.
      const gamma = value(inputs.sharpening, head);
      let sharpenedTotal = 0;
      for (let i = 0; i < N; i++) {
        const sharpened = ((shifted[i] as number) + epsilons.sharpening) ** gamma;
        output[head * N + i] = sharpened;
        sharpenedTotal += sharpened;
      }
      for (let i = 0; i < N; i++) output[head * N + i] = (output[head * N + i] as number) / sharpenedTotal;
    }
  }
  return { values: output, shape: [B, H, N] };
}

/**
 * Reading (paper eq. 2): r[b, h] = Σ_i w[b, h, i] · M[b, i] for every head.
 * @returns read vectors `[B, H, M]`.
 * @example readMemoryWithLoops({ values: [1, 2, 3, 4], shape: [1, 2, 2] }, { values: [0.5, 0.5], shape: [1, 1, 2] }) // [[[2, 3]]]
 */
export function readMemoryWithLoops(memory: TensorValues, weighting: TensorValues): OracleResult {
  const shapes = new ShapeChecker('readMemoryWithLoops');
  shapes.check('memory', memory.shape, ['batch', 'slots', 'wordSize']);
  shapes.check('weighting', weighting.shape, ['batch', 'heads', 'slots']);
  const [B, H, N, M] = ['batch', 'heads', 'slots', 'wordSize'].map((dimension) => shapes.size(dimension)) as [number, number, number, number];
  const output = new Float64Array(B * H * M);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      for (let m = 0; m < M; m++) {
        let total = 0;
        for (let i = 0; i < N; i++) total += value(weighting, (b * H + h) * N + i) * value(memory, (b * N + i) * M + m);
        output[(b * H + h) * M + m] = total;
      }
    }
  }
  return { values: output, shape: [B, H, M] };
}

/**
 * Writing (paper eq. 3–4) for all write heads at once: every head's erasure multiplies and
 * every head's addition sums, M'[i] = M[i] ⊙ Π_h (1 − w_h[i] e_h) + Σ_h w_h[i] a_h.
 * @returns the new memory `[B, N, M]`.
 * @example writeMemoryWithLoops(memory, weighting, erase, add) // memory [B, N, M], weighting [B, H, N], erase and add [B, H, M]
 */
export function writeMemoryWithLoops(memory: TensorValues, weighting: TensorValues, erase: TensorValues, add: TensorValues): OracleResult {
  const shapes = new ShapeChecker('writeMemoryWithLoops');
  shapes.check('memory', memory.shape, ['batch', 'slots', 'wordSize']);
  shapes.check('weighting', weighting.shape, ['batch', 'heads', 'slots']);
  shapes.check('erase', erase.shape, ['batch', 'heads', 'wordSize']);
  shapes.check('add', add.shape, ['batch', 'heads', 'wordSize']);
  const [B, H, N, M] = ['batch', 'heads', 'slots', 'wordSize'].map((dimension) => shapes.size(dimension)) as [number, number, number, number];
  const output = new Float64Array(B * N * M);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < N; i++) {
      for (let m = 0; m < M; m++) {
        let kept = 1;
        let added = 0;
        for (let h = 0; h < H; h++) {
          const weight = value(weighting, (b * H + h) * N + i);
          kept *= 1 - weight * value(erase, (b * H + h) * M + m);
          added += weight * value(add, (b * H + h) * M + m);
        }
        output[(b * N + i) * M + m] = value(memory, (b * N + i) * M + m) * kept + added;
      }
    }
  }
  return { values: output, shape: [B, N, M] };
}
