import type { Random } from '@ntm/random';
import { BatchBuilder, type Batch } from './batch.js';
import type { Task } from './task.js';
import { describeValue, requireInteger, requireOrdered, requireSampleArguments, resolveConfig, TaskConfigError } from './validation.js';

/**
 * Options of the repeat copy task.
 * @example const longer: RepeatCopyConfig = { ...REPEAT_COPY_DEFAULTS, minLength: 11, maxLength: 20 };
 */
export interface RepeatCopyConfig {
  /** Bits per vector; the paper uses 8. */
  readonly bits: number;
  /** Shortest sequence, in vectors; the paper trains on U[1, 10]. */
  readonly minLength: number;
  /** Longest sequence. */
  readonly maxLength: number;
  /** Fewest repeats; the paper trains on U[1, 10]. */
  readonly minRepeats: number;
  /** Most repeats. */
  readonly maxRepeats: number;
  /**
   * The range of counts the count input is normalised over ({@link normaliseRepeatCount});
   * null: minRepeats..maxRepeats. A model trained on 1..10 repeats and tested on 20 needs the
   * training range here (`{ minRepeats: 20, maxRepeats: 20, countMinRepeats: 1, countMaxRepeats: 10 }`),
   * so that 20 reaches it as the count it extrapolates to, not as the mean of a new range.
   */
  readonly countMinRepeats: number | null;
  readonly countMaxRepeats: number | null;
}

/**
 * The paper's repeat copy settings (§4.2): 8-bit vectors, length U[1, 10], repeats U[1, 10].
 * @example createRepeatCopyTask({ ...REPEAT_COPY_DEFAULTS, maxLength: 5 });
 */
export const REPEAT_COPY_DEFAULTS: RepeatCopyConfig = {
  bits: 8,
  minLength: 1,
  maxLength: 10,
  minRepeats: 1,
  maxRepeats: 10,
  countMinRepeats: null,
  countMaxRepeats: null,
};

/**
 * The repeat count as the network sees it: normalised to mean 0 and variance 1 over the
 * discrete uniform distribution of counts minRepeats..maxRepeats (mean (a+b)/2, variance
 * ((b−a+1)² − 1)/12). With a single possible count the variance is 0 and the value is 0.
 *
 * @example
 * ```ts
 * normaliseRepeatCount(1, 1, 10);  // −1.5667 = (1 − 5.5) / √8.25
 * normaliseRepeatCount(10, 1, 10); // +1.5667
 * ```
 */
export function normaliseRepeatCount(count: number, minRepeats: number, maxRepeats: number): number {
  const mean = (minRepeats + maxRepeats) / 2;
  const span = maxRepeats - minRepeats + 1;
  const variance = (span * span - 1) / 12;
  return variance === 0 ? 0 : (count - mean) / Math.sqrt(variance);
}

/**
 * The repeat copy task (paper §4.2): show a sequence and a repeat count r, then ask for the
 * sequence r times in a row followed by an end marker, so the model must also count.
 *
 * Layout of an episode of L vectors and r repeats, `bits` = 8 ((r + 1)·L + 2 steps):
 * - inputs: `bits + 2` channels. Steps 0…L−1: the vectors on channels 0…7. Step L: the
 *   delimiter (channel 8 = 1) and, on the same step only, the normalised count on channel 9
 *   ({@link normaliseRepeatCount}); the delimiter tells the model the count is there even when
 *   it normalises to 0. Steps L+1 onward: all zero.
 * - targets: `bits + 1` channels. Step L+1+k (k = 0…rL−1) holds vector k mod L on channels
 *   0…7; the last step, (r+1)L + 1, holds only the end marker, channel 8 = 1.
 * - mask: 1 on the rL + 1 steps from L+1 to the end marker (the end-marker channel is scored
 *   as 0 on the repeat steps), 0 before and on padding.
 *
 * Example, 1 bit, L = 2 (x = 1, 0), r = 2, counts 1..3 (r normalises to 0):
 * ```text
 * step  input (b | delim count)  target (b | end)  mask
 *  0      1 | 0  0                0 | 0            0
 *  1      0 | 0  0                0 | 0            0
 *  2      0 | 1  0                0 | 0            0
 *  3      0 | 0  0                1 | 0            1
 *  4      0 | 0  0                0 | 0            1
 *  5      0 | 0  0                1 | 0            1
 *  6      0 | 0  0                0 | 0            1
 *  7      0 | 0  0                0 | 1            1
 * ```
 *
 * @example
 * ```ts
 * const batch = createRepeatCopyTask().sample(new Random(1), 32); // inputs [T, 32, 10], targets [T, 32, 9]
 * ```
 */
export function createRepeatCopyTask(config?: Partial<RepeatCopyConfig>): Task<RepeatCopyConfig> {
  const resolved = resolveConfig('repeat-copy', REPEAT_COPY_DEFAULTS, config);
  const bits = requireInteger('repeat-copy.bits', resolved.bits);
  const minLength = requireInteger('repeat-copy.minLength', resolved.minLength);
  const maxLength = requireInteger('repeat-copy.maxLength', resolved.maxLength);
  requireOrdered('repeat-copy.minLength', minLength, 'repeat-copy.maxLength', maxLength);
  const minRepeats = requireInteger('repeat-copy.minRepeats', resolved.minRepeats);
  const maxRepeats = requireInteger('repeat-copy.maxRepeats', resolved.maxRepeats);
  requireOrdered('repeat-copy.minRepeats', minRepeats, 'repeat-copy.maxRepeats', maxRepeats);
  if ((resolved.countMinRepeats === null) !== (resolved.countMaxRepeats === null)) {
    throw new TaskConfigError(
      `repeat-copy.countMinRepeats and repeat-copy.countMaxRepeats must be given together, got ${describeValue(resolved.countMinRepeats)} and ${describeValue(resolved.countMaxRepeats)}`,
    );
  }
  const countMinRepeats = resolved.countMinRepeats === null ? minRepeats : requireInteger('repeat-copy.countMinRepeats', resolved.countMinRepeats);
  const countMaxRepeats = resolved.countMaxRepeats === null ? maxRepeats : requireInteger('repeat-copy.countMaxRepeats', resolved.countMaxRepeats);
  requireOrdered('repeat-copy.countMinRepeats', countMinRepeats, 'repeat-copy.countMaxRepeats', countMaxRepeats);
  const delimiterChannel = bits;
  const countChannel = bits + 1;
  const endChannel = bits;

  return {
    name: 'repeat-copy',
    config: Object.freeze(resolved),
    inputSize: bits + 2,
    outputSize: bits + 1,
    maxSteps: (maxRepeats + 1) * maxLength + 2,
    describe: () =>
      `repeat-copy: ${bits}-bit vectors, length ${minLength}..${maxLength}, repeats ${minRepeats}..${maxRepeats}` +
      `${resolved.countMinRepeats === null ? '' : ` (count normalised over ${countMinRepeats}..${countMaxRepeats})`}; ` +
      `input ${bits} bits + delimiter (channel ${delimiterChannel}) + normalised count (channel ${countChannel}, on the delimiter step); ` +
      `output ${bits} bits + end marker (channel ${endChannel})`,
    sample(random: Random, batchSize: number): Batch {
      requireSampleArguments('repeat-copy', random, batchSize);
      const episodes = Array.from({ length: batchSize }, () => {
        const length = random.int(minLength, maxLength);
        const repeats = random.int(minRepeats, maxRepeats);
        const sequence = Array.from({ length }, () => Array.from({ length: bits }, () => random.bernoulli()));
        return { sequence, repeats };
      });
      const builder = new BatchBuilder(
        'repeat-copy',
        episodes.map(({ sequence, repeats }) => (repeats + 1) * sequence.length + 2),
        bits + 2,
        bits + 1,
      );
      episodes.forEach(({ sequence, repeats }, episode) => {
        const length = sequence.length;
        sequence.forEach((vector, step) => {
          builder.setInputs(step, episode, vector);
        });
        builder.setInput(length, episode, delimiterChannel, 1);
        builder.setInput(length, episode, countChannel, normaliseRepeatCount(repeats, countMinRepeats, countMaxRepeats));
        for (let k = 0; k < repeats * length; k++) {
          builder.setTargets(length + 1 + k, episode, sequence[k % length] as number[]);
          builder.score(length + 1 + k, episode);
        }
        const endStep = (repeats + 1) * length + 1;
        builder.setTarget(endStep, episode, endChannel, 1);
        builder.score(endStep, episode);
      });
      return builder.build();
    },
  };
}
