import { describe, expect, it } from 'vitest';
import { matchesFilter } from './api-filter.js';

describe('matchesFilter', () => {
  it('matches when every word of the query is in the name, ignoring case', () => {
    expect(matchesFilter('createTfjsBackend', 'tfjs create')).toBe(true);
    expect(matchesFilter('createTfjsBackend', 'TFJS')).toBe(true);
    expect(matchesFilter('createTfjsBackend', 'tfjs reference')).toBe(false);
    expect(matchesFilter('anything', '   ')).toBe(true);
  });
});
