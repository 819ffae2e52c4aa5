import type { NtmBackend, Variable } from '@ntm/backend';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer } from '../create-optimizer.js';
import type { OptimizerConfig } from '../optimizer.js';
import { createTestParameters, gradientSequence, gradientTensors, initialValues, maxError, readParameters } from './optimizer-fixtures.js';
import { plainAdam, plainRmsProp } from './plain-optimizers.js';

/** Runs `steps` updates with the given gradients and returns the parameters after each one. */
function runOptimizer(backend: NtmBackend, config: OptimizerConfig, initial: number[][], gradients: number[][][]): number[][][] {
  const store = createTestParameters(backend, initial);
  const optimizer = createOptimizer(backend, config);
  try {
    return gradients.map((step) => {
      const tensors = gradientTensors(backend, step);
      optimizer.apply(store.list(), tensors);
      backend.dispose(tensors);
      return readParameters(backend, store.list());
    });
  } finally {
    optimizer.dispose();
    store.dispose();
  }
}

/**
 * The optimiser checks every backend must pass: agreement with the plain float64 formulas,
 * exact resume from a saved state, no leaked tensors, and (where the backend has gradients)
 * convergence on a convex bowl (`hasGradients`). `tolerance` is the largest allowed mixed absolute/relative
 * error against float64 arithmetic: ≈ 1e-12 on float64 backends, ≈ 1e-5 on float32.
 */
export function defineOptimizerSuite(
  name: string,
  createBackend: () => Promise<NtmBackend> | NtmBackend,
  { tolerance, hasGradients }: { tolerance: number; hasGradients: boolean },
): void {
  describe(`optimizers on ${name}`, () => {
    let backend: NtmBackend;
    const cleanups: (() => void)[] = [];
    beforeAll(async () => {
      backend = await createBackend();
    });
    afterEach(() => {
      for (const cleanup of cleanups.splice(0)) cleanup();
    });

    const initial = initialValues(1);
    const gradients = gradientSequence(2, 8);

    it.each([
      { label: 'centred, paper defaults', settings: { learningRate: 1e-2, decay: 0.95, momentum: 0.9, epsilon: 1e-4, centered: true } },
      { label: 'centred, other settings', settings: { learningRate: 3e-2, decay: 0.8, momentum: 0.5, epsilon: 1e-2, centered: true } },
      { label: 'non-centred (pytorch-ntm)', settings: { learningRate: 1e-2, decay: 0.95, momentum: 0.9, epsilon: 1e-8, centered: false } },
      { label: 'non-centred, no momentum', settings: { learningRate: 1e-2, decay: 0.9, momentum: 0, epsilon: 1e-6, centered: false } },
    ])('rmsprop ($label) matches the plain float64 formulas over 8 steps', ({ settings }) => {
      const expected = plainRmsProp(initial, gradients, settings);
      const actual = runOptimizer(backend, { kind: 'rmsprop', ...settings }, initial, gradients);
      actual.forEach((step, index) => {
        expect(maxError(step, expected[index] as number[][])).toBeLessThan(tolerance);
      });
      // The parameters moved by more than the tolerance, so the comparison is not vacuous.
      expect(maxError(actual[7] as number[][], initial)).toBeGreaterThan(1e-3);
    });

    it.each([
      { label: 'defaults', settings: { learningRate: 1e-2, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } },
      { label: 'other settings', settings: { learningRate: 5e-2, beta1: 0.5, beta2: 0.9, epsilon: 1e-3 } },
    ])('adam ($label) matches the plain float64 formulas over 8 steps', ({ settings }) => {
      const expected = plainAdam(initial, gradients, settings);
      const actual = runOptimizer(backend, { kind: 'adam', ...settings }, initial, gradients);
      actual.forEach((step, index) => {
        expect(maxError(step, expected[index] as number[][])).toBeLessThan(tolerance);
      });
      expect(maxError(actual[7] as number[][], initial)).toBeGreaterThan(1e-3);
    });

    it.each<OptimizerConfig>([
      { kind: 'rmsprop', learningRate: 1e-2 },
      { kind: 'rmsprop', learningRate: 1e-2, centered: false },
      { kind: 'adam', learningRate: 1e-2 },
    ])('a fresh $kind optimizer given getState() makes the same updates as the original (%o)', (config) => {
      const original = startRun(backend, config, initial);
      const restored = startRun(backend, config, initial);
      const forgetful = startRun(backend, config, initial);
      cleanups.push(original.dispose, restored.dispose, forgetful.dispose);
      for (const step of gradients.slice(0, 4)) original.apply(step);

      const state = original.optimizer.getState();
      expect(state.iterations).toBe(4);
      // On float64 backends the saved slots are float32-rounded; give the original the same
      // rounding so both continue from identical numbers.
      if (backend.capabilities.precision === 'float64') original.optimizer.setState(state);
      // Through JSON (Float32Arrays as number arrays), as a checkpoint file would carry it.
      restored.optimizer.setState(JSON.parse(JSON.stringify(state, (_, value) => (value instanceof Float32Array ? Array.from(value) : value))));
      expect(restored.optimizer.iterations).toBe(4);
      const parametersNow = readParameters(backend, original.store.list());
      for (const run of [restored, forgetful]) {
        run.store.list().forEach((parameter, index) => {
          const values = backend.tensor(parametersNow[index] as number[], parameter.variable.shape);
          parameter.variable.assign(values);
          backend.dispose(values);
        });
      }

      for (const step of gradients.slice(4)) {
        original.apply(step);
        restored.apply(step);
        forgetful.apply(step);
        expect(readParameters(backend, restored.store.list())).toEqual(readParameters(backend, original.store.list()));
      }
      // Without the state the updates differ, so the equality above is a real check.
      expect(maxError(readParameters(backend, forgetful.store.list()), readParameters(backend, original.store.list()))).toBeGreaterThan(1e-3);
    });

    it.each<OptimizerConfig>([
      { kind: 'rmsprop', learningRate: 1e-2 },
      { kind: 'rmsprop', learningRate: 1e-2, centered: false },
      { kind: 'adam', learningRate: 1e-2 },
    ])('50 $kind updates leak no tensors once the slots exist (%o)', (config) => {
      const store = createTestParameters(backend, initial);
      const optimizer = createOptimizer(backend, config);
      const tensors = gradientTensors(backend, gradients[0] as number[][]);
      cleanups.push(() => {
        backend.dispose(tensors);
        optimizer.dispose();
        store.dispose();
      });
      const before = backend.numTensors();
      optimizer.apply(store.list(), tensors);
      const slotsPerParameter = config.kind === 'adam' || config.centered === false ? 2 : 3;
      expect(backend.numTensors()).toBe(before + slotsPerParameter * store.list().length);
      const afterFirst = backend.numTensors();
      for (let step = 0; step < 50; step += 1) optimizer.apply(store.list(), tensors);
      expect(backend.numTensors()).toBe(afterFirst);
      optimizer.dispose();
      expect(backend.numTensors()).toBe(before);
    });

    it.runIf(hasGradients).each<OptimizerConfig>([
      { kind: 'rmsprop', learningRate: 1e-2 },
      { kind: 'rmsprop', learningRate: 1e-2, centered: false },
      { kind: 'adam', learningRate: 5e-2 },
    ])('$kind minimises a convex quadratic bowl (%o)', (config) => {
      const bowl = createBowl(backend);
      const optimizer = createOptimizer(backend, config);
      cleanups.push(() => {
        optimizer.dispose();
        bowl.dispose();
      });
      const initialLoss = bowl.loss();
      for (let step = 0; step < 400; step += 1) {
        const { value, gradients: bowlGradients } = backend.variableGradients(bowl.objective, [bowl.position]);
        optimizer.apply([{ path: 'position', variable: bowl.position, trainable: true }], bowlGradients);
        backend.dispose([value, ...bowlGradients]);
      }
      expect(initialLoss).toBeCloseTo(6.5, 4); // cᵀAc
      expect(bowl.loss()).toBeLessThan(1e-3);
      const position = Array.from(backend.readSync(bowl.position));
      position.forEach((value, index) => {
        expect(value).toBeCloseTo(BOWL_MINIMUM[index] as number, 1);
      });
    });
  });
}

/** A parameter store and an optimizer over it, stepped with plain-number gradients. */
function startRun(backend: NtmBackend, config: OptimizerConfig, values: number[][]) {
  const store = createTestParameters(backend, values);
  const optimizer = createOptimizer(backend, config);
  return {
    store,
    optimizer,
    apply(step: number[][]): void {
      const tensors = gradientTensors(backend, step);
      optimizer.apply(store.list(), tensors);
      backend.dispose(tensors);
    },
    dispose(): void {
      optimizer.dispose();
      store.dispose();
    },
  };
}

const BOWL_MINIMUM = [1, -2, 3];

/**
 * f(x) = (x − c)ᵀ A (x − c) with A symmetric positive definite and ill-conditioned (eigenvalues
 * spread ≈ 10×), built from backend ops so its gradient comes from the backend.
 */
function createBowl(backend: NtmBackend): { position: Variable; objective: () => ReturnType<NtmBackend['sumAll']>; loss(): number; dispose(): void } {
  const curvature = backend.tensor([4, 1, 0, 1, 2, 0.5, 0, 0.5, 0.5], [3, 3]); // A, SPD
  const minimum = backend.tensor(BOWL_MINIMUM, [3, 1]); // c
  const start = backend.fill([3, 1], 0);
  const position = backend.variable(start, `bowl-position-${Math.random().toString(36).slice(2)}`);
  backend.dispose(start);
  const objective = () =>
    backend.tidy(() => {
      const offset = backend.sub(position, minimum); // [3, 1]
      return backend.sumAll(backend.matMul(offset, backend.matMul(curvature, offset), true)); // scalar
    });
  return {
    position,
    objective,
    loss: () => {
      const value = objective();
      const result = backend.readSync(value)[0] as number;
      backend.dispose(value);
      return result;
    },
    dispose: () => backend.dispose([curvature, minimum, position]),
  };
}
