import { createReferenceBackend } from '@ntm/backend-reference';
import { describe, expect, it } from 'vitest';
import { createOptimizer } from './create-optimizer.js';

describe('adam', () => {
  const backend = createReferenceBackend();

  function steps(gradients: readonly number[], learningRate: number): number[] {
    const zero = backend.fill([1], 0);
    const parameter = { path: 'w', variable: backend.variable(zero), trainable: true };
    backend.dispose(zero);
    const optimizer = createOptimizer(backend, { kind: 'adam', learningRate });
    const values = gradients.map((gradient) => {
      const tensor = backend.tensor([gradient], [1]);
      optimizer.apply([parameter], [tensor]);
      backend.dispose(tensor);
      return backend.readSync(parameter.variable)[0] as number;
    });
    optimizer.dispose();
    backend.dispose(parameter.variable);
    return values;
  }

  it('takes a first step of lr·sign(g) thanks to the bias correction (without it: lr·0.1/√0.001 ≈ 3.2·lr)', () => {
    const [first] = steps([0.5], 0.01);
    // m̂ = 0.5, v̂ = 0.25: −lr·0.5/(0.5 + ε)
    expect(first).toBeCloseTo((-0.01 * 0.5) / (0.5 + 1e-8), 15);
  });

  it('applies the bias correction of step t on step t', () => {
    const values = steps([1, -3], 0.1);
    const m = 0.9 * 0.1 + 0.1 * -3; // m after step 2
    const v = 0.999 * 0.001 + 0.001 * 9;
    const second = (-0.1 * (m / (1 - 0.81))) / (Math.sqrt(v / (1 - 0.999 ** 2)) + 1e-8);
    expect((values[1] as number) - (values[0] as number)).toBeCloseTo(second, 14);
  });
});
