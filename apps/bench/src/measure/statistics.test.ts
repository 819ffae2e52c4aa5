import { describe, expect, it } from 'vitest';
import { median, significant } from './statistics.js';

describe('median', () => {
  it('takes the middle of an odd count and the mean of the two middles of an even count, unsorted input', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('ignores one slow outlier', () => {
    expect(median([10, 11, 500])).toBe(11);
  });

  it('rejects an empty list, naming the argument', () => {
    expect(() => median([])).toThrow('median: values must hold at least one number, got none');
  });
});

describe('significant', () => {
  it('keeps the given number of significant digits', () => {
    expect(significant(1234.5678, 3)).toBe(1230);
    expect(significant(0.012345, 2)).toBe(0.012);
    expect(significant(0, 3)).toBe(0);
  });
});
