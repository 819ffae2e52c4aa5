import { describe, expect, it } from 'vitest';
import { sigmoid, softplus, tanh } from './activation-functions.js';

describe('activation functions (float64)', () => {
  const points = [-800, -40, -3, -0.5, -1e-9, -1e-300, 0, 1e-300, 1e-12, 0.25, 1, 7, 19.99, 40, 800];

  it('tanh equals Math.tanh to a few ulps, keeps tiny arguments exact and saturates to ±1', () => {
    for (const x of points) {
      const expected = Math.tanh(x);
      expect(Math.abs(tanh(x) - expected), `tanh(${x})`).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(expected));
    }
    expect(tanh(1e-300)).toBe(1e-300);
    expect(tanh(800)).toBe(1);
    expect(tanh(-800)).toBe(-1);
  });

  it('sigmoid and softplus are exact at both ends, with no overflow', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(2)).toBeCloseTo(1 / (1 + Math.exp(-2)), 15);
    expect(softplus(0)).toBeCloseTo(Math.LN2, 15);
    expect(softplus(800)).toBe(800);
    expect(softplus(-800)).toBe(0);
    expect(softplus(-3)).toBeCloseTo(Math.log(1 + Math.exp(-3)), 15);
    expect(softplus(3)).toBeCloseTo(Math.log(1 + Math.exp(3)), 14);
  });
});
