import { describe, expect, it } from 'vitest';
import {
  checkFiniteNumber,
  checkKnownFields,
  checkLayerSizes,
  checkNonNegativeInteger,
  checkObject,
  checkOneOf,
  checkPositiveInteger,
  checkPositiveNumber,
} from './config-checks.js';

describe('config checks name the field, the value and what was expected', () => {
  it('positive integers', () => {
    expect(checkPositiveInteger('memory.slots', 128)).toBe(128);
    expect(() => checkPositiveInteger('memory.slots', 0)).toThrow('memory.slots must be a positive integer, got 0');
    expect(() => checkPositiveInteger('memory.slots', 2.5)).toThrow('got 2.5');
    expect(() => checkPositiveInteger('memory.slots', '8')).toThrow('got "8"');
  });

  it('numbers, with and without a default', () => {
    expect(checkPositiveNumber('clip', undefined, 20)).toBe(20);
    expect(() => checkPositiveNumber('clip', undefined)).toThrow('clip must be a finite number > 0, got undefined');
    expect(() => checkPositiveNumber('clip', -1, 20)).toThrow('clip must be a finite number > 0, got -1');
    expect(checkNonNegativeInteger('seed', 0)).toBe(0);
    expect(() => checkNonNegativeInteger('seed', -1)).toThrow('seed must be an integer >= 0, got -1');
    expect(checkFiniteNumber('value', undefined, 1e-6)).toBe(1e-6);
    expect(() => checkFiniteNumber('value', Number.POSITIVE_INFINITY)).toThrow('value must be a finite number, got Infinity');
  });

  it('objects, known fields, choices and layer lists', () => {
    expect(() => checkObject('memory', [1])).toThrow('memory must be an object, got [1]');
    expect(() => checkKnownFields('memory', { slots: 1, slot: 2 }, ['slots'])).toThrow('memory has an unknown field "slot"; allowed fields: slots');
    expect(checkOneOf('kind', 'lstm', ['lstm', 'feed-forward'])).toBe('lstm');
    expect(() => checkOneOf('kind', 'gru', ['lstm', 'feed-forward'])).toThrow('kind must be one of "lstm", "feed-forward", got "gru"');
    expect(checkLayerSizes('layerSizes', [100, 50])).toEqual([100, 50]);
    expect(() => checkLayerSizes('layerSizes', [])).toThrow('layerSizes must list at least one layer size, got []');
    expect(() => checkLayerSizes('layerSizes', [100, 0])).toThrow('layerSizes[1] must be a positive integer, got 0');
  });
});
