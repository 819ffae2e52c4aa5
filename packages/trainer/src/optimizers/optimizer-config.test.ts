import { createReferenceBackend } from '@ntm/backend-reference';
import { describe, expect, it } from 'vitest';
import { createOptimizer } from './create-optimizer.js';
import type { OptimizerConfig } from './optimizer.js';
import { resolveOptimizerConfig } from './optimizer-config.js';

describe('resolveOptimizerConfig', () => {
  it("fills in the paper's centred RMSProp defaults (Graves 2013: ℵ 0.95, ι 0.9, ε 1e-4)", () => {
    expect(resolveOptimizerConfig({ kind: 'rmsprop', learningRate: 1e-4 })).toEqual({
      kind: 'rmsprop',
      learningRate: 1e-4,
      decay: 0.95,
      momentum: 0.9,
      epsilon: 1e-4,
      centered: true,
    });
  });

  it("gives the non-centred form PyTorch's ε 1e-8 unless one is set", () => {
    expect(resolveOptimizerConfig({ kind: 'rmsprop', learningRate: 1e-4, centered: false }).epsilon).toBe(1e-8);
    expect(resolveOptimizerConfig({ kind: 'rmsprop', learningRate: 1e-4, centered: false, epsilon: 1e-6 }).epsilon).toBe(1e-6);
  });

  it("fills in Kingma & Ba's Adam defaults", () => {
    expect(resolveOptimizerConfig({ kind: 'adam', learningRate: 1e-3 })).toEqual({
      kind: 'adam',
      learningRate: 1e-3,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-8,
    });
  });

  it('keeps given values, including the edge 0 of the [0, 1) ranges', () => {
    const config = resolveOptimizerConfig({ kind: 'rmsprop', learningRate: 0.5, decay: 0, momentum: 0, epsilon: 0.1 });
    expect(config).toMatchObject({ learningRate: 0.5, decay: 0, momentum: 0, epsilon: 0.1 });
  });

  it.each<[string, unknown, RegExp]>([
    ['a negative learning rate', { kind: 'rmsprop', learningRate: -1 }, /optimizer\.learningRate must be a finite number > 0, got -1/],
    ['a zero learning rate', { kind: 'adam', learningRate: 0 }, /optimizer\.learningRate must be a finite number > 0, got 0/],
    ['a missing learning rate', { kind: 'adam' }, /optimizer\.learningRate must be a finite number > 0, got undefined/],
    ['a NaN learning rate', { kind: 'adam', learningRate: Number.NaN }, /optimizer\.learningRate .* got NaN/],
    ['momentum 1', { kind: 'rmsprop', learningRate: 1e-4, momentum: 1 }, /optimizer\.momentum must be a number in \[0, 1\), got 1/],
    ['momentum above 1', { kind: 'rmsprop', learningRate: 1e-4, momentum: 1.5 }, /optimizer\.momentum must be a number in \[0, 1\), got 1\.5/],
    ['a negative decay', { kind: 'rmsprop', learningRate: 1e-4, decay: -0.1 }, /optimizer\.decay must be a number in \[0, 1\), got -0\.1/],
    ['beta2 1', { kind: 'adam', learningRate: 1e-3, beta2: 1 }, /optimizer\.beta2 must be a number in \[0, 1\), got 1/],
    ['beta1 as a string', { kind: 'adam', learningRate: 1e-3, beta1: '0.9' }, /optimizer\.beta1 must be a number in \[0, 1\), got "0\.9"/],
    ['epsilon 0', { kind: 'adam', learningRate: 1e-3, epsilon: 0 }, /optimizer\.epsilon must be a finite number > 0, got 0/],
    ['centered as a string', { kind: 'rmsprop', learningRate: 1e-4, centered: 'yes' }, /optimizer\.centered must be true or false, got "yes"/],
    ['an unknown kind', { kind: 'sgd', learningRate: 1 }, /optimizer\.kind must be one of "rmsprop", "adam", got "sgd"/],
    ['no kind', { learningRate: 1 }, /optimizer\.kind must be one of "rmsprop", "adam", got undefined/],
    [
      'a misspelt field',
      { kind: 'rmsprop', learningrate: 1e-4 },
      /optimizer \(rmsprop\) has an unknown field "learningrate"; allowed fields: kind, learningRate/,
    ],
    ["another optimiser's field", { kind: 'adam', learningRate: 1e-3, momentum: 0.9 }, /optimizer \(adam\) has an unknown field "momentum"/],
    ['not an object', 'rmsprop', /optimizer must be an object, got "rmsprop"/],
  ])('rejects %s with a message naming the field, the value and the range', (_, config, message) => {
    expect(() => resolveOptimizerConfig(config)).toThrow(message);
    expect(() => createOptimizer(createReferenceBackend(), config as OptimizerConfig)).toThrow(message);
  });

  it('createOptimizer reports the resolved config', () => {
    const optimizer = createOptimizer(createReferenceBackend(), { kind: 'adam', learningRate: 2e-3, beta1: 0.8 });
    expect(optimizer.config).toEqual({ kind: 'adam', learningRate: 2e-3, beta1: 0.8, beta2: 0.999, epsilon: 1e-8 });
    expect(optimizer.iterations).toBe(0);
  });
});
