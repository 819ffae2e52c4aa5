import { Random } from '@ntm/random';
import { createTask } from '@ntm/tasks';
import { describe, expect, it } from 'vitest';
import { combineShardGradients, shardSizes, sliceBatch, splitBatch } from './batch-shards.js';

describe('shardSizes', () => {
  it('splits as evenly as possible, the first shards one larger', () => {
    expect(shardSizes(32, 1)).toEqual([32]);
    expect(shardSizes(32, 2)).toEqual([16, 16]);
    expect(shardSizes(32, 3)).toEqual([11, 11, 10]);
    expect(shardSizes(5, 4)).toEqual([2, 1, 1, 1]);
  });

  it('never makes an empty shard', () => {
    expect(shardSizes(1, 2)).toEqual([1]);
    expect(shardSizes(3, 8)).toEqual([1, 1, 1]);
  });
});

describe('splitBatch', () => {
  // Lengths 1–6: episodes of 3–13 steps, so shards have different longest episodes.
  const batch = createTask('copy', { bits: 3, minLength: 1, maxLength: 6 }).sample(new Random(11), 7);
  const { steps, batchSize, inputSize, outputSize } = batch.shape;

  it('gives contiguous shards whose values are the batch’s, step by step, cut to their longest episode', () => {
    const shards = splitBatch(batch, 3);
    expect(shards.map((shard) => shard.shape.batchSize)).toEqual([3, 2, 2]);
    let start = 0;
    for (const shard of shards) {
      const count = shard.shape.batchSize;
      expect(shard.taskName).toBe('copy');
      expect([...shard.lengths]).toEqual([...batch.lengths.slice(start, start + count)]);
      expect(shard.shape.steps).toBe(Math.max(...shard.lengths));
      expect(shard.shape).toMatchObject({ inputSize, outputSize });
      for (let step = 0; step < steps; step++) {
        for (let episode = 0; episode < count; episode++) {
          const row = step * batchSize + start + episode;
          const shardRow = step * count + episode;
          if (step >= shard.shape.steps) {
            // Cut steps are padding in the batch: nothing scored, nothing shown.
            expect(batch.mask[row]).toBe(0);
            expect([...batch.inputs.subarray(row * inputSize, (row + 1) * inputSize)].every((value) => value === 0)).toBe(true);
            continue;
          }
          expect(shard.mask[shardRow]).toBe(batch.mask[row]);
          expect([...shard.inputs.subarray(shardRow * inputSize, (shardRow + 1) * inputSize)]).toEqual([
            ...batch.inputs.subarray(row * inputSize, (row + 1) * inputSize),
          ]);
          expect([...shard.targets.subarray(shardRow * outputSize, (shardRow + 1) * outputSize)]).toEqual([
            ...batch.targets.subarray(row * outputSize, (row + 1) * outputSize),
          ]);
        }
      }
      start += count;
    }
    // Some shard really was cut (else the test above checked nothing about cutting).
    expect(shards.some((shard) => shard.shape.steps < steps)).toBe(true);
  });

  it('copies: changing a shard leaves the batch alone', () => {
    const [first] = splitBatch(batch, 2);
    const before = batch.inputs[0];
    (first as { inputs: Float32Array }).inputs[0] = 42;
    expect(batch.inputs[0]).toBe(before);
  });

  it('rejects a slice outside the batch, naming it', () => {
    expect(() => sliceBatch(batch, 5, 3)).toThrow('sliceBatch: sequences 5 … 7 are not within the batch of 7');
    expect(() => sliceBatch(batch, 0, 0)).toThrow(/not within the batch of 7/);
  });
});

describe('combineShardGradients', () => {
  it('weights each shard by its share of the sequences, in float64, rounded once', () => {
    const combined = combineShardGradients([
      { sequences: 3, cost: 10, bitErrors: 2, gradients: [Float32Array.of(1, 2), Float32Array.of(4)] },
      { sequences: 1, cost: 2, bitErrors: 6, gradients: [Float32Array.of(5, -2), Float32Array.of(0)] },
    ]);
    expect(combined.sequences).toBe(4);
    expect(combined.cost).toBe(8); // (3 · 10 + 1 · 2) / 4
    expect(combined.bitErrors).toBe(3); // (3 · 2 + 6) / 4
    expect([...(combined.gradients[0] as Float32Array)]).toEqual([2, 1]); // (3 · 1 + 5) / 4, (3 · 2 − 2) / 4
    expect([...(combined.gradients[1] as Float32Array)]).toEqual([3]);
    expect(combined.gradients[0]).toBeInstanceOf(Float32Array);
  });

  it('gives one shard back unchanged', () => {
    const shard = { sequences: 5, cost: 1.25, bitErrors: 0.5, gradients: [Float32Array.of(0.1, -0.3)] };
    const combined = combineShardGradients([shard]);
    expect(combined).toEqual(shard);
  });

  it('refuses shards whose gradients do not match, and no shards at all', () => {
    expect(() =>
      combineShardGradients([
        { sequences: 1, cost: 0, bitErrors: 0, gradients: [new Float32Array(2)] },
        { sequences: 1, cost: 0, bitErrors: 0, gradients: [new Float32Array(3)] },
      ]),
    ).toThrow('combineShardGradients: shard 1 has gradients of sizes [3], but shard 0 has [2]');
    expect(() => combineShardGradients([])).toThrow(/needs at least one shard/);
  });
});
