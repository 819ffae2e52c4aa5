import { describe, expect, it } from 'vitest';
import { checkShape, normaliseAxis, sizeBetween, sizeOf, stridesOf, unravelIndex } from './dense-array.js';

describe('dense array helpers', () => {
  it('sizes, strides and indices of row-major arrays', () => {
    expect(sizeOf([2, 3, 4])).toBe(24);
    expect(sizeOf([])).toBe(1);
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1]);
    expect(unravelIndex(23, [2, 3, 4])).toEqual([1, 2, 3]);
    expect(unravelIndex(5, [2, 3])).toEqual([1, 2]);
    expect(sizeBetween([2, 3, 4], 1, 3)).toBe(12);
    expect(sizeBetween([2, 3, 4], 1, 1)).toBe(1);
  });

  it('normaliseAxis resolves negative axes and rejects out-of-range ones', () => {
    expect(normaliseAxis('sum', -1, [2, 3, 4])).toBe(2);
    expect(normaliseAxis('sum', -3, [2, 3, 4])).toBe(0);
    expect(normaliseAxis('sum', 1, [2, 3, 4])).toBe(1);
    expect(() => normaliseAxis('sum', 3, [2, 3, 4])).toThrow(
      'sum: axis 3 is out of range for a rank-3 tensor of shape [2, 3, 4]; expected an integer in [-3, 2]',
    );
    expect(() => normaliseAxis('max', -4, [2, 3, 4])).toThrow('max: axis -4 is out of range');
    expect(() => normaliseAxis('sum', 0.5, [2])).toThrow('axis 0.5');
    expect(() => normaliseAxis('sum', 0, [])).toThrow('a rank-0 tensor has no axes');
  });

  it('checkShape accepts non-negative integers only', () => {
    expect(() => checkShape('fill', 'shape', [2, 0, 3])).not.toThrow();
    expect(() => checkShape('fill', 'shape', [2, -1])).toThrow('fill: shape must be an array of non-negative integers, got [2, -1]');
    expect(() => checkShape('fill', 'shape', [1.5])).toThrow('got [1.5]');
  });
});
