import { Random } from '@ntm/random';
import { createCopyTask, episodeOf } from '@ntm/tasks';
import { describe, expect, it } from 'vitest';
import { copyBatch, formatSequence, parseSequence, randomSequence } from './copy-episode.js';

describe('copyBatch', () => {
  it('lays an episode out exactly as the copy task does', () => {
    const taskBatch = createCopyTask({ bits: 5, minLength: 4, maxLength: 4 }).sample(new Random(3), 1);
    const sequence = episodeOf(taskBatch, 0)
      .inputs.slice(0, 4)
      .map((row) => row.slice(0, 5));
    const ours = copyBatch(sequence, 5);
    expect(ours.shape).toEqual(taskBatch.shape);
    expect(Array.from(ours.inputs)).toEqual(Array.from(taskBatch.inputs));
    expect(Array.from(ours.targets)).toEqual(Array.from(taskBatch.targets));
    expect(Array.from(ours.mask)).toEqual(Array.from(taskBatch.mask));
  });

  it('refuses an empty sequence or a vector of the wrong width', () => {
    expect(() => copyBatch([], 8)).toThrow(/at least one vector, got 0/);
    expect(() => copyBatch([[1, 0]], 3)).toThrow(/vector 0 has 2 bits, expected 3/);
  });
});

describe('randomSequence', () => {
  it('draws the copy task’s own sequence for a seed', () => {
    const sequence = randomSequence(7, 6, 8);
    expect(sequence).toHaveLength(6);
    expect(sequence.every((vector) => vector.length === 8 && vector.every((bit) => bit === 0 || bit === 1))).toBe(true);
    expect(randomSequence(7, 6, 8)).toEqual(sequence);
    expect(randomSequence(8, 6, 8)).not.toEqual(sequence);
  });
});

describe('parseSequence and formatSequence', () => {
  it('round-trip the URL form', () => {
    expect(parseSequence('101,011', 3)).toEqual([
      [1, 0, 1],
      [0, 1, 1],
    ]);
    expect(formatSequence(parseSequence('10110010,01101100', 8))).toBe('10110010,01101100');
  });

  it('name the vector that is wrong', () => {
    expect(() => parseSequence('101,01', 3)).toThrow('sequence vector 2 is "01"; expected 3 characters, each 0 or 1');
    expect(() => parseSequence('1x1', 3)).toThrow(/sequence vector 1 is "1x1"/);
  });
});
