import { BACKEND_SPECIFICATION_VERSION, ShapeError, type Tensor } from '@ntm/backend';
import { describe, expect, it } from 'vitest';
import { createReferenceBackend } from './reference-backend.js';
import { ReferenceTensor } from './reference-tensor.js';

const backend = createReferenceBackend();

/** Runs `f` in a tidy and returns the result's shape and values as plain arrays. */
function evaluate(f: () => Tensor): { shape: number[]; values: number[] } {
  let result = { shape: [] as number[], values: [] as number[] };
  backend.tidy(() => {
    const output = f();
    result = { shape: [...output.shape], values: Array.from(backend.readSync(output)) };
  });
  return result;
}

const t = (values: number[], shape: number[]): Tensor => backend.tensor(values, shape);
const matrix23 = (): Tensor => t([1, 2, 3, 4, 5, 6], [2, 3]);

function expectValues(actual: number[], expected: number[], digits = 12): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((value, index) => expect(value, `element ${index}`).toBeCloseTo(expected[index] as number, digits));
}

describe('reference backend: identity', () => {
  it('is a float64 forward-only backend of the current contract', () => {
    expect(backend.specificationVersion).toBe(BACKEND_SPECIFICATION_VERSION);
    expect(backend.name).toBe('reference');
    expect(backend.capabilities).toEqual({ gradients: false, precision: 'float64' });
    expect(backend.fused).toEqual({});
    expect(backend.countKernels).toBeUndefined();
  });

  it('gradient methods explain that this backend has none', () => {
    const x = backend.scalar(1);
    expect(() => backend.valueAndGradients((input) => backend.square(input), [x])).toThrow(
      'the reference backend computes forward values only; use finite differences',
    );
    const variable = backend.variable(x);
    expect(() => backend.variableGradients(() => backend.square(variable), [variable])).toThrow('forward values only');
    backend.dispose([x, variable]);
  });
});

describe('reference backend: creation and reading', () => {
  it('tensor, scalar and fill keep float64 values row-major', () => {
    expect(evaluate(() => t([0.1, 2, 3, 4], [2, 2]))).toEqual({ shape: [2, 2], values: [0.1, 2, 3, 4] });
    expect(evaluate(() => backend.scalar(0.1))).toEqual({ shape: [], values: [0.1] });
    expect(evaluate(() => backend.fill([2, 1], -3))).toEqual({ shape: [2, 1], values: [-3, -3] });
    expect(evaluate(() => backend.fill([0, 3], 1))).toEqual({ shape: [0, 3], values: [] });
  });

  it('read and readSync return copies that cannot change the tensor', async () => {
    const x = t([1, 2], [2]);
    const copy = backend.readSync(x);
    copy[0] = 99;
    expect(copy).toBeInstanceOf(Float64Array);
    expect(Array.from(await backend.read(x))).toEqual([1, 2]);
    backend.dispose(x);
    await expect(backend.read(x)).rejects.toThrow('read');
  });

  it('the tensor copies its input array', () => {
    const values = [1, 2, 3];
    const x = t(values, [3]);
    values[0] = 100;
    expect(Array.from(backend.readSync(x))).toEqual([1, 2, 3]);
    expect(x).toBeInstanceOf(ReferenceTensor);
    expect(Object.isFrozen(x.shape)).toBe(true);
    backend.dispose(x);
  });
});

describe('reference backend: elementwise', () => {
  it('binary operations broadcast NumPy-style', () => {
    expect(evaluate(() => backend.add(matrix23(), t([10, 20, 30], [3])))).toEqual({ shape: [2, 3], values: [11, 22, 33, 14, 25, 36] });
    expect(evaluate(() => backend.sub(t([1, 2], [1, 2]), t([10, 20], [2, 1])))).toEqual({ shape: [2, 2], values: [-9, -8, -19, -18] });
    expect(evaluate(() => backend.mul(t([1, 2], [2, 1]), t([3, 4], [1, 2])))).toEqual({ shape: [2, 2], values: [3, 4, 6, 8] });
    expect(evaluate(() => backend.div(t([1, 3, 2, 2], [1, 2, 2]), t([4, 2], [1, 2, 1])))).toEqual({ shape: [1, 2, 2], values: [0.25, 0.75, 1, 1] });
    expect(evaluate(() => backend.maximum(t([1, 5, -2], [3]), backend.scalar(0)))).toEqual({ shape: [3], values: [1, 5, 0] });
    expect(evaluate(() => backend.minimum(t([1, 5, -2], [3]), t([3, 2, -1], [3])))).toEqual({ shape: [3], values: [1, 2, -2] });
  });

  it('[B, H, N] with [B, 1, N] and [B, H, 1]', () => {
    const x = (): Tensor => t([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
    expect(evaluate(() => backend.mul(x(), t([10, 100, -1, 0], [2, 1, 2]))).values).toEqual([10, 200, 30, 400, -5, 0, -7, 0]);
    expect(evaluate(() => backend.sub(x(), t([1, 2, 3, 4], [2, 2, 1]))).values).toEqual([0, 1, 1, 2, 2, 3, 3, 4]);
  });

  it('maximum and minimum propagate NaN', () => {
    expect(evaluate(() => backend.maximum(t([NaN, 1], [2]), t([0, NaN], [2]))).values).toEqual([NaN, NaN]);
    expect(evaluate(() => backend.minimum(t([NaN], [1]), t([0], [1]))).values).toEqual([NaN]);
  });

  it('unary operations', () => {
    const ln3 = Math.log(3);
    expect(evaluate(() => backend.neg(t([1, -2], [2]))).values).toEqual([-1, 2]);
    expectValues(evaluate(() => backend.exp(t([0, 1], [2]))).values, [1, Math.E]);
    expectValues(evaluate(() => backend.log(t([1, Math.E], [2]))).values, [0, 1]);
    expect(evaluate(() => backend.sqrt(t([4, 9], [2]))).values).toEqual([2, 3]);
    expect(evaluate(() => backend.square(t([-3, 0.5], [2]))).values).toEqual([9, 0.25]);
    expect(evaluate(() => backend.abs(t([-3, 2], [2]))).values).toEqual([3, 2]);
    expectValues(evaluate(() => backend.tanh(t([0, ln3], [2]))).values, [0, 0.8]);
    expectValues(evaluate(() => backend.sigmoid(t([0, ln3, -ln3], [3]))).values, [0.5, 0.75, 0.25]);
    expect(evaluate(() => backend.relu(t([-1, 0, 2], [3]))).values).toEqual([0, 0, 2]);
    expect(evaluate(() => backend.clip(t([-2, 0.5, 3], [3]), -1, 1)).values).toEqual([-1, 0.5, 1]);
  });

  it('sigmoid, softplus and logSigmoid are finite and exact at ±100 and ±1000', () => {
    const big = [100, -100, 1000, -1000];
    expectValues(evaluate(() => backend.sigmoid(t(big, [4]))).values, [1, Math.exp(-100), 1, 0], 50);
    // softplus(100) = 100 + log1p(e⁻¹⁰⁰); softplus(−100) = e⁻¹⁰⁰ to double precision, not 0.
    const softplusValues = evaluate(() => backend.softplus(t(big, [4]))).values;
    expect(softplusValues).toEqual([100, Math.log1p(Math.exp(-100)), 1000, 0]);
    expect(softplusValues[1]).toBeGreaterThan(0);
    expect(evaluate(() => backend.softplus(t([0], [1]))).values).toEqual([Math.LN2]);
    const logSigmoidValues = evaluate(() => backend.logSigmoid(t(big, [4]))).values;
    expect(logSigmoidValues).toEqual([-Math.log1p(Math.exp(-100)), -100, 0, -1000]);
  });

  it('clip refuses min > max', () => {
    const x = t([1], [1]);
    expect(() => backend.clip(x, 1, -1)).toThrow('clip: min and max must be numbers with min <= max, got min 1, max -1');
    backend.dispose(x);
  });
});

describe('reference backend: reductions', () => {
  it('sum, prod and max along any axis, with keepDims', () => {
    expect(evaluate(() => backend.sum(matrix23(), 0))).toEqual({ shape: [3], values: [5, 7, 9] });
    expect(evaluate(() => backend.sum(matrix23(), -1, true))).toEqual({ shape: [2, 1], values: [6, 15] });
    expect(evaluate(() => backend.prod(matrix23(), 1))).toEqual({ shape: [2], values: [6, 120] });
    expect(evaluate(() => backend.prod(matrix23(), -2, true))).toEqual({ shape: [1, 3], values: [4, 10, 18] });
    expect(evaluate(() => backend.max(t([1, 9, 3, 4, -5, 6], [2, 3]), 0))).toEqual({ shape: [3], values: [4, 9, 6] });
    expect(evaluate(() => backend.max(t([-1, -9, -3, -4], [2, 2]), 1, true))).toEqual({ shape: [2, 1], values: [-1, -3] });
  });

  it('reduces a middle axis of a rank-3 tensor', () => {
    // x[i, j, k] = 4i + 2j + k over [2, 2, 2]... summed over j: 2·(4i + k) + 2
    expect(evaluate(() => backend.sum(t([0, 1, 2, 3, 4, 5, 6, 7], [2, 2, 2]), 1))).toEqual({ shape: [2, 2], values: [2, 4, 10, 12] });
  });

  it('sumAll gives a rank-0 tensor', () => {
    expect(evaluate(() => backend.sumAll(matrix23()))).toEqual({ shape: [], values: [21] });
    expect(evaluate(() => backend.sumAll(backend.scalar(4)))).toEqual({ shape: [], values: [4] });
  });

  it('softmax rows sum to 1 and stay finite at ±1000', () => {
    const { values } = evaluate(() => backend.softmax(t([0, Math.log(3), 1000, 1000, 1000, 0, -1000, -999], [4, 2])));
    expectValues(values, [0.25, 0.75, 0.5, 0.5, 1, 0, 1 / (1 + Math.E), Math.E / (1 + Math.E)]);
    expect(values.every(Number.isFinite)).toBe(true);
    const rows = evaluate(() => backend.sum(backend.softmax(t([3, -1, 7, 0.5, 2, 2], [2, 3])), -1)).values;
    expectValues(rows, [1, 1]);
  });

  it('softmax runs along the last axis only', () => {
    expect(evaluate(() => backend.softmax(t([5, 5, 0, 0], [2, 2]))).values).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it('reductions refuse axes out of range', () => {
    const x = matrix23();
    expect(() => backend.sum(x, 2)).toThrow('sum: axis 2 is out of range for a rank-2 tensor of shape [2, 3]; expected an integer in [-2, 1]');
    expect(() => backend.prod(x, -3)).toThrow('prod: axis -3');
    expect(() => backend.softmax(backend.scalar(1))).toThrow('softmax: x must have rank >= 1');
    backend.dispose(x);
  });
});

describe('reference backend: matMul', () => {
  const a = (): Tensor => t([1, 2, 3, 4], [2, 2]);
  const b = (): Tensor => t([5, 6, 7, 8], [2, 2]);

  it('multiplies matrices, with either or both transposed', () => {
    expect(evaluate(() => backend.matMul(a(), b()))).toEqual({ shape: [2, 2], values: [19, 22, 43, 50] });
    expect(evaluate(() => backend.matMul(a(), b(), true, false)).values).toEqual([26, 30, 38, 44]);
    expect(evaluate(() => backend.matMul(a(), b(), false, true)).values).toEqual([17, 23, 39, 53]);
    expect(evaluate(() => backend.matMul(a(), b(), true, true)).values).toEqual([23, 31, 34, 46]);
    expect(evaluate(() => backend.matMul(matrix23(), t([1, 0, -1], [3, 1])))).toEqual({ shape: [2, 1], values: [-2, -2] });
  });

  it('batches over equal leading axes: [B, H, M] × [B, N, M]ᵀ', () => {
    const keys = (): Tensor => t([1, 2, 3, 4], [2, 1, 2]);
    const memory = (): Tensor => t([1, 0, 0, 1, 1, 1, 2, -1], [2, 2, 2]);
    expect(evaluate(() => backend.matMul(keys(), memory(), false, true))).toEqual({ shape: [2, 1, 2], values: [1, 2, 7, 2] });
    expect(evaluate(() => backend.matMul(t([1, 2, 3, 4], [2, 1, 2]), t([5, 6, 7, 8], [2, 2, 1])))).toEqual({ shape: [2, 1, 1], values: [17, 53] });
  });

  it('broadcasts leading axes (a rank-2 matrix against a batch)', () => {
    expect(evaluate(() => backend.matMul(t([1, 2, 3, 4], [2, 1, 2]), b()))).toEqual({ shape: [2, 1, 2], values: [19, 22, 43, 50] });
    expect(evaluate(() => backend.matMul(a(), t([1, 0, 0, 1, 2, 0, 0, 2], [2, 2, 2])))).toEqual({
      shape: [2, 2, 2],
      values: [1, 2, 3, 4, 2, 4, 6, 8],
    });
  });

  it('names both shapes and transposes when they do not fit', () => {
    const x = matrix23();
    expect(() => backend.matMul(x, x)).toThrow(
      'matMul: inner dimensions differ for a [2, 3] (transposeA false) and b [2, 3] (transposeB false): a contributes 3 columns but b contributes 2 rows; expected them equal',
    );
    expect(() => backend.matMul(backend.fill([3], 1), x)).toThrow('matMul: both operands must have rank >= 2');
    expect(() => backend.matMul(backend.fill([2, 2, 3], 1), backend.fill([3, 3, 1], 1))).toThrow('matMul: batch axes do not broadcast');
    backend.dispose(x);
  });
});

describe('reference backend: shape operations', () => {
  it('reshape keeps row-major order and refuses a size change or -1', () => {
    expect(evaluate(() => backend.reshape(matrix23(), [3, 2]))).toEqual({ shape: [3, 2], values: [1, 2, 3, 4, 5, 6] });
    const x = matrix23();
    expect(() => backend.reshape(x, [4, 2])).toThrow(
      'reshape: cannot reshape [2, 3] (6 elements) to [4, 2] (8 elements); expected the same number of elements',
    );
    expect(() => backend.reshape(x, [-1, 2])).toThrow('reshape: shape must be an array of non-negative integers, got [-1, 2]');
    backend.dispose(x);
  });

  it('transpose with any permutation', () => {
    expect(evaluate(() => backend.transpose(matrix23(), [1, 0]))).toEqual({ shape: [3, 2], values: [1, 4, 2, 5, 3, 6] });
    const x = (): Tensor => t([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [2, 3, 2]);
    expect(evaluate(() => backend.transpose(x(), [2, 0, 1]))).toEqual({ shape: [2, 2, 3], values: [0, 2, 4, 6, 8, 10, 1, 3, 5, 7, 9, 11] });
    expect(evaluate(() => backend.transpose(x(), [0, 2, 1]))).toEqual({ shape: [2, 2, 3], values: [0, 2, 4, 1, 3, 5, 6, 8, 10, 7, 9, 11] });
    expect(evaluate(() => backend.transpose(x(), [0, 1, 2])).values).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const y = x();
    expect(() => backend.transpose(y, [0, 1])).toThrow('transpose: permutation [0, 1] is not a permutation of the 3 axes of shape [2, 3, 2]');
    expect(() => backend.transpose(y, [0, 0, 1])).toThrow('expected each of 0…2 exactly once');
    backend.dispose(y);
  });

  it('concat along any axis, checking the other axes', () => {
    expect(evaluate(() => backend.concat([t([1, 2], [1, 2]), t([3, 4, 5, 6], [2, 2])], 0))).toEqual({ shape: [3, 2], values: [1, 2, 3, 4, 5, 6] });
    expect(evaluate(() => backend.concat([t([1, 2], [2, 1]), t([3, 4, 5, 6], [2, 2]), t([7, 8], [2, 1])], -1))).toEqual({
      shape: [2, 4],
      values: [1, 3, 4, 7, 2, 5, 6, 8],
    });
    expect(evaluate(() => backend.concat([t([1, 2], [2])], 0)).values).toEqual([1, 2]);
    const a = t([1, 2], [1, 2]);
    const b = t([1, 2, 3], [1, 3]);
    expect(() => backend.concat([a, b], 0)).toThrow('concat: xs[1] has shape [1, 3], which does not match xs[0] [1, 2] outside axis 0');
    expect(() => backend.concat([], 0)).toThrow('concat: xs must hold at least one tensor');
    backend.dispose([a, b]);
  });

  it('slice with size -1 and bounds checks', () => {
    expect(evaluate(() => backend.slice(matrix23(), [0, 1], [-1, 2]))).toEqual({ shape: [2, 2], values: [2, 3, 5, 6] });
    expect(evaluate(() => backend.slice(matrix23(), [1, 0], [1, -1]))).toEqual({ shape: [1, 3], values: [4, 5, 6] });
    expect(evaluate(() => backend.slice(matrix23(), [0, 3], [2, 0]))).toEqual({ shape: [2, 0], values: [] });
    const x = matrix23();
    expect(() => backend.slice(x, [0, 2], [2, 2])).toThrow('slice: axis 1 is out of bounds for begin [0, 2], size [2, 2] on shape [2, 3]');
    expect(() => backend.slice(x, [0], [1])).toThrow('slice: begin and size must each have one entry per axis (2)');
    backend.dispose(x);
  });

  it('gather along any axis, including circular indices and repeats', () => {
    expect(evaluate(() => backend.gather(matrix23(), [2, 0, 1], -1))).toEqual({ shape: [2, 3], values: [3, 1, 2, 6, 4, 5] });
    expect(evaluate(() => backend.gather(matrix23(), [1, 1, 0], 0))).toEqual({ shape: [3, 3], values: [4, 5, 6, 4, 5, 6, 1, 2, 3] });
    expect(evaluate(() => backend.gather(t([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]), [1], 1))).toEqual({ shape: [2, 1, 2], values: [3, 4, 7, 8] });
    const x = matrix23();
    expect(() => backend.gather(x, [3], 1)).toThrow('gather: indices[0] = 3 is out of range for axis 1 of shape [2, 3]; expected an integer in [0, 2]');
    expect(() => backend.gather(x, [-1], 1)).toThrow('indices[0] = -1');
    backend.dispose(x);
  });

  it('tile repeats every axis', () => {
    expect(evaluate(() => backend.tile(t([1, 2], [1, 2]), [2, 2]))).toEqual({ shape: [2, 4], values: [1, 2, 1, 2, 1, 2, 1, 2] });
    expect(evaluate(() => backend.tile(t([1, 2, 3, 4], [2, 1, 2]), [1, 3, 1]))).toEqual({
      shape: [2, 3, 2],
      values: [1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4],
    });
    const x = matrix23();
    expect(() => backend.tile(x, [2])).toThrow('tile: reps [2] must hold one non-negative integer per axis of shape [2, 3]');
    backend.dispose(x);
  });
});

describe('reference backend: argument errors', () => {
  it('tensor refuses a wrong number of values or a bad shape', () => {
    expect(() => backend.tensor([1, 2, 3], [2, 2])).toThrow(ShapeError);
    expect(() => backend.tensor([1, 2, 3], [2, 2])).toThrow('tensor: got 3 values for shape [2, 2]; expected 4 (the product of the shape)');
    expect(() => backend.fill([2, 1.5], 0)).toThrow('fill: shape must be an array of non-negative integers, got [2, 1.5]');
  });

  it('broadcast mismatches name the op and both shapes', () => {
    const a = backend.fill([2, 3], 1);
    const b = backend.fill([4], 1);
    expect(() => backend.add(a, b)).toThrow('add: cannot broadcast shapes [2, 3] and [4]');
    expect(() => backend.div(a, b)).toThrow('div: cannot broadcast');
    backend.dispose([a, b]);
  });

  it('refuses tensors it did not make, and disposed ones', () => {
    const other = createReferenceBackend();
    const foreign = other.fill([1], 1);
    expect(() => backend.neg(foreign)).toThrow('neg: x was made by another reference backend instance');
    expect(() => backend.add({ shape: [1] }, { shape: [1] })).toThrow('add: a must be a tensor made by this reference backend, got a Object');
    const x = backend.fill([2], 1);
    backend.dispose(x);
    expect(() => backend.exp(x)).toThrow('exp: x (shape [2]) was already disposed');
    other.dispose(foreign);
  });
});
