import { describe, expect, it } from 'vitest';
import { displayPath, formatCount, formatDuration, formatMeasure, formatTable } from './format.js';

describe('format', () => {
  it('formats counts, measures and durations for people', () => {
    expect(formatCount(38400)).toBe('38,400');
    expect([12.3456, 0.0812, 1234.5, 0, 0.00001234, Number.NaN, null].map(formatMeasure)).toEqual(['12.3', '0.0812', '1,235', '0', '1.2e-5', 'NaN', '—']);
    expect([42, 192, 3900, null, Number.POSITIVE_INFINITY].map(formatDuration)).toEqual(['42s', '3m 12s', '1h 05m', '—', '—']);
  });

  it('right-aligns table columns', () => {
    expect(
      formatTable([
        ['length', 'cost'],
        ['10', '0.5'],
        ['120', '33.2'],
      ]),
    ).toBe('length  cost\n    10   0.5\n   120  33.2');
  });

  it('shows paths inside the working folder relative to it', () => {
    expect(displayPath('/home/me/runs/copy/checkpoint.ntm', '/home/me')).toBe('runs/copy/checkpoint.ntm');
    expect(displayPath('/tmp/elsewhere.ntm', '/home/me')).toBe('/tmp/elsewhere.ntm');
    expect(displayPath('/home/me', '/home/me')).toBe('.');
  });
});
