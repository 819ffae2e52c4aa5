import { describe, expect, it } from 'vitest';
import { curriculumLevelOverrides } from './curriculum.js';

describe('curriculumLevelOverrides', () => {
  it("priority sort: the level's vectors shown, the full task's share of them asked back, at least one", () => {
    const paper = { bits: 8, inputCount: 20, outputCount: 16 };
    expect(curriculumLevelOverrides('priority-sort', 5, paper)).toEqual({ inputCount: 5, outputCount: 4 });
    expect(curriculumLevelOverrides('priority-sort', 20, paper)).toEqual({ inputCount: 20, outputCount: 16 });
    expect(curriculumLevelOverrides('priority-sort', 1, paper)).toEqual({ inputCount: 1, outputCount: 1 }); // round(0.8) = 1
    expect(curriculumLevelOverrides('priority-sort', 1, { inputCount: 20, outputCount: 4 })).toEqual({ inputCount: 1, outputCount: 1 }); // round(0.2) = 0, raised to 1
  });

  it('copy, repeat copy and recall: the maximum at the level, the minimum lowered only where it is above it', () => {
    expect(curriculumLevelOverrides('copy', 3, { minLength: 5, maxLength: 20 })).toEqual({ maxLength: 3, minLength: 3 });
    expect(curriculumLevelOverrides('repeat-copy', 6, { minLength: 1, maxLength: 10 })).toEqual({ maxLength: 6 });
    expect(curriculumLevelOverrides('associative-recall', 2, { minItems: 4, maxItems: 6 })).toEqual({ maxItems: 2, minItems: 2 });
  });

  it('refuses a task without a length to grow', () => {
    expect(() => curriculumLevelOverrides('dynamic-ngrams', 3, {})).toThrow('task "dynamic-ngrams" has no curriculum field');
  });
});
