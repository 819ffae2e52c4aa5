import { createReferenceBackend } from '@ntm/backend-reference';
import { describe, expect, it } from 'vitest';
import { createOptimizer } from './create-optimizer.js';
import type { OptimizerConfig } from './optimizer.js';

/** One scalar parameter at 0, updated with the given gradients; returns its value after each. */
function trajectory(config: OptimizerConfig, gradients: readonly number[]): number[] {
  const backend = createReferenceBackend();
  const zero = backend.fill([1], 0);
  const parameter = { path: 'w', variable: backend.variable(zero, 'w'), trainable: true };
  backend.dispose(zero);
  const optimizer = createOptimizer(backend, config);
  return gradients.map((gradient) => {
    const tensor = backend.tensor([gradient], [1]);
    optimizer.apply([parameter], [tensor]);
    backend.dispose(tensor);
    return backend.readSync(parameter.variable)[0] as number;
  });
}

describe('rmsprop', () => {
  it('takes the first centred step of Graves 2013 eq. 40 by hand: −lr·g/√((1−ℵ)g² − (1−ℵ)²g² + ε)', () => {
    const [first] = trajectory({ kind: 'rmsprop', learningRate: 0.1 }, [2]);
    // n = 0.05·4 = 0.2, ḡ = 0.05·2 = 0.1, n − ḡ² = 0.19
    expect(first).toBeCloseTo((-0.1 * 2) / Math.sqrt(0.19 + 1e-4), 14);
  });

  it('takes the first non-centred step by hand: −lr·g/(√((1−ℵ)g²) + ε)', () => {
    const [first] = trajectory({ kind: 'rmsprop', learningRate: 0.1, centered: false }, [2]);
    expect(first).toBeCloseTo((-0.1 * 2) / (Math.sqrt(0.2) + 1e-8), 14);
  });

  it('accumulates momentum: with a constant gradient each step is ι times the last plus a new push', () => {
    const values = trajectory({ kind: 'rmsprop', learningRate: 0.01, centered: false, decay: 0 }, [1, 1, 1]);
    // decay 0 makes n = g² = 1, so every push is −lr/(1 + ε) ≈ −0.01 and Δ_t = ιΔ_{t−1} − 0.01.
    const push = -0.01 / (1 + 1e-8);
    const steps = [values[0] as number, (values[1] as number) - (values[0] as number), (values[2] as number) - (values[1] as number)];
    expect(steps[0]).toBeCloseTo(push, 14);
    expect(steps[1]).toBeCloseTo(0.9 * push + push, 14);
    expect(steps[2]).toBeCloseTo(0.9 * (0.9 * push + push) + push, 14);
  });

  it('keeps moving against the slope with momentum after the gradient turns zero', () => {
    const values = trajectory({ kind: 'rmsprop', learningRate: 0.01, momentum: 0.5 }, [1, 0, 0]);
    const first = values[0] as number;
    expect(first).toBeLessThan(0);
    expect((values[1] as number) - first).toBeCloseTo(0.5 * first, 14);
    expect((values[2] as number) - (values[1] as number)).toBeCloseTo(0.25 * first, 14);
  });
});
