import { describe, expect, it } from 'vitest';
import { formatCount, formatDuration, formatNumber, formatRatio, markdownTable } from './format.js';

describe('report formatting', () => {
  it('keeps three significant digits, with separators and the trailing zeros that carry precision', () => {
    expect(formatNumber(1234.5)).toBe('1,230');
    expect(formatNumber(41.26)).toBe('41.3');
    expect(formatNumber(0.5214)).toBe('0.521');
    expect(formatNumber(2)).toBe('2.00');
    expect(formatNumber(0)).toBe('0');
  });

  it('shows a dash for what was not measured', () => {
    expect(formatNumber(null)).toBe('–');
    expect(formatCount(undefined)).toBe('–');
    expect(formatRatio(Number.NaN)).toBe('–');
  });

  it('writes counts exactly and ratios with a times sign', () => {
    expect(formatCount(30142)).toBe('30,142');
    expect(formatRatio(10.83)).toBe('10.8×');
  });

  it('gives durations in seconds under a minute, else in minutes', () => {
    expect(formatDuration(3)).toBe('3.00 s');
    expect(formatDuration(1200)).toBe('20.0 min');
  });

  it('builds a Markdown table with aligned columns', () => {
    expect(markdownTable(['a', 'b'], [['1', '2']], ['left', 'right'])).toBe('| a | b |\n| --- | ---: |\n| 1 | 2 |');
  });
});
