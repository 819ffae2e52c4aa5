import { ShapeError } from '@ntm/backend';
import { describe, expect, it } from 'vitest';
import { broadcastIndexMap, broadcastShapes } from './broadcast.js';

describe('broadcastShapes', () => {
  it('aligns trailing axes and stretches size-1 and missing axes', () => {
    expect(broadcastShapes('add', [2, 3, 4], [3, 1])).toEqual([2, 3, 4]);
    expect(broadcastShapes('add', [4, 1], [1, 3])).toEqual([4, 3]);
    expect(broadcastShapes('add', [], [2, 2])).toEqual([2, 2]);
    expect(broadcastShapes('add', [2, 1, 5], [2, 3, 1])).toEqual([2, 3, 5]);
  });

  it('names the op, both shapes and the clashing axis', () => {
    expect(() => broadcastShapes('mul', [2, 3], [4])).toThrow(ShapeError);
    expect(() => broadcastShapes('mul', [2, 3], [4])).toThrow(
      'mul: cannot broadcast shapes [2, 3] and [4]: axis -1 has sizes 3 and 4; expected equal sizes or one of them 1',
    );
  });
});

describe('broadcastIndexMap', () => {
  it('repeats a row over the rows of a matrix', () => {
    expect(Array.from(broadcastIndexMap([2, 3], [3]))).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it('repeats a column over the columns', () => {
    expect(Array.from(broadcastIndexMap([2, 3], [2, 1]))).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it('maps a scalar to every element and a same-shape input to itself', () => {
    expect(Array.from(broadcastIndexMap([2, 2], []))).toEqual([0, 0, 0, 0]);
    expect(Array.from(broadcastIndexMap([2, 2], [2, 2]))).toEqual([0, 1, 2, 3]);
  });

  it('handles a broadcast middle axis ([B, 1, N] into [B, H, N])', () => {
    expect(Array.from(broadcastIndexMap([2, 2, 2], [2, 1, 2]))).toEqual([0, 1, 0, 1, 2, 3, 2, 3]);
  });
});
