import { describe, expect, it } from 'vitest';
import { validateHeadsConfig, type HeadsConfig } from './heads-config.js';
import { headsParameterCount } from './parameter-layout.js';

const valid: HeadsConfig = { controllerSize: 100, readHeads: 1, writeHeads: 1, wordSize: 20, shiftRadius: 1 };

describe('validateHeadsConfig', () => {
  it('fills in the defaults', () => {
    expect(validateHeadsConfig(valid)).toEqual({ ...valid, keyActivation: 'tanh', addActivation: 'tanh', preActivationClip: 20, initialBias: {} });
    expect(validateHeadsConfig({ ...valid, keyActivation: 'identity', preActivationClip: 5 })).toMatchObject({
      keyActivation: 'identity',
      addActivation: 'tanh',
      preActivationClip: 5,
    });
  });

  const errors: [string, unknown, RegExp][] = [
    ['wordSize 0', { ...valid, wordSize: 0 }, /heads\.wordSize must be an integer >= 1, got 0/],
    ['wordSize 2.5', { ...valid, wordSize: 2.5 }, /heads\.wordSize must be an integer >= 1, got 2\.5/],
    ['controllerSize missing', { ...valid, controllerSize: undefined }, /heads\.controllerSize must be an integer >= 1, got undefined/],
    ['negative read heads', { ...valid, readHeads: -1 }, /heads\.readHeads must be a non-negative integer, got -1/],
    ['negative write heads', { ...valid, writeHeads: -2 }, /heads\.writeHeads must be a non-negative integer, got -2/],
    ['write heads as a string', { ...valid, writeHeads: '1' }, /heads\.writeHeads must be a non-negative integer, got "1"/],
    ['no heads at all', { ...valid, readHeads: 0, writeHeads: 0 }, /heads\.readHeads and heads\.writeHeads must not both be 0/],
    [
      'shiftRadius 0.5 (width 2)',
      { ...valid, shiftRadius: 0.5 },
      /heads\.shiftRadius must be a non-negative integer n.*odd integer width 2n \+ 1, got 0\.5 \(a kernel width 2n \+ 1 = 2\)/,
    ],
    ['shiftRadius -1', { ...valid, shiftRadius: -1 }, /heads\.shiftRadius must be a non-negative integer n.*got -1/],
    ['unknown key activation', { ...valid, keyActivation: 'relu' }, /heads\.keyActivation must be one of "tanh", "identity", got "relu"/],
    ['unknown add activation', { ...valid, addActivation: 'sigmoid' }, /heads\.addActivation must be one of "tanh", "identity", got "sigmoid"/],
    ['clip 0', { ...valid, preActivationClip: 0 }, /heads\.preActivationClip must be a positive number \(Infinity for no clipping\), got 0/],
    ['clip NaN', { ...valid, preActivationClip: NaN }, /heads\.preActivationClip must be a positive number.*got NaN/],
    ['not an object', null, /heads config must be an object, got null/],
  ];
  for (const [name, config, message] of errors) {
    it(`rejects ${name}, naming the field, the value and what is allowed`, () => {
      expect(() => validateHeadsConfig(config as HeadsConfig)).toThrow(message);
      expect(() => headsParameterCount(config as HeadsConfig)).toThrow(message);
    });
  }

  it('accepts 0 of one kind of head, shift radius 0 and clipping off', () => {
    expect(() => validateHeadsConfig({ ...valid, readHeads: 0 })).not.toThrow();
    expect(() => validateHeadsConfig({ ...valid, writeHeads: 0 })).not.toThrow();
    expect(() => validateHeadsConfig({ ...valid, shiftRadius: 0 })).not.toThrow();
    expect(validateHeadsConfig({ ...valid, preActivationClip: Infinity }).preActivationClip).toBe(Infinity);
  });
});
