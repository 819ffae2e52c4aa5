import { createTfjsBackend } from '@ntm/backend-tfjs';
import { describe, expect, it } from 'vitest';
import { createOptimizer } from './create-optimizer.js';
import type { OptimizerConfig } from './optimizer.js';
import { createTestParameters, gradientSequence, gradientTensors, initialValues } from './__fixtures__/optimizer-fixtures.js';
import { defineOptimizerSuite } from './__fixtures__/optimizer-suite.js';

// float32 against float64 formulas: a few ulps per step, compounded over 8 steps.
defineOptimizerSuite('tfjs-wasm', () => createTfjsBackend('wasm'), { tolerance: 2e-5, hasGradients: true });

describe('optimizer kernel calls on tfjs-wasm', () => {
  // docs/toolchain.md: each tfjs kernel call costs ≈ 10 µs whatever its size, so the update's cost
  // is its kernel count per parameter tensor; these bounds keep it from creeping up.
  it.each<[OptimizerConfig, number]>([
    [{ kind: 'rmsprop', learningRate: 1e-2 }, 17],
    [{ kind: 'rmsprop', learningRate: 1e-2, centered: false }, 11],
    [{ kind: 'adam', learningRate: 1e-2 }, 13],
  ])('%o makes at most %i kernel calls per parameter tensor', async (config, perParameter) => {
    const backend = await createTfjsBackend('wasm');
    const parameters = createTestParameters(backend, initialValues(5));
    const gradients = gradientTensors(backend, gradientSequence(6, 1)[0] as number[][]);
    const optimizer = createOptimizer(backend, config);
    optimizer.apply(parameters.list(), gradients); // creates the slots
    const counted = await backend.countKernels?.(() => optimizer.apply(parameters.list(), gradients));
    expect(counted).toBeDefined();
    const count = parameters.list().length;
    expect(counted?.kernelCalls).toBeGreaterThan(0);
    expect(counted?.kernelCalls).toBeLessThanOrEqual(perParameter * count);
    optimizer.dispose();
    parameters.dispose();
    backend.dispose(gradients);
  });
});
