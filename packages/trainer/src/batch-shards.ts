import type { Batch } from '@ntm/tasks';
import type { ShardGradients } from './gradient-workers.js';

/**
 * How many sequences each of `shards` contiguous shards of a batch gets: as equal as possible,
 * the first ones one larger when the batch does not divide evenly. Never an empty shard: a
 * batch smaller than `shards` gets one shard per sequence.
 *
 * @example shardSizes(32, 3) // [11, 11, 10]
 */
export function shardSizes(batchSize: number, shards: number): number[] {
  const count = Math.min(shards, batchSize);
  const base = Math.floor(batchSize / count);
  const larger = batchSize % count;
  return Array.from({ length: count }, (_, index) => base + (index < larger ? 1 : 0));
}

/**
 * Splits a batch along the batch dimension into contiguous shards (sizes from
 * {@link shardSizes}), in order: shard 0 holds the first sequences. Each shard's steps are cut
 * to its own longest episode: the cut steps are padding (zero mask), which adds exactly
 * nothing to the loss or its gradients, so this only saves work.
 *
 * @example
 * ```ts
 * const [first, second] = splitBatch(task.sample(random, 32), 2); // 16 sequences each
 * ```
 */
export function splitBatch(batch: Batch, shards: number): Batch[] {
  let start = 0;
  return shardSizes(batch.shape.batchSize, shards).map((count) => {
    const shard = sliceBatch(batch, start, count);
    start += count;
    return shard;
  });
}

/**
 * Sequences `start … start + count − 1` of a batch, as a batch of their own, with its steps cut
 * to the longest of them.
 *
 * @example sliceBatch(batch, 16, 16) // the second half of a batch of 32
 */
export function sliceBatch(batch: Batch, start: number, count: number): Batch {
  const { steps, batchSize, inputSize, outputSize } = batch.shape;
  if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 1 || start + count > batchSize) {
    throw new RangeError(`sliceBatch: sequences ${start} … ${start + count - 1} are not within the batch of ${batchSize}`);
  }
  const lengths = batch.lengths.slice(start, start + count);
  const shardSteps = Math.min(steps, Math.max(1, ...lengths));
  // [T, B, channels] → [T', count, channels]: one contiguous block per time step.
  const take = (values: Float32Array, channels: number) => {
    const out = new Float32Array(shardSteps * count * channels);
    for (let step = 0; step < shardSteps; step++) {
      const from = (step * batchSize + start) * channels;
      out.set(values.subarray(from, from + count * channels), step * count * channels);
    }
    return out;
  };
  return {
    taskName: batch.taskName,
    shape: { steps: shardSteps, batchSize: count, inputSize, outputSize },
    inputs: take(batch.inputs, inputSize),
    targets: take(batch.targets, outputSize),
    mask: take(batch.mask, 1),
    lengths,
  };
}

/**
 * The gradients of a whole batch from its shards': the loss is a mean over sequences, so the
 * batch's gradient is Σ_s (B_s / B) · g_s, and so are its cost and bit errors. Summed in the
 * order given (shard 0 first) in float64, then rounded once to float32: the same shards give
 * the same bits every time.
 *
 * @example
 * ```ts
 * const batch = combineShardGradients([mainThreadShard, ...workerShards]);
 * ```
 */
export function combineShardGradients(shards: readonly ShardGradients[]): ShardGradients {
  const first = shards[0];
  if (!first) throw new RangeError('combineShardGradients: needs at least one shard, got none');
  const sequences = shards.reduce((total, shard) => total + shard.sequences, 0);
  for (const [index, shard] of shards.entries()) {
    if (shard.gradients.length !== first.gradients.length || shard.gradients.some((values, p) => values.length !== first.gradients[p]?.length)) {
      throw new RangeError(
        `combineShardGradients: shard ${index} has gradients of sizes [${shard.gradients.map((values) => values.length).join(', ')}], ` +
          `but shard 0 has [${first.gradients.map((values) => values.length).join(', ')}]`,
      );
    }
  }
  const weights = shards.map((shard) => shard.sequences / sequences);
  const weighted = (figure: (shard: ShardGradients) => number) => shards.reduce((total, shard, index) => total + (weights[index] as number) * figure(shard), 0);
  const gradients = first.gradients.map((_, parameter) => {
    const sum = new Float64Array(first.gradients[parameter]?.length ?? 0);
    shards.forEach((shard, index) => {
      const values = shard.gradients[parameter] as Float32Array;
      const weight = weights[index] as number;
      for (let i = 0; i < sum.length; i++) sum[i] = (sum[i] as number) + weight * (values[i] as number);
    });
    return Float32Array.from(sum);
  });
  return { sequences, cost: weighted((shard) => shard.cost), bitErrors: weighted((shard) => shard.bitErrors), gradients };
}
