import type { NtmBackend, Tensor } from '@ntm/backend';

/** A random input: uniform in [min, max) (rounded to float32), of a shape. */
export interface RandomInput {
  readonly shape: readonly number[];
  readonly min: number;
  readonly max: number;
}

/**
 * One operation on seeded random inputs, compared with the float64 reference backend.
 * These cover the shapes, broadcasting patterns and magnitudes the NTM meets.
 */
export interface ReferenceCase {
  readonly name: string;
  readonly inputs: readonly RandomInput[];
  readonly run: (backend: NtmBackend, ...inputs: Tensor[]) => Tensor;
  /**
   * For reductions: the same reduction over |inputs|, evaluated on the reference. A sum's
   * float32 rounding error is proportional to the sum of its terms' magnitudes, not to the
   * (possibly cancelled) result, so errors are measured against this.
   */
  readonly magnitude?: (backend: NtmBackend, ...inputs: Tensor[]) => Tensor;
  /** How many terms each output element sums; relative tolerance grows past 32 terms. */
  readonly reductionLength?: number;
}

const unit = (shape: readonly number[]): RandomInput => ({ shape, min: -1, max: 1 });
const positive = (shape: readonly number[], min = 0.5, max = 2): RandomInput => ({ shape, min, max });

// The NTM's own sizes, shrunk: batch B, heads H, slots N, word size M, shifts K.
const B = 2;
const H = 3;
const N = 10;
const M = 6;

/** The pairs of shapes every broadcasting binary operation is tried on. */
const broadcastPairs: readonly (readonly [string, readonly number[], readonly number[]])[] = [
  ['same shape', [3, 4], [3, 4]],
  ['[B, H, N] with [B, H, 1]', [B, H, N], [B, H, 1]],
  ['[B, H, N] with [B, 1, N]', [B, H, N], [B, 1, N]],
  ['[B, 1, N] with [B, H, N]', [B, 1, N], [B, H, N]],
  ['[B, N, M] with [M]', [B, N, M], [M]],
  ['outer [4, 1] with [1, 3]', [4, 1], [1, 3]],
  ['a scalar tensor', [2, 3], []],
];

// Divisors are kept in [0.5, 2): near zero a float32 quotient's relative error is unbounded.
const binaryOperations: readonly (readonly [string, (backend: NtmBackend, a: Tensor, b: Tensor) => Tensor])[] = [
  ['add', (backend, a, b) => backend.add(a, b)],
  ['sub', (backend, a, b) => backend.sub(a, b)],
  ['mul', (backend, a, b) => backend.mul(a, b)],
  ['div', (backend, a, b) => backend.div(a, b)],
  ['maximum', (backend, a, b) => backend.maximum(a, b)],
  ['minimum', (backend, a, b) => backend.minimum(a, b)],
];

const binaryCases: ReferenceCase[] = binaryOperations.flatMap(([operation, run]) =>
  broadcastPairs.map(
    ([pattern, shapeA, shapeB]): ReferenceCase => ({
      name: `${operation}: ${pattern}`,
      inputs: [unit(shapeA), operation === 'div' ? positive(shapeB) : unit(shapeB)],
      run: (backend, a, b) => run(backend, a, b),
    }),
  ),
);

const unaryCases: ReferenceCase[] = [
  { name: 'neg', inputs: [unit([2, 3, 4])], run: (backend, x) => backend.neg(x) },
  { name: 'exp on [−20, 20]', inputs: [{ shape: [2, 3, 4], min: -20, max: 20 }], run: (backend, x) => backend.exp(x) },
  { name: 'log on [1e-3, 100]', inputs: [positive([2, 3, 4], 1e-3, 100)], run: (backend, x) => backend.log(x) },
  { name: 'sqrt on [0, 100]', inputs: [positive([2, 3, 4], 0, 100)], run: (backend, x) => backend.sqrt(x) },
  { name: 'square', inputs: [{ shape: [2, 3, 4], min: -10, max: 10 }], run: (backend, x) => backend.square(x) },
  { name: 'abs', inputs: [unit([2, 3, 4])], run: (backend, x) => backend.abs(x) },
  { name: 'tanh on [−10, 10]', inputs: [{ shape: [2, 3, 4], min: -10, max: 10 }], run: (backend, x) => backend.tanh(x) },
  { name: 'sigmoid on [−30, 30]', inputs: [{ shape: [2, 3, 4], min: -30, max: 30 }], run: (backend, x) => backend.sigmoid(x) },
  { name: 'softplus on [−20, 20]', inputs: [{ shape: [2, 3, 4], min: -20, max: 20 }], run: (backend, x) => backend.softplus(x) },
  { name: 'softplus on [−80, 80]', inputs: [{ shape: [4, 8], min: -80, max: 80 }], run: (backend, x) => backend.softplus(x) },
  { name: 'logSigmoid on [−20, 20]', inputs: [{ shape: [2, 3, 4], min: -20, max: 20 }], run: (backend, x) => backend.logSigmoid(x) },
  { name: 'logSigmoid on [−80, 80]', inputs: [{ shape: [4, 8], min: -80, max: 80 }], run: (backend, x) => backend.logSigmoid(x) },
  { name: 'relu', inputs: [unit([2, 3, 4])], run: (backend, x) => backend.relu(x) },
  { name: 'clip to [−20, 20] (the NTM pre-activation clip)', inputs: [{ shape: [2, 3, 4], min: -40, max: 40 }], run: (backend, x) => backend.clip(x, -20, 20) },
  { name: 'clip to [0.25, 0.5]', inputs: [unit([5, 5])], run: (backend, x) => backend.clip(x, 0.25, 0.5) },
];

const reductionCases: ReferenceCase[] = [
  ...[0, 1, -1].flatMap((axis) =>
    [false, true].map(
      (keepDims): ReferenceCase => ({
        name: `sum over axis ${axis}${keepDims ? ' with keepDims' : ''} of [3, 4, 5]`,
        inputs: [unit([3, 4, 5])],
        run: (backend, x) => backend.sum(x, axis, keepDims),
        magnitude: (backend, x) => backend.sum(backend.abs(x), axis, keepDims),
      }),
    ),
  ),
  {
    name: 'sum of 256 terms',
    inputs: [unit([2, 256])],
    run: (backend, x) => backend.sum(x, -1),
    magnitude: (backend, x) => backend.sum(backend.abs(x), -1),
    reductionLength: 256,
  },
  ...[0, 1, -1].flatMap((axis) =>
    [false, true].map(
      (keepDims): ReferenceCase => ({
        name: `prod over axis ${axis}${keepDims ? ' with keepDims' : ''} of [3, 4, 5] (erase factors in (0, 1])`,
        inputs: [positive([3, 4, 5], 0.05, 1)],
        run: (backend, x) => backend.prod(x, axis, keepDims),
      }),
    ),
  ),
  ...[0, 1, -1].flatMap((axis) =>
    [false, true].map(
      (keepDims): ReferenceCase => ({
        name: `max over axis ${axis}${keepDims ? ' with keepDims' : ''} of [3, 4, 5]`,
        inputs: [unit([3, 4, 5])],
        run: (backend, x) => backend.max(x, axis, keepDims),
      }),
    ),
  ),
  {
    name: 'sumAll of [7, 9]',
    inputs: [unit([7, 9])],
    run: (backend, x) => backend.sumAll(x),
    magnitude: (backend, x) => backend.sumAll(backend.abs(x)),
    reductionLength: 63,
  },
  { name: 'softmax of [B, H, N]', inputs: [{ shape: [B, H, N], min: -10, max: 10 }], run: (backend, x) => backend.softmax(x) },
  { name: 'softmax of a rank-1 tensor', inputs: [{ shape: [7], min: -3, max: 3 }], run: (backend, x) => backend.softmax(x) },
  {
    name: 'softmax near +1000 (large key strengths)',
    inputs: [{ shape: [B, H, N], min: 995, max: 1005 }],
    run: (backend, x) => backend.softmax(x),
  },
  {
    name: 'softmax near −1000',
    inputs: [{ shape: [B, H, N], min: -1005, max: -995 }],
    run: (backend, x) => backend.softmax(x),
  },
  {
    name: 'softmax rows spread over [−500, 500]',
    inputs: [{ shape: [4, 16], min: -500, max: 500 }],
    run: (backend, x) => backend.softmax(x),
  },
];

const matMulCase = (
  name: string,
  shapeA: readonly number[],
  shapeB: readonly number[],
  transposeA: boolean,
  transposeB: boolean,
  inner: number,
): ReferenceCase => ({
  name: `matMul ${name}`,
  inputs: [unit(shapeA), unit(shapeB)],
  run: (backend, a, b) => backend.matMul(a, b, transposeA, transposeB),
  magnitude: (backend, a, b) => backend.matMul(backend.abs(a), backend.abs(b), transposeA, transposeB),
  reductionLength: inner,
});

const linearAlgebraCases: ReferenceCase[] = [
  matMulCase('[3, 4] × [4, 5]', [3, 4], [4, 5], false, false, 4),
  matMulCase('[4, 3]ᵀ × [4, 5]', [4, 3], [4, 5], true, false, 4),
  matMulCase('[3, 4] × [5, 4]ᵀ', [3, 4], [5, 4], false, true, 4),
  matMulCase('[4, 3]ᵀ × [5, 4]ᵀ', [4, 3], [5, 4], true, true, 4),
  matMulCase('[B, 3, 4] × [B, 4, 5]', [B, 3, 4], [B, 4, 5], false, false, 4),
  matMulCase('[B, H, M] × [B, N, M]ᵀ (content similarity)', [B, H, M], [B, N, M], false, true, M),
  matMulCase('[B, H, N] × [B, N, M] (read)', [B, H, N], [B, N, M], false, false, N),
  matMulCase('[B, H, N]ᵀ × [B, H, M] (write)', [B, H, N], [B, H, M], true, false, H),
  matMulCase('[B, N, M]ᵀ × [B, N, H] (both batched, transposeA)', [B, N, M], [B, N, H], true, false, N),
  matMulCase('[B, 3, 4]ᵀ × [B, 5, 3]ᵀ', [B, 3, 4], [B, 5, 3], true, true, 3),
  matMulCase('[2, 128] × [128, 3] (long inner axis)', [2, 128], [128, 3], false, false, 128),
];

const shapeCases: ReferenceCase[] = [
  { name: 'reshape [B, H, N] to [B·H, N]', inputs: [unit([B, H, N])], run: (backend, x) => backend.reshape(x, [B * H, N]) },
  { name: 'transpose [2, 3, 4] by [2, 0, 1]', inputs: [unit([2, 3, 4])], run: (backend, x) => backend.transpose(x, [2, 0, 1]) },
  { name: 'transpose [2, 3, 4] by [1, 0, 2]', inputs: [unit([2, 3, 4])], run: (backend, x) => backend.transpose(x, [1, 0, 2]) },
  { name: 'transpose [2, 3, 4, 5] by [0, 2, 3, 1]', inputs: [unit([2, 3, 4, 5])], run: (backend, x) => backend.transpose(x, [0, 2, 3, 1]) },
  ...[0, 1, -1].map(
    (axis): ReferenceCase => ({
      name: `concat three tensors along axis ${axis}`,
      inputs: [0, 1, 2].map((index) => unit([2, 3, 4].map((size, dimension) => (dimension === (axis + 3) % 3 ? size + index : size)))),
      run: (backend, ...xs) => backend.concat(xs, axis),
    }),
  ),
  { name: 'slice [B, H, N] to one head', inputs: [unit([B, H, N])], run: (backend, x) => backend.slice(x, [0, 1, 0], [-1, 1, -1]) },
  { name: 'slice the middle of [5, 6]', inputs: [unit([5, 6])], run: (backend, x) => backend.slice(x, [1, 2], [3, 3]) },
  {
    name: 'gather circular shift indices [N−1, 0, 1, …] along the last axis',
    inputs: [unit([B, H, N])],
    run: (backend, x) =>
      backend.gather(
        x,
        Array.from({ length: N }, (_, i) => (i - 1 + N) % N),
        -1,
      ),
  },
  {
    name: 'gather the K = 3 shifted copies of every slot, along axis 1',
    inputs: [unit([B, N, M])],
    run: (backend, x) =>
      backend.gather(
        x,
        [-1, 0, 1].flatMap((shift) => Array.from({ length: N }, (_, i) => (i - shift + N) % N)),
        1,
      ),
  },
  { name: 'gather along axis 0', inputs: [unit([4, 3])], run: (backend, x) => backend.gather(x, [3, 0, 0, 2], 0) },
  { name: 'tile [B, 1, N] to [B, H, N]', inputs: [unit([B, 1, N])], run: (backend, x) => backend.tile(x, [1, H, 1]) },
  { name: 'tile [2, 3] by [2, 3]', inputs: [unit([2, 3])], run: (backend, x) => backend.tile(x, [2, 3]) },
];

/** Every case compared with the reference backend. */
export const referenceCases: readonly ReferenceCase[] = [...binaryCases, ...unaryCases, ...reductionCases, ...linearAlgebraCases, ...shapeCases];
