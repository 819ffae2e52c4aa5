import { describe, expect, it } from 'vitest';
import { compareWithTolerance, expectClose, FLOAT32_TOLERANCE, resolveTolerance } from './tolerance.js';

describe('resolveTolerance', () => {
  it('reads a number as relative, with a tenth of it absolute', () => {
    expect(resolveTolerance(1e-4, FLOAT32_TOLERANCE)).toEqual({ relative: 1e-4, absolute: 1e-5 });
  });

  it('fills a partial tolerance from the fallback, and uses the fallback when none is given', () => {
    expect(resolveTolerance({ absolute: 0 }, FLOAT32_TOLERANCE)).toEqual({ relative: 1e-5, absolute: 0 });
    expect(resolveTolerance(undefined, FLOAT32_TOLERANCE)).toBe(FLOAT32_TOLERANCE);
  });

  it('refuses negative or NaN tolerances', () => {
    expect(() => resolveTolerance(-1, FLOAT32_TOLERANCE)).toThrow('tolerance must have relative >= 0 and absolute >= 0, got -1');
    expect(() => resolveTolerance({ relative: NaN }, FLOAT32_TOLERANCE)).toThrow('tolerance must have');
  });
});

describe('compareWithTolerance', () => {
  it('allows absolute + relative · |expected| and no more', () => {
    const tolerance = { relative: 1e-3, absolute: 1e-6 };
    expect(compareWithTolerance([1000.9], [1000], tolerance).pass).toBe(true);
    expect(compareWithTolerance([1001.1], [1000], tolerance).pass).toBe(false);
    expect(compareWithTolerance([5e-7], [0], tolerance).pass).toBe(true);
    expect(compareWithTolerance([2e-6], [0], tolerance).pass).toBe(false);
  });

  it('measures against a given scale instead of |expected|', () => {
    const tolerance = { relative: 1e-3, absolute: 0 };
    // A cancelled sum: the result is 0.001 but its terms were of size 100.
    expect(compareWithTolerance([0.05], [0.001], tolerance).pass).toBe(false);
    expect(compareWithTolerance([0.05], [0.001], tolerance, [100]).pass).toBe(true);
    expect(compareWithTolerance([0.05, 1], [0.001, 1], tolerance, 100).pass).toBe(true);
  });

  it('matches NaN with NaN and an infinity with the same infinity only', () => {
    expect(compareWithTolerance([NaN, Infinity, -Infinity], [NaN, Infinity, -Infinity], 0).pass).toBe(true);
    expect(compareWithTolerance([NaN], [0], 1).pass).toBe(false);
    expect(compareWithTolerance([1], [NaN], 1).pass).toBe(false);
    expect(compareWithTolerance([Infinity], [-Infinity], 1).pass).toBe(false);
  });

  it('reports the worst element and fails on a length mismatch', () => {
    const result = compareWithTolerance([1, 2.5, 3.01], [1, 2, 3], { relative: 0, absolute: 0.1 });
    expect(result.pass).toBe(false);
    expect(result.worstIndex).toBe(1);
    expect(result.maxAbsoluteError).toBeCloseTo(0.5, 12);
    expect(result.message).toMatch(/^element 1 is 2.5, expected 2 \(error 0.5, allowed 0.1 \+ 0 × 2\)/);
    expect(compareWithTolerance([1, 2], [1], 1)).toMatchObject({ pass: false, message: 'got 2 values, expected 1' });
  });
});

describe('expectClose', () => {
  it('throws an error that starts with the label', () => {
    expect(() => expectClose([1, 2], [1, 2.1], FLOAT32_TOLERANCE, 'softmax row')).toThrow(/^softmax row: element 1 is 2, expected 2.1/);
    expect(() => expectClose(Float32Array.of(0.1), [0.1], FLOAT32_TOLERANCE, 'float32 rounding')).not.toThrow();
  });
});
