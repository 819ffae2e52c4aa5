import type { NtmBackend, Tensor } from '@ntm/backend';
import type { RandomInput } from './reference-cases.js';
import type { TensorValues } from './tensor-values.js';

/**
 * A scalar function whose gradients a backend's `valueAndGradients` must match, against
 * central finite differences of the same function on the float64 reference.
 */
export interface GradientCase {
  readonly name: string;
  /** Random inputs, or fixed values where the point matters (away from kinks). */
  readonly inputs: readonly (RandomInput | TensorValues)[];
  readonly run: (backend: NtmBackend, ...inputs: Tensor[]) => Tensor;
  /** Entries of one input whose gradient must be exactly 0 (clip outside its range). */
  readonly zeroGradient?: { readonly input: number; readonly entries: readonly boolean[] };
}

const unit = (shape: readonly number[]): RandomInput => ({ shape, min: -1, max: 1 });
const positive = (shape: readonly number[], min = 0.5, max = 2): RandomInput => ({ shape, min, max });

/** Σ (y ⊙ weights): a scalar whose gradient with respect to y is `weights`, exercising every entry. */
const weighted = (backend: NtmBackend, y: Tensor, weights: Tensor): Tensor => backend.sumAll(backend.mul(y, weights));

/** Inputs of the clip case: entries inside (−0.5, 0.5) and outside, none near the bounds. */
const clipCaseInput: TensorValues = { values: [-0.9, -0.3, 0.1, 0.4, 0.8, 1.5], shape: [2, 3] };

const B = 2;
const H = 2;
const N = 5;
const M = 3;

/** The composite functions whose gradients are checked. */
export const gradientCases: readonly GradientCase[] = [
  {
    name: 'Σ softmax(x) ⊙ w',
    inputs: [{ shape: [2, 5], min: -3, max: 3 }, unit([2, 5])],
    run: (backend, x, w) => weighted(backend, backend.softmax(x), w),
  },
  {
    name: 'Σ matMul(a, b) ⊙ c',
    inputs: [unit([2, 3]), unit([3, 4]), unit([2, 4])],
    run: (backend, a, b, c) => weighted(backend, backend.matMul(a, b), c),
  },
  {
    name: 'Σ matMul(a, bᵀ) ⊙ c, batched [B, H, M] × [B, N, M]ᵀ',
    inputs: [unit([B, H, M]), unit([B, N, M]), unit([B, H, N])],
    run: (backend, a, b, c) => weighted(backend, backend.matMul(a, b, false, true), c),
  },
  {
    name: 'Σ matMul(aᵀ, b) ⊙ c, batched [B, H, N]ᵀ × [B, H, M]',
    inputs: [unit([B, H, N]), unit([B, H, M]), unit([B, N, M])],
    run: (backend, a, b, c) => weighted(backend, backend.matMul(a, b, true, false), c),
  },
  {
    name: 'Σ log(sigmoid(x))',
    inputs: [{ shape: [6], min: -4, max: 4 }],
    run: (backend, x) => backend.sumAll(backend.log(backend.sigmoid(x))),
  },
  {
    name: 'Σ logSigmoid(x) ⊙ w over [−15, 15]',
    inputs: [{ shape: [2, 4], min: -15, max: 15 }, unit([2, 4])],
    run: (backend, x, w) => weighted(backend, backend.logSigmoid(x), w),
  },
  {
    name: 'Σ clip(x, −0.5, 0.5) ⊙ w (zero gradient outside the range)',
    inputs: [clipCaseInput, unit([2, 3])],
    run: (backend, x, w) => weighted(backend, backend.clip(x, -0.5, 0.5), w),
    zeroGradient: { input: 0, entries: [true, false, false, false, true, true] },
  },
  {
    name: 'broadcasting: Σ (a[B, H, N] − b[B, 1, N])² / c[B, H, 1]',
    inputs: [unit([B, H, N]), unit([B, 1, N]), positive([B, H, 1])],
    run: (backend, a, b, c) => backend.sumAll(backend.div(backend.square(backend.sub(a, b)), c)),
  },
  {
    name: 'broadcasting: Σ (a[B, N, M] + b[M]) ⊙ c[B, 1, M] ⊙ d[B, N, 1]',
    inputs: [unit([B, N, M]), unit([M]), unit([B, 1, M]), unit([B, N, 1])],
    run: (backend, a, b, c, d) => backend.sumAll(backend.mul(backend.mul(backend.add(a, b), c), d)),
  },
  {
    name: 'Σ prod(x, 1) ⊙ w (erase factors multiplied over heads)',
    inputs: [positive([3, 4], 0.2, 1), unit([3])],
    run: (backend, x, w) => weighted(backend, backend.prod(x, 1), w),
  },
  {
    name: 'Σ max(x, −1) ⊙ w',
    inputs: [unit([3, 5]), unit([3])],
    run: (backend, x, w) => weighted(backend, backend.max(x, -1), w),
  },
  {
    name: 'Σ maximum(a, b) − minimum(a, b)²',
    inputs: [unit([2, 4]), unit([2, 4])],
    run: (backend, a, b) => backend.sumAll(backend.sub(backend.maximum(a, b), backend.square(backend.minimum(a, b)))),
  },
  {
    name: 'elementwise chain: Σ w ⊙ tanh(exp(x)·sqrt(y) − log(y) + softplus(x))',
    inputs: [unit([2, 3]), positive([2, 3]), unit([2, 3])],
    run: (backend, x, y, w) =>
      weighted(backend, backend.tanh(backend.add(backend.sub(backend.mul(backend.exp(x), backend.sqrt(y)), backend.log(y)), backend.softplus(x))), w),
  },
  {
    name: 'Σ w ⊙ (−abs(x) + relu(x)) away from 0',
    inputs: [{ values: [-0.7, -0.2, 0.3, 0.9], shape: [4] }, unit([4])],
    run: (backend, x, w) => weighted(backend, backend.add(backend.neg(backend.abs(x)), backend.relu(x)), w),
  },
  {
    name: 'shape operations: gather (circular), slice, concat, tile, transpose, reshape',
    inputs: [unit([2, 4]), unit([2, 1]), unit([4, 2, 2])],
    run: (backend, x, y, w) => {
      const shifted = backend.gather(x, [3, 0, 1, 2], -1); // [2, 4]
      const joined = backend.concat([backend.slice(shifted, [0, 1], [-1, 2]), backend.tile(y, [1, 2])], -1); // [2, 4]
      const reordered = backend.transpose(backend.reshape(joined, [2, 2, 2]), [2, 0, 1]); // [2, 2, 2]
      return weighted(backend, backend.reshape(backend.tile(reordered, [2, 1, 1]), [4, 2, 2]), w);
    },
  },
  {
    name: 'content addressing: Σ target ⊙ softmax(β ⊙ cos(k, M))',
    inputs: [unit([B, H, M]), unit([B, N, M]), positive([B, H, 1], 0.5, 5), unit([B, H, N])],
    run: (backend, key, memory, keyStrength, target) => {
      const dot = backend.matMul(key, memory, false, true); // [B, H, N]
      const keyNorm = backend.sqrt(backend.sum(backend.square(key), -1, true)); // [B, H, 1]
      const memoryNorm = backend.reshape(backend.sqrt(backend.sum(backend.square(memory), -1)), [B, 1, N]); // [B, 1, N]
      const similarity = backend.div(dot, backend.add(backend.mul(keyNorm, memoryNorm), backend.scalar(1e-8))); // [B, H, N]
      const weighting = backend.softmax(backend.mul(similarity, keyStrength)); // [B, H, N]
      return weighted(backend, weighting, target);
    },
  },
];
