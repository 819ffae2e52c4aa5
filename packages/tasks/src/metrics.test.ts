import { Random } from '@ntm/random';
import { describe, expect, it } from 'vitest';
import { BatchBuilder } from './batch.js';
import { createCopyTask } from './copy.js';
import { bitErrorsPerSequence, bitsPerSequence } from './metrics.js';

/**
 * Two episodes, 2 output channels, T = 3. Episode 0 (3 steps) is scored on steps 1 and 2;
 * episode 1 (2 steps) on step 1 only, its step 2 is padding.
 */
function smallBatch() {
  const builder = new BatchBuilder('test', [3, 2], 1, 2);
  builder.setTarget(1, 0, 0, 1);
  builder.setTarget(2, 0, 1, 1);
  builder.setTarget(1, 1, 1, 1);
  builder.score(1, 0);
  builder.score(2, 0);
  builder.score(1, 1);
  return builder.build();
}

/** Probabilities `[T, B, 2]` from per-(step, episode) pairs. */
function probabilities(values: Record<string, [number, number]>): Float64Array {
  const out = new Float64Array(3 * 2 * 2).fill(0.5);
  for (const [key, pair] of Object.entries(values)) {
    const [step, episode] = key.split(',').map(Number) as [number, number];
    out.set(pair, (step * 2 + episode) * 2);
  }
  return out;
}

describe('bitsPerSequence', () => {
  it('sums binary cross-entropy in bits over the scored steps only', () => {
    const batch = smallBatch();
    const outputs = probabilities({
      '0,0': [0.999, 0.999], // unscored: must not count
      '1,0': [0.5, 0.25], // targets 1, 0: 1 + log₂(4/3)
      '2,0': [0.125, 0.5], // targets 0, 1: log₂(8/7) + 1
      '1,1': [0.75, 0.75], // targets 0, 1: 2 + log₂(4/3)
      '2,1': [0.001, 0.999], // padding: must not count
    });
    const cost = bitsPerSequence(outputs, batch);
    expect(cost.perSequence[0]).toBeCloseTo(2 + Math.log2(4 / 3) + Math.log2(8 / 7), 12);
    expect(cost.perSequence[1]).toBeCloseTo(2 + Math.log2(4 / 3), 12);
    expect(cost.mean).toBeCloseTo(((cost.perSequence[0] as number) + (cost.perSequence[1] as number)) / 2, 12);
  });

  it('clamps probabilities so a confident mistake costs −log₂ ε, not infinity', () => {
    const batch = smallBatch();
    const outputs = probabilities({ '1,1': [0, 0] }); // targets 0, 1: one free, one fully wrong
    expect(bitsPerSequence(outputs, batch).perSequence[1]).toBeCloseTo(-Math.log2(1e-7) - Math.log2(1 - 1e-7), 9);
    expect(bitsPerSequence(outputs, batch, { epsilon: 1e-3 }).perSequence[1]).toBeCloseTo(-Math.log2(1e-3) - Math.log2(1 - 1e-3), 9);
    expect(() => bitsPerSequence(outputs, batch, { epsilon: 0 })).toThrow('options.epsilon must be in (0, 0.5), got 0');
  });

  it('gives one bit per scored output bit for a coin-flip guess on the copy task', () => {
    const batch = createCopyTask().sample(new Random(1), 16);
    const cost = bitsPerSequence(new Float32Array(batch.targets.length).fill(0.5), batch);
    const expected = Array.from(batch.lengths, (steps) => ((steps - 1) / 2) * 8);
    expect(Array.from(cost.perSequence)).toEqual(expected);
  });

  it('rejects probabilities of the wrong size, naming the expected shape', () => {
    expect(() => bitsPerSequence(new Float32Array(5), smallBatch())).toThrow(
      'bitsPerSequence: probabilities must match the targets, [T, B, outputSize] = [3, 2, 2] (12 values), got length 5',
    );
  });
});

describe('bitErrorsPerSequence', () => {
  it('thresholds at 0.5 (0.5 reads as 1) and counts wrong bits on scored steps', () => {
    const batch = smallBatch();
    const outputs = probabilities({
      '0,0': [1, 1], // unscored
      '1,0': [0.5, 0.49], // targets 1, 0: right, right
      '2,0': [0.51, 0.2], // targets 0, 1: wrong, wrong
      '1,1': [0.5, 0.4], // targets 0, 1: wrong, wrong
      '2,1': [1, 1], // padding
    });
    const errors = bitErrorsPerSequence(outputs, batch);
    expect(Array.from(errors.perSequence)).toEqual([2, 2]);
    expect(errors.mean).toBe(2);
  });

  it('is 0 for the targets themselves and 8·L for their complement on the copy task', () => {
    const batch = createCopyTask().sample(new Random(2), 8);
    expect(bitErrorsPerSequence(batch.targets, batch).mean).toBe(0);
    const flipped = batch.targets.map((bit) => 1 - bit);
    const expected = Array.from(batch.lengths, (steps) => ((steps - 1) / 2) * 8);
    expect(Array.from(bitErrorsPerSequence(flipped, batch).perSequence)).toEqual(expected);
  });
});
