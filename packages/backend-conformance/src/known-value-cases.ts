import type { NtmBackend, Tensor } from '@ntm/backend';
import type { TensorValues } from './tensor-values.js';

/**
 * One operation on fixed inputs with a hand-computed answer. These check the reference backend
 * as much as the backend under test: the answers come from arithmetic done by hand, not from
 * any implementation.
 */
export interface KnownValueCase {
  readonly name: string;
  readonly inputs: readonly TensorValues[];
  readonly run: (backend: NtmBackend, ...inputs: Tensor[]) => Tensor;
  readonly expected: TensorValues;
}

const matrix23: TensorValues = { values: [1, 2, 3, 4, 5, 6], shape: [2, 3] };
const a22: TensorValues = { values: [1, 2, 3, 4], shape: [2, 2] };
const b22: TensorValues = { values: [5, 6, 7, 8], shape: [2, 2] };
const ln2 = Math.LN2;
const ln3 = Math.log(3);

/** The hand-computed cases, one or more per contract operation. */
export const knownValueCases: readonly KnownValueCase[] = [
  // ---- creation ----
  { name: 'tensor keeps row-major values', inputs: [a22], run: (_, x) => x, expected: a22 },
  { name: 'scalar has shape []', inputs: [], run: (backend) => backend.scalar(3.5), expected: { values: [3.5], shape: [] } },
  { name: 'fill', inputs: [], run: (backend) => backend.fill([2, 3], 7), expected: { values: [7, 7, 7, 7, 7, 7], shape: [2, 3] } },

  // ---- elementwise, broadcasting ----
  {
    name: 'add broadcasts a row over a matrix',
    inputs: [matrix23, { values: [10, 20, 30], shape: [3] }],
    run: (backend, a, b) => backend.add(a, b),
    expected: { values: [11, 22, 33, 14, 25, 36], shape: [2, 3] },
  },
  {
    name: 'add broadcasts a column [2, 1] over [2, 2]',
    inputs: [a22, { values: [10, 20], shape: [2, 1] }],
    run: (backend, a, b) => backend.add(a, b),
    expected: { values: [11, 12, 23, 24], shape: [2, 2] },
  },
  {
    name: 'add a scalar tensor',
    inputs: [a22, { values: [0.5], shape: [] }],
    run: (backend, a, b) => backend.add(a, b),
    expected: { values: [1.5, 2.5, 3.5, 4.5], shape: [2, 2] },
  },
  {
    name: 'sub',
    inputs: [
      { values: [5, 7], shape: [2] },
      { values: [2, 10], shape: [2] },
    ],
    run: (backend, a, b) => backend.sub(a, b),
    expected: { values: [3, -3], shape: [2] },
  },
  {
    name: 'sub broadcasts [1, 2] − [2, 1] to an outer difference',
    inputs: [
      { values: [1, 2], shape: [1, 2] },
      { values: [10, 20], shape: [2, 1] },
    ],
    run: (backend, a, b) => backend.sub(a, b),
    expected: { values: [-9, -8, -19, -18], shape: [2, 2] },
  },
  {
    name: 'mul broadcasts [2, 1] × [1, 2] to an outer product',
    inputs: [
      { values: [1, 2], shape: [2, 1] },
      { values: [3, 4], shape: [1, 2] },
    ],
    run: (backend, a, b) => backend.mul(a, b),
    expected: { values: [3, 4, 6, 8], shape: [2, 2] },
  },
  {
    name: 'mul [B, H, N] by [B, 1, N]',
    inputs: [
      { values: [1, 2, 3, 4, 5, 6, 7, 8], shape: [2, 2, 2] },
      { values: [10, 100, -1, 0], shape: [2, 1, 2] },
    ],
    run: (backend, a, b) => backend.mul(a, b),
    expected: { values: [10, 200, 30, 400, -5, 0, -7, 0], shape: [2, 2, 2] },
  },
  {
    name: 'div',
    inputs: [
      { values: [1, 3], shape: [2] },
      { values: [2, 4], shape: [2] },
    ],
    run: (backend, a, b) => backend.div(a, b),
    expected: { values: [0.5, 0.75], shape: [2] },
  },
  {
    name: 'div [B, H, N] by [B, H, 1] (normalising rows)',
    inputs: [
      { values: [1, 3, 2, 2], shape: [1, 2, 2] },
      { values: [4, 4], shape: [1, 2, 1] },
    ],
    run: (backend, a, b) => backend.div(a, b),
    expected: { values: [0.25, 0.75, 0.5, 0.5], shape: [1, 2, 2] },
  },
  {
    name: 'maximum',
    inputs: [
      { values: [1, 5, -2], shape: [3] },
      { values: [3, 2, -1], shape: [3] },
    ],
    run: (backend, a, b) => backend.maximum(a, b),
    expected: { values: [3, 5, -1], shape: [3] },
  },
  {
    name: 'minimum broadcasts a scalar',
    inputs: [
      { values: [1, 5, -2], shape: [3] },
      { values: [2], shape: [] },
    ],
    run: (backend, a, b) => backend.minimum(a, b),
    expected: { values: [1, 2, -2], shape: [3] },
  },

  // ---- elementwise, unary ----
  { name: 'neg', inputs: [{ values: [1, -2, 0], shape: [3] }], run: (backend, x) => backend.neg(x), expected: { values: [-1, 2, 0], shape: [3] } },
  { name: 'exp', inputs: [{ values: [0, 1, -1], shape: [3] }], run: (backend, x) => backend.exp(x), expected: { values: [1, Math.E, 1 / Math.E], shape: [3] } },
  { name: 'log', inputs: [{ values: [1, Math.E, 0.5], shape: [3] }], run: (backend, x) => backend.log(x), expected: { values: [0, 1, -ln2], shape: [3] } },
  { name: 'sqrt', inputs: [{ values: [4, 9, 0], shape: [3] }], run: (backend, x) => backend.sqrt(x), expected: { values: [2, 3, 0], shape: [3] } },
  { name: 'square', inputs: [{ values: [-3, 0.5], shape: [2] }], run: (backend, x) => backend.square(x), expected: { values: [9, 0.25], shape: [2] } },
  { name: 'abs', inputs: [{ values: [-3, 2, 0], shape: [3] }], run: (backend, x) => backend.abs(x), expected: { values: [3, 2, 0], shape: [3] } },
  {
    name: 'tanh',
    inputs: [{ values: [0, ln3, -ln3], shape: [3] }],
    // tanh(ln 3) = (3 − 1/3) / (3 + 1/3) = 0.8
    run: (backend, x) => backend.tanh(x),
    expected: { values: [0, 0.8, -0.8], shape: [3] },
  },
  {
    name: 'sigmoid, including ±100',
    inputs: [{ values: [0, ln3, -ln3, 100, -100], shape: [5] }],
    run: (backend, x) => backend.sigmoid(x),
    expected: { values: [0.5, 0.75, 0.25, 1, 0], shape: [5] },
  },
  {
    name: 'softplus, finite at ±100',
    inputs: [{ values: [0, ln3, 100, -100], shape: [4] }],
    // softplus(ln 3) = ln 4; softplus(100) = 100 + log1p(e⁻¹⁰⁰) = 100 to float precision.
    run: (backend, x) => backend.softplus(x),
    expected: { values: [ln2, 2 * ln2, 100, 0], shape: [4] },
  },
  { name: 'relu', inputs: [{ values: [-1, 0, 2], shape: [3] }], run: (backend, x) => backend.relu(x), expected: { values: [0, 0, 2], shape: [3] } },
  {
    name: 'clip to [−1, 1]',
    inputs: [{ values: [-2, -1, 0.5, 1, 3], shape: [5] }],
    run: (backend, x) => backend.clip(x, -1, 1),
    expected: { values: [-1, -1, 0.5, 1, 1], shape: [5] },
  },
  {
    name: 'logSigmoid, finite at ±100',
    inputs: [{ values: [0, -ln3, 100, -100], shape: [4] }],
    // log σ(−ln 3) = log 0.25
    run: (backend, x) => backend.logSigmoid(x),
    expected: { values: [-ln2, -2 * ln2, 0, -100], shape: [4] },
  },

  // ---- reductions ----
  { name: 'sum over axis 0', inputs: [matrix23], run: (backend, x) => backend.sum(x, 0), expected: { values: [5, 7, 9], shape: [3] } },
  {
    name: 'sum over axis −1 with keepDims',
    inputs: [matrix23],
    run: (backend, x) => backend.sum(x, -1, true),
    expected: { values: [6, 15], shape: [2, 1] },
  },
  { name: 'prod over axis 1', inputs: [matrix23], run: (backend, x) => backend.prod(x, 1), expected: { values: [6, 120], shape: [2] } },
  {
    name: 'prod over axis −2 with keepDims',
    inputs: [matrix23],
    run: (backend, x) => backend.prod(x, -2, true),
    expected: { values: [4, 10, 18], shape: [1, 3] },
  },
  {
    name: 'max over axis 0',
    inputs: [{ values: [1, 9, 3, 4, -5, 6], shape: [2, 3] }],
    run: (backend, x) => backend.max(x, 0),
    expected: { values: [4, 9, 6], shape: [3] },
  },
  {
    name: 'max over axis −1 with keepDims',
    inputs: [{ values: [1, 9, 3, 4, -5, 6], shape: [2, 3] }],
    run: (backend, x) => backend.max(x, -1, true),
    expected: { values: [9, 6], shape: [2, 1] },
  },
  { name: 'sumAll gives a rank-0 tensor', inputs: [matrix23], run: (backend, x) => backend.sumAll(x), expected: { values: [21], shape: [] } },
  {
    name: 'softmax of each row',
    inputs: [{ values: [0, ln3, 1, 1], shape: [2, 2] }],
    run: (backend, x) => backend.softmax(x),
    expected: { values: [0.25, 0.75, 0.5, 0.5], shape: [2, 2] },
  },
  {
    name: 'softmax is stable at ±1000',
    inputs: [{ values: [1000, 1000, 1000, 0, -1000, -1000], shape: [3, 2] }],
    run: (backend, x) => backend.softmax(x),
    expected: { values: [0.5, 0.5, 1, 0, 0.5, 0.5], shape: [3, 2] },
  },

  // ---- linear algebra ----
  { name: 'matMul', inputs: [a22, b22], run: (backend, a, b) => backend.matMul(a, b), expected: { values: [19, 22, 43, 50], shape: [2, 2] } },
  {
    name: 'matMul with transposeA',
    inputs: [a22, b22],
    run: (backend, a, b) => backend.matMul(a, b, true, false),
    expected: { values: [26, 30, 38, 44], shape: [2, 2] },
  },
  {
    name: 'matMul with transposeB',
    inputs: [a22, b22],
    run: (backend, a, b) => backend.matMul(a, b, false, true),
    expected: { values: [17, 23, 39, 53], shape: [2, 2] },
  },
  {
    name: 'matMul with both transposes',
    inputs: [a22, b22],
    // Aᵀ Bᵀ = (B A)ᵀ; B A = [[23, 34], [31, 46]].
    run: (backend, a, b) => backend.matMul(a, b, true, true),
    expected: { values: [23, 31, 34, 46], shape: [2, 2] },
  },
  {
    name: 'matMul of non-square [2, 3] × [3, 1]',
    inputs: [matrix23, { values: [1, 0, -1], shape: [3, 1] }],
    run: (backend, a, b) => backend.matMul(a, b),
    expected: { values: [-2, -2], shape: [2, 1] },
  },
  {
    name: 'batched matMul [2, 1, 2] × [2, 2, 1]',
    inputs: [
      { values: [1, 2, 3, 4], shape: [2, 1, 2] },
      { values: [5, 6, 7, 8], shape: [2, 2, 1] },
    ],
    run: (backend, a, b) => backend.matMul(a, b),
    expected: { values: [17, 53], shape: [2, 1, 1] },
  },
  {
    name: 'batched matMul with transposeB: [B, H, M] × [B, N, M]ᵀ',
    inputs: [
      { values: [1, 2, 3, 4], shape: [2, 1, 2] },
      { values: [1, 0, 0, 1, 1, 1, 2, -1], shape: [2, 2, 2] },
    ],
    run: (backend, a, b) => backend.matMul(a, b, false, true),
    expected: { values: [1, 2, 7, 2], shape: [2, 1, 2] },
  },

  // ---- shape ----
  {
    name: 'reshape keeps row-major order',
    inputs: [matrix23],
    run: (backend, x) => backend.reshape(x, [3, 2]),
    expected: { values: [1, 2, 3, 4, 5, 6], shape: [3, 2] },
  },
  {
    name: 'reshape to rank 3',
    inputs: [matrix23],
    run: (backend, x) => backend.reshape(x, [1, 6, 1]),
    expected: { values: [1, 2, 3, 4, 5, 6], shape: [1, 6, 1] },
  },
  {
    name: 'transpose a matrix',
    inputs: [matrix23],
    run: (backend, x) => backend.transpose(x, [1, 0]),
    expected: { values: [1, 4, 2, 5, 3, 6], shape: [3, 2] },
  },
  {
    name: 'transpose [2, 3, 2] by [2, 0, 1]',
    inputs: [{ values: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], shape: [2, 3, 2] }],
    // out[k, i, j] = x[i, j, k] = 6i + 2j + k
    run: (backend, x) => backend.transpose(x, [2, 0, 1]),
    expected: { values: [0, 2, 4, 6, 8, 10, 1, 3, 5, 7, 9, 11], shape: [2, 2, 3] },
  },
  {
    name: 'concat along axis 0',
    inputs: [
      { values: [1, 2], shape: [1, 2] },
      { values: [3, 4, 5, 6], shape: [2, 2] },
    ],
    run: (backend, a, b) => backend.concat([a, b], 0),
    expected: { values: [1, 2, 3, 4, 5, 6], shape: [3, 2] },
  },
  {
    name: 'concat along axis −1',
    inputs: [
      { values: [1, 2], shape: [2, 1] },
      { values: [3, 4, 5, 6], shape: [2, 2] },
      { values: [7, 8], shape: [2, 1] },
    ],
    run: (backend, a, b, c) => backend.concat([a, b, c], -1),
    expected: { values: [1, 3, 4, 7, 2, 5, 6, 8], shape: [2, 4] },
  },
  {
    name: 'slice with size −1 (to the end)',
    inputs: [matrix23],
    run: (backend, x) => backend.slice(x, [0, 1], [-1, 2]),
    expected: { values: [2, 3, 5, 6], shape: [2, 2] },
  },
  {
    name: 'slice one row',
    inputs: [matrix23],
    run: (backend, x) => backend.slice(x, [1, 0], [1, -1]),
    expected: { values: [4, 5, 6], shape: [1, 3] },
  },
  {
    name: 'gather circular indices along axis −1',
    inputs: [matrix23],
    run: (backend, x) => backend.gather(x, [2, 0, 1], -1),
    expected: { values: [3, 1, 2, 6, 4, 5], shape: [2, 3] },
  },
  {
    name: 'gather along axis 0, repeating an index',
    inputs: [matrix23],
    run: (backend, x) => backend.gather(x, [1, 1, 0], 0),
    expected: { values: [4, 5, 6, 4, 5, 6, 1, 2, 3], shape: [3, 3] },
  },
  {
    name: 'gather along a middle axis',
    inputs: [{ values: [1, 2, 3, 4, 5, 6, 7, 8], shape: [2, 2, 2] }],
    run: (backend, x) => backend.gather(x, [1], 1),
    expected: { values: [3, 4, 7, 8], shape: [2, 1, 2] },
  },
  {
    name: 'tile',
    inputs: [{ values: [1, 2], shape: [1, 2] }],
    run: (backend, x) => backend.tile(x, [2, 2]),
    expected: { values: [1, 2, 1, 2, 1, 2, 1, 2], shape: [2, 4] },
  },
  {
    name: 'tile a middle axis',
    inputs: [{ values: [1, 2, 3, 4], shape: [2, 1, 2] }],
    run: (backend, x) => backend.tile(x, [1, 3, 1]),
    expected: { values: [1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4], shape: [2, 3, 2] },
  },
];
