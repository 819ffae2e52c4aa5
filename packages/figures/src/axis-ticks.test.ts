import { describe, expect, it } from 'vitest';
import { formatTick, linearTicks, logTicks } from './axis-ticks.js';

describe('axis ticks', () => {
  it('covers the range with steps of 1, 2 or 5 × 10^k', () => {
    expect(linearTicks(0, 87, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(linearTicks(0, 0.9, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(linearTicks(0, 8800, 5)).toEqual([0, 2000, 4000, 6000, 8000, 10000]);
    expect(linearTicks(0, 5, 5)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(linearTicks(3, 3)).toEqual([0, 1, 2, 3]);
    expect(linearTicks(0, 0)).toEqual([0, 1]);
  });

  it('puts log ticks on whole decades around the data', () => {
    expect(logTicks(0.03, 80)).toEqual([0.01, 0.1, 1, 10, 100]);
    expect(logTicks(5, 5)).toEqual([1, 10]);
  });

  it('labels ticks briefly', () => {
    expect([0, 0.2, 150, 2000, 12500, 1_500_000].map(formatTick)).toEqual(['0', '0.2', '150', '2K', '12.5K', '1.5M']);
  });
});
