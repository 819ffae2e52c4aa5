import type { Random } from '@ntm/random';
import { BatchBuilder, type Batch } from './batch.js';
import type { Task } from './task.js';
import { requireInteger, requireOrdered, requireSampleArguments, resolveConfig } from './validation.js';

/**
 * Options of the copy task.
 * @example const generalisation: CopyConfig = { ...COPY_DEFAULTS, minLength: 30, maxLength: 50 };
 */
export interface CopyConfig {
  /** Bits per vector; the paper uses 8. */
  readonly bits: number;
  /** Shortest sequence, in vectors; the paper trains on U[1, 20]. */
  readonly minLength: number;
  /** Longest sequence; raise it (30, 50, 120) to test generalisation beyond training lengths. */
  readonly maxLength: number;
}

/**
 * The paper's copy settings (§4.1): 8-bit vectors, lengths drawn uniformly from 1..20.
 * @example createCopyTask({ ...COPY_DEFAULTS, maxLength: 120 });
 */
export const COPY_DEFAULTS: CopyConfig = { bits: 8, minLength: 1, maxLength: 20 };

/**
 * The copy task (paper §4.1): show a sequence of random bit vectors, then a delimiter, then
 * ask for the sequence back with no input.
 *
 * Layout of an episode of L vectors, `bits` = 8 (2L + 1 steps):
 * - inputs: `bits + 1` channels. Steps 0…L−1 hold the vectors on channels 0…7 (channel 8 = 0);
 *   step L holds only the delimiter, channel 8 = 1; steps L+1…2L are all zero.
 * - targets: `bits` channels. Steps L+1…2L hold the vectors in order; targets are zero
 *   everywhere else (they live only in the output window).
 * - mask: 1 on steps L+1…2L, 0 on the first L+1 steps and on padding.
 *
 * Example, 2 bits, L = 2 (x = 10 then 01):
 * ```text
 * step   input (b0 b1 | delim)   target   mask
 *  0       1  0 | 0              0 0      0
 *  1       0  1 | 0              0 0      0
 *  2       0  0 | 1              0 0      0
 *  3       0  0 | 0              1 0      1
 *  4       0  0 | 0              0 1      1
 * ```
 *
 * @example
 * ```ts
 * const task = createCopyTask({ maxLength: 120 }); // a generalisation test set
 * const batch = task.sample(new Random(1), 16);    // inputs [T, 16, 9], T = 2·(longest L) + 1
 * ```
 */
export function createCopyTask(config?: Partial<CopyConfig>): Task<CopyConfig> {
  const resolved = resolveConfig('copy', COPY_DEFAULTS, config);
  const bits = requireInteger('copy.bits', resolved.bits);
  const minLength = requireInteger('copy.minLength', resolved.minLength);
  const maxLength = requireInteger('copy.maxLength', resolved.maxLength);
  requireOrdered('copy.minLength', minLength, 'copy.maxLength', maxLength);
  const delimiterChannel = bits;

  return {
    name: 'copy',
    config: Object.freeze(resolved),
    inputSize: bits + 1,
    outputSize: bits,
    maxSteps: 2 * maxLength + 1,
    describe: () =>
      `copy: ${bits}-bit vectors, length ${minLength}..${maxLength}; input ${bits} bits + delimiter (channel ${delimiterChannel}); ` +
      `output ${bits} bits, scored on the L recall steps after the delimiter`,
    sample(random: Random, batchSize: number): Batch {
      requireSampleArguments('copy', random, batchSize);
      const sequences = Array.from({ length: batchSize }, () => {
        const length = random.int(minLength, maxLength);
        return Array.from({ length }, () => Array.from({ length: bits }, () => random.bernoulli()));
      });
      const builder = new BatchBuilder(
        'copy',
        sequences.map((sequence) => 2 * sequence.length + 1),
        bits + 1,
        bits,
      );
      sequences.forEach((sequence, episode) => {
        const length = sequence.length;
        sequence.forEach((vector, step) => {
          builder.setInputs(step, episode, vector);
          builder.setTargets(length + 1 + step, episode, vector);
          builder.score(length + 1 + step, episode);
        });
        builder.setInput(length, episode, delimiterChannel, 1);
      });
      return builder.build();
    },
  };
}
