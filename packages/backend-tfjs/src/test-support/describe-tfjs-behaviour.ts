import { ShapeError, type Tensor } from '@ntm/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTfjsBackend, type TfjsBackend, type TfjsFlavor } from '../index.js';
import { expectGradientsMatchFiniteDifferences } from './finite-differences.js';

/**
 * What this package promises beyond the shared conformance suite, for one flavor: memory
 * discipline on tfjs, variables, the gradients tfjs gets wrong or lacks on some backends
 * (gather on WASM, prod, clip's boundary), argument errors, kernel counting.
 * One flavor per test file, because tfjs has one active backend per process.
 */
export function describeTfjsBehaviour(flavor: TfjsFlavor): void {
  describe(`tfjs-${flavor}`, () => {
    let backend: TfjsBackend;
    const values = (x: Tensor): number[] => Array.from(backend.readSync(x));

    beforeAll(async () => {
      backend = await createTfjsBackend(flavor);
    });

    describe('identity', () => {
      it('states its name, flavor, capabilities and runtime', () => {
        expect(backend.name).toBe(`tfjs-${flavor}`);
        expect(backend.flavor).toBe(flavor);
        expect(backend.capabilities).toEqual({ gradients: true, precision: 'float32' });
        expect(backend.specificationVersion).toBe('ntm-backend-v1');
        // The fused kernels (src/fused) are WebAssembly SIMD on wasm, on by default; tfjs-cpu has none.
        expect(Object.keys(backend.fused).sort()).toEqual(flavor === 'wasm' ? ['memoryStep', 'ntmSequence', 'optimizerUpdate'] : []);
        expect(backend.info.activeBackend).toBe(flavor);
        expect(backend.info.tfjsVersion).toBe('4.22.0');
        expect(typeof backend.info.wasmSimd).toBe('boolean');
        if (flavor === 'wasm') expect(backend.info.wasmThreads).toBeGreaterThanOrEqual(1);
        if (flavor === 'wasm') expect(backend.info.fusedKernels).toBe('wasm-simd');
      });
    });

    describe('memory', () => {
      it('tidy frees everything but what it returns, through nested scopes', () => {
        const before = backend.numTensors();
        const result = backend.tidy(() => {
          const x = backend.tensor([1, 2, 3, 4], [2, 2]);
          const inner = backend.tidy(() => {
            const y = backend.exp(x);
            backend.square(y); // dropped by the inner scope
            return { kept: backend.sum(y, -1), label: 'inner' };
          });
          expect(backend.numTensors()).toBe(before + 2); // x and inner.kept
          return [inner.kept, backend.neg(x)];
        });
        expect(backend.numTensors()).toBe(before + 2);
        expect(values(result[0] as Tensor)).toEqual(
          [Math.fround(Math.exp(1) + Math.exp(2)), Math.fround(Math.exp(3) + Math.exp(4))].map((v) => expect.closeTo(v, 4)),
        );
        backend.dispose(result as Tensor[]);
        expect(backend.numTensors()).toBe(before);
      });

      it('keep makes a tensor survive its tidy', () => {
        const before = backend.numTensors();
        let kept: Tensor | undefined;
        backend.tidy(() => {
          kept = backend.keep(backend.fill([3], 2));
          backend.fill([3], 5);
        });
        expect(backend.numTensors()).toBe(before + 1);
        expect(values(kept as Tensor)).toEqual([2, 2, 2]);
        backend.dispose(kept as Tensor);
        expect(backend.numTensors()).toBe(before);
      });

      it('dispose is idempotent and takes arrays', () => {
        const before = backend.numTensors();
        const a = backend.scalar(1);
        const b = backend.scalar(2);
        backend.dispose([a, b]);
        backend.dispose(a);
        backend.dispose([a, b]);
        expect(backend.numTensors()).toBe(before);
      });

      it('a disposed tensor is refused by name', () => {
        const x = backend.scalar(1);
        backend.dispose(x);
        expect(() => backend.exp(x)).toThrow('exp: x (shape []) was already disposed');
      });

      it('tensor copies its input array, and readSync returns a copy', () => {
        const source = Float32Array.of(1, 2, 3);
        const x = backend.tensor(source, [3]);
        source[0] = 100;
        const read = backend.readSync(x);
        read[1] = 200;
        expect(values(x)).toEqual([1, 2, 3]);
        backend.dispose(x);
      });

      it('read resolves to the same values as readSync', async () => {
        const x = backend.tensor([1.5, -2], [2]);
        expect(Array.from(await backend.read(x))).toEqual([1.5, -2]);
        backend.dispose(x);
      });
    });

    describe('variables', () => {
      it('gives each variable a unique name, even for the same requested name', () => {
        const initial = backend.tensor([1, 2], [2]);
        const first = backend.variable(initial, 'layer/kernel');
        const second = backend.variable(initial, 'layer/kernel');
        const unnamed = backend.variable(initial);
        expect(first.name).toMatch(/^layer\/kernel#\d+$/);
        expect(second.name).toMatch(/^layer\/kernel#\d+$/);
        expect(second.name).not.toBe(first.name);
        expect(unnamed.name).toMatch(/^variable#\d+$/);
        backend.dispose([initial, first, second, unnamed]);
      });

      it('keeps its value when the initial tensor is disposed, and assign replaces it', () => {
        const before = backend.numTensors();
        const initial = backend.tensor([1, 2, 3, 4], [2, 2]);
        const variable = backend.variable(initial, 'assigned');
        backend.dispose(initial);
        expect(values(variable)).toEqual([1, 2, 3, 4]);
        backend.tidy(() => variable.assign(backend.mul(variable, backend.scalar(10))));
        expect(values(variable)).toEqual([10, 20, 30, 40]);
        expect(variable.shape).toEqual([2, 2]);
        backend.dispose(variable);
        expect(backend.numTensors()).toBe(before);
      });

      it('assign refuses a value of another shape, naming the variable', () => {
        const variable = backend.variable(
          backend.tidy(() => backend.fill([2, 2], 0)),
          'strict',
        );
        const wrong = backend.fill([4], 1);
        expect(() => variable.assign(wrong)).toThrow(/assign: variable "strict#\d+" has shape \[2, 2\] but value has shape \[4\]/);
        backend.dispose([variable, wrong]);
      });
    });

    describe('gradients', () => {
      it('valueAndGradients of Σ x² σ(x) matches the analytic derivative 2xσ + x²σ(1 − σ)', () => {
        const xs = [-2, -0.5, 0, 0.7, 3];
        const x = backend.tensor(xs, [5]);
        const { value, gradients } = backend.valueAndGradients((input) => backend.sumAll(backend.mul(backend.square(input), backend.sigmoid(input))), [x]);
        const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));
        expect(backend.readSync(value)[0]).toBeCloseTo(
          xs.reduce((total, v) => total + v * v * sigmoid(v), 0),
          5,
        );
        values(gradients[0] as Tensor).forEach((gradient, i) => {
          const v = xs[i] as number;
          expect(gradient).toBeCloseTo(2 * v * sigmoid(v) + v * v * sigmoid(v) * (1 - sigmoid(v)), 5);
        });
        backend.dispose([x, value, ...gradients]);
      });

      it('a composition of most ops matches finite differences', () => {
        expectGradientsMatchFiniteDifferences(
          backend,
          (a, b) => {
            const product = backend.matMul(a as Tensor, b as Tensor, false, true); // [2, 2, 2]
            const joined = backend.concat([product, backend.tile(backend.slice(a as Tensor, [0, 0, 1], [-1, -1, 2]), [1, 1, 1])], -1); // [2, 2, 4]
            const scored = backend.softmax(backend.div(joined, backend.sqrt(backend.add(backend.square(joined), backend.scalar(1)))));
            const flipped = backend.logSigmoid(backend.transpose(joined, [0, 2, 1])); // [2, 4, 2]
            const bounded = backend.maximum(backend.minimum(flipped, backend.scalar(-0.5)), backend.scalar(-30));
            const squashed = backend.add(backend.sumAll(backend.tanh(scored)), backend.sumAll(bounded));
            return backend.add(squashed, backend.sumAll(backend.max(backend.log(backend.softplus(joined)), 1, true)));
          },
          [
            { values: [0.1, -0.4, 0.9, 0.3, 0.5, -0.2, -0.7, 0.8, 0.25, 0.6, -0.1, 0.35], shape: [2, 2, 3] },
            { values: [0.2, 0.1, -0.3, -0.5, 0.4, 0.6, 0.15, -0.25, 0.05, 0.3, -0.6, 0.45], shape: [2, 2, 3] },
          ],
        );
      });

      it('gather scatters its gradient back, adding repeated indices (tfjs has no such kernel on WASM)', () => {
        const x = backend.tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [2, 3, 2]);
        const weights = backend.tensor([1, 10, 100, 1000], [1, 4, 1]);
        const { gradients } = backend.valueAndGradients((input) => backend.sumAll(backend.mul(backend.gather(input, [2, 0, 2, 1], 1), weights)), [x]);
        // index 0 was picked by weight 10, index 1 by 1000, index 2 by 1 + 100.
        expect(values(gradients[0] as Tensor)).toEqual([10, 10, 1000, 1000, 101, 101, 10, 10, 1000, 1000, 101, 101]);
        backend.dispose([x, weights, ...gradients]);
      });

      it('gather of an intermediate, on a negative axis, matches finite differences', () => {
        expectGradientsMatchFiniteDifferences(backend, (x) => backend.sumAll(backend.square(backend.gather(backend.exp(x), [1, 1, 0], -1))), [
          { values: [0.1, 0.2, 0.3, 0.4], shape: [2, 2] },
        ]);
      });

      it('prod has the gradient Π_{j≠i} x_j, zeros included', () => {
        const x = backend.tensor([2, 3, 4, 0, 5, 6], [2, 3]);
        const { value, gradients } = backend.valueAndGradients((input) => backend.sumAll(backend.prod(input, 1)), [x]);
        expect(backend.readSync(value)[0]).toBe(24);
        expect(values(gradients[0] as Tensor)).toEqual([12, 8, 6, 30, 0, 0]);
        backend.dispose([x, value, ...gradients]);
      });

      it('clip passes the gradient only strictly inside (min, max)', () => {
        const x = backend.tensor([-1, 0, 0.5, 1, 2], [5]);
        const { gradients } = backend.valueAndGradients((input) => backend.sumAll(backend.clip(input, 0, 1)), [x]);
        expect(values(gradients[0] as Tensor)).toEqual([0, 0, 1, 0, 0]);
        backend.dispose([x, ...gradients]);
      });

      it('logSigmoid and softplus keep finite gradients far out', () => {
        const x = backend.tensor([-200, 200], [2]);
        const { value, gradients } = backend.valueAndGradients((input) => backend.sumAll(backend.add(backend.logSigmoid(input), backend.softplus(input))), [x]);
        expect(backend.readSync(value)[0]).toBeCloseTo(0, 3); // −200 + 0 + 0 + 200
        // d/dx [log σ(x) + softplus(x)] = σ(−x) + σ(x) = 1 everywhere, without NaN or overflow.
        expect(values(gradients[0] as Tensor)).toEqual([1, 1]);
        backend.dispose([x, value, ...gradients]);
      });

      it('logSigmoid of an intermediate tensor has a gradient (tf.logSigmoid frees what its gradient needs)', () => {
        const x = backend.tensor([-1, 0.5], [2]);
        const { gradients } = backend.valueAndGradients((input) => backend.sumAll(backend.logSigmoid(backend.mul(input, backend.scalar(2)))), [x]);
        const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));
        // d/dx log σ(2x) = 2 σ(−2x)
        expect(values(gradients[0] as Tensor)).toEqual([2 * sigmoid(2), 2 * sigmoid(-1)].map((v) => expect.closeTo(v, 6)));
        backend.dispose([x, ...gradients]);
      });

      it('an input f does not reach gets a zero gradient', () => {
        const used = backend.tensor([1, 2], [2]);
        const unused = backend.tensor([3, 4, 5], [3]);
        const { gradients } = backend.valueAndGradients((a) => backend.sumAll(backend.square(a)), [used, unused]);
        expect(values(gradients[0] as Tensor)).toEqual([2, 4]);
        expect(gradients[1]?.shape).toEqual([3]);
        expect(values(gradients[1] as Tensor)).toEqual([0, 0, 0]);
        backend.dispose([used, unused, ...gradients]);
      });

      it('the value is a tensor of its own even when f returns its input', () => {
        const x = backend.scalar(3);
        const { value, gradients } = backend.valueAndGradients((input) => input, [x]);
        expect(value).not.toBe(x);
        backend.dispose(value);
        expect(values(x)).toEqual([3]);
        expect(values(gradients[0] as Tensor)).toEqual([1]);
        backend.dispose([x, ...gradients]);
      });

      it('refuses a function that does not return a scalar, without leaking', () => {
        const before = backend.numTensors();
        const x = backend.tensor([1, 2], [2]);
        expect(() => backend.valueAndGradients((input) => backend.square(input), [x])).toThrow(
          'valueAndGradients: f must return a scalar (rank-0 tensor), got shape [2]',
        );
        backend.dispose(x);
        expect(backend.numTensors()).toBe(before);
      });

      it('variableGradients follows the order given and gives unreached variables zeros', () => {
        const before = backend.numTensors();
        const [a, b, unused] = backend.tidy(() => [
          backend.variable(backend.tensor([1, 2], [2]), 'a'),
          backend.variable(backend.tensor([3], [1]), 'b'),
          backend.variable(backend.tensor([7, 7, 7], [3]), 'unused'),
        ]);
        const f = (): Tensor => backend.sumAll(backend.mul(backend.square(a as Tensor), b as Tensor)); // Σ a² b
        const { value, gradients } = backend.variableGradients(f, [unused as never, b as never, a as never]);
        expect(backend.readSync(value)[0]).toBe(15);
        expect(values(gradients[0] as Tensor)).toEqual([0, 0, 0]);
        expect(values(gradients[1] as Tensor)).toEqual([5]); // Σ a²
        expect(values(gradients[2] as Tensor)).toEqual([6, 12]); // 2 a b
        backend.dispose([value, ...gradients, a as Tensor, b as Tensor, unused as Tensor]);
        expect(backend.numTensors()).toBe(before);
      });

      it('variableGradients of a function that reaches no variable is all zeros', () => {
        const variable = backend.variable(
          backend.tidy(() => backend.fill([2], 1)),
          'lonely',
        );
        const { value, gradients } = backend.variableGradients(() => backend.scalar(4), [variable]);
        expect(backend.readSync(value)[0]).toBe(4);
        expect(values(gradients[0] as Tensor)).toEqual([0, 0]);
        backend.dispose([value, ...gradients, variable]);
      });

      it('leaves no tensors behind but the value and the gradients', () => {
        const x = backend.tensor([0.5, -1, 2], [3]);
        const before = backend.numTensors();
        const { value, gradients } = backend.valueAndGradients(
          (input) => backend.sumAll(backend.softmax(backend.mul(backend.exp(input), backend.gather(input, [2, 1, 0], 0)))),
          [x],
        );
        expect(backend.numTensors()).toBe(before + 2);
        backend.dispose([x, value, ...gradients]);
      });
    });

    describe('argument errors', () => {
      it('names the argument, what it got, and what was expected', () => {
        const x = backend.tensor([1, 2, 3, 4, 5, 6], [2, 3]);
        expect(() => backend.gather(x, [0, 3], 1)).toThrow(ShapeError);
        expect(() => backend.gather(x, [0, 3], 1)).toThrow('gather: indices[1] = 3 is out of range for axis 1 of shape [2, 3]; expected an integer in [0, 2]');
        expect(() => backend.reshape(x, [4, 2])).toThrow('reshape: cannot reshape [2, 3] (6 elements) to [4, 2] (8 elements)');
        expect(() => backend.reshape(x, [-1, 3])).toThrow('reshape: shape must be an array of non-negative integers, got [-1, 3]');
        expect(() => backend.transpose(x, [0, 0])).toThrow('transpose: permutation [0, 0] is not a permutation of the 2 axes');
        expect(() => backend.slice(x, [1, 1], [2, -1])).toThrow('slice: axis 0 is out of bounds for begin [1, 1], size [2, -1] on shape [2, 3]');
        expect(() => backend.sum(x, 2)).toThrow('sum: axis 2 is out of range for a tensor of shape [2, 3]; expected an integer in [-2, 1]');
        expect(() => backend.clip(x, 2, 1)).toThrow('clip: min and max must be numbers with min <= max, got min 2, max 1');
        expect(() => backend.softmax(backend.scalar(1))).toThrow('softmax: x must have rank >= 1');
        expect(() => backend.tensor([1, 2, 3], [2, 2])).toThrow('tensor: got 3 values for shape [2, 2]; expected 4');
        expect(() => backend.concat([], 0)).toThrow('concat: xs must hold at least one tensor, got none');
        expect(() => backend.tile(x, [2])).toThrow('tile: reps [2] must hold one non-negative integer per axis of shape [2, 3]');
        expect(() => backend.matMul(x, backend.tensor([1, 2, 3], [3]))).toThrow('matMul: both operands must have rank >= 2');
        backend.dispose(x);
      });

      it('refuses a tensor that is not a tfjs tensor', () => {
        const foreign = { shape: [2] } as Tensor;
        const x = backend.tensor([1, 2], [2]);
        expect(() => backend.add(x, foreign)).toThrow('add: b must be a tensor made by a tfjs backend, got a plain object');
        expect(() => backend.variableGradients(() => backend.sumAll(x), [x as never])).toThrow(
          'variableGradients: variables[0] must be a variable made by backend.variable',
        );
        backend.dispose(x);
      });
    });

    describe('countKernels', () => {
      it('counts kernel calls by name and frees what f made', async () => {
        const a = backend.tensor([1, 2], [2]);
        const b = backend.tensor([3, 4], [2]);
        const before = backend.numTensors();
        const counts = await backend.countKernels(() => backend.add(backend.mul(a, b), backend.exp(a)));
        expect(counts).toEqual({ kernelCalls: 3, byKernel: { Multiply: 1, Exp: 1, Add: 1 } });
        expect(backend.numTensors()).toBe(before);
        backend.dispose([a, b]);
      });

      it('tiling a length-1 axis over a batch (a broadcast) costs a few kernels each way, not one Slice and Add per copy', async () => {
        const initial = backend.tensor(
          Array.from({ length: 100 }, (_, i) => i / 100),
          [1, 100],
        );
        const weights = backend.tensor(
          Array.from({ length: 3200 }, (_, i) => Math.sin(i)),
          [32, 100],
        );
        const gradientOf = () => backend.valueAndGradients((x) => backend.sumAll(backend.mul(backend.tile(x, [32, 1]), weights)), [initial]);
        const counts = await backend.countKernels(() => gradientOf().gradients);
        expect(counts.byKernel['Slice']).toBeUndefined();
        expect(counts.kernelCalls).toBeLessThan(20);
        // The gradient of a broadcast is the column sums of the upstream gradient.
        const { value, gradients } = gradientOf();
        const expected = Array.from({ length: 100 }, (_, j) => Array.from({ length: 32 }, (_, i) => Math.sin(i * 100 + j)).reduce((x, y) => x + y, 0));
        values(gradients[0] as Tensor).forEach((gradient, j) => expect(gradient).toBeCloseTo(expected[j] as number, 4));
        // Tiling an axis longer than 1 keeps tfjs's Tile.
        const tiled = backend.tidy(() => values(backend.tile(backend.tensor([1, 2, 3, 4], [2, 2]), [2, 1])));
        expect(Array.from(tiled)).toEqual([1, 2, 3, 4, 1, 2, 3, 4]);
        backend.dispose([value, ...gradients, initial, weights]);
      });
    });
  });
}
