import { describe, expect, it } from 'vitest';
import { decadeTicks, linearTicks } from './axis-ticks.js';

describe('linearTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten from 0 to the first tick at or above the maximum', () => {
    expect(linearTicks(60.8, 7)).toEqual([0, 10, 20, 30, 40, 50, 60, 70]);
    expect(linearTicks(13.9, 7)).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
    expect(linearTicks(0.7, 7)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(linearTicks(3.2, 7)).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5]);
    // 0.2 (8 intervals) is nearer 7 than 0.5 (3 intervals).
    expect(linearTicks(1.5, 7)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1, 1.2, 1.4, 1.6]);
    expect(linearTicks(70, 7)).toEqual([0, 10, 20, 30, 40, 50, 60, 70]);
  });

  it('gives the ticks of 0…1 when there is no data', () => {
    expect(linearTicks(0, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(linearTicks(Number.NaN, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
});

describe('decadeTicks', () => {
  it('runs from the floor to the first power of ten at or above the maximum', () => {
    expect(decadeTicks(0.01, 31.5)).toEqual([0.01, 0.1, 1, 10, 100]);
    expect(decadeTicks(0.01, 100)).toEqual([0.01, 0.1, 1, 10, 100]);
  });

  it('keeps at least two ticks', () => {
    expect(decadeTicks(0.01, 0.01)).toEqual([0.01, 0.1]);
  });
});
