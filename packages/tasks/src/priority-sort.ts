import type { Random } from '@ntm/random';
import { BatchBuilder, type Batch } from './batch.js';
import type { Task } from './task.js';
import { TaskConfigError, requireFinite, requireInteger, requireSampleArguments, resolveConfig } from './validation.js';

/**
 * Options of the priority sort task.
 * @example const small: PrioritySortConfig = { ...PRIORITY_SORT_DEFAULTS, inputCount: 10, outputCount: 8 };
 */
export interface PrioritySortConfig {
  /** Bits per vector; the paper uses 8. */
  readonly bits: number;
  /** Vectors shown; the paper uses 20. */
  readonly inputCount: number;
  /** Vectors asked back (the highest priorities); the paper uses 16. At most `inputCount`. */
  readonly outputCount: number;
  /** Lowest priority; priorities are uniform in [minPriority, maxPriority), the paper's U[−1, 1]. */
  readonly minPriority: number;
  /** Highest priority (exclusive). */
  readonly maxPriority: number;
}

/**
 * The paper's priority sort settings (§4.5): 20 eight-bit vectors in, the 16 highest out.
 * @example createPrioritySortTask({ ...PRIORITY_SORT_DEFAULTS, outputCount: 20 }); // a full sort
 */
export const PRIORITY_SORT_DEFAULTS: PrioritySortConfig = {
  bits: 8,
  inputCount: 20,
  outputCount: 16,
  minPriority: -1,
  maxPriority: 1,
};

/**
 * The priority sort task (paper §4.5): show vectors each with a scalar priority, then ask for
 * the `outputCount` highest-priority vectors, highest first.
 *
 * Layout, n = `inputCount`, m = `outputCount`, `bits` = 8 (n + 1 + m steps, 37 by default):
 * - inputs: `bits + 2` channels: 0…7 the vector bits, 8 the priority, 9 the delimiter.
 *   Steps 0…n−1 hold a vector and its priority (rounded to float32, the value the model sees);
 *   step n holds only the delimiter (channel 9 = 1); steps n+1…n+m are all zero.
 * - targets: `bits` channels; step n+1+j holds the vector with the (j+1)-th highest priority
 *   (ties, which float32 rounding makes possible but rare, keep input order). Zero elsewhere.
 * - mask: 1 on the last m steps only.
 *
 * Example, 1 bit, n = 3, m = 2 (vectors 1, 0, 1 with priorities 0.2, 0.9, −0.5):
 * ```text
 * step  input (b | priority delim)  target  mask
 *  0      1 |  0.2   0               0       0
 *  1      0 |  0.9   0               0       0
 *  2      1 | -0.5   0               0       0
 *  3      0 |  0     1               0       0
 *  4      0 |  0     0               0       1     highest: 0.9 → 0
 *  5      0 |  0     0               1       1     next: 0.2 → 1
 * ```
 *
 * @example
 * ```ts
 * const batch = createPrioritySortTask().sample(new Random(1), 32); // inputs [37, 32, 10], targets [37, 32, 8]
 * ```
 */
export function createPrioritySortTask(config?: Partial<PrioritySortConfig>): Task<PrioritySortConfig> {
  const resolved = resolveConfig('priority-sort', PRIORITY_SORT_DEFAULTS, config);
  const bits = requireInteger('priority-sort.bits', resolved.bits);
  const inputCount = requireInteger('priority-sort.inputCount', resolved.inputCount);
  const outputCount = requireInteger('priority-sort.outputCount', resolved.outputCount);
  if (outputCount > inputCount) {
    throw new TaskConfigError(
      `priority-sort.outputCount must be <= priority-sort.inputCount (only shown vectors can be sorted), got ${outputCount} > ${inputCount}`,
    );
  }
  const minPriority = requireFinite('priority-sort.minPriority', resolved.minPriority);
  const maxPriority = requireFinite('priority-sort.maxPriority', resolved.maxPriority);
  if (!(minPriority < maxPriority)) {
    throw new TaskConfigError(`priority-sort.minPriority must be < priority-sort.maxPriority, got ${minPriority} >= ${maxPriority}`);
  }
  const priorityChannel = bits;
  const delimiterChannel = bits + 1;
  const steps = inputCount + 1 + outputCount;

  return {
    name: 'priority-sort',
    config: Object.freeze(resolved),
    inputSize: bits + 2,
    outputSize: bits,
    maxSteps: steps,
    describe: () =>
      `priority-sort: ${inputCount} ${bits}-bit vectors with priorities in [${minPriority}, ${maxPriority}); ` +
      `input ${bits} bits + priority (channel ${priorityChannel}) + delimiter (channel ${delimiterChannel}); ` +
      `output the ${outputCount} highest-priority vectors, highest first`,
    sample(random: Random, batchSize: number): Batch {
      requireSampleArguments('priority-sort', random, batchSize);
      const builder = new BatchBuilder('priority-sort', new Array<number>(batchSize).fill(steps), bits + 2, bits);
      for (let episode = 0; episode < batchSize; episode++) {
        const entries = Array.from({ length: inputCount }, (_, index) => ({
          index,
          vector: Array.from({ length: bits }, () => random.bernoulli()),
          // Sort on the float32 value the model is shown, so inputs and targets agree exactly.
          priority: Math.fround(random.uniform(minPriority, maxPriority)),
        }));
        entries.forEach(({ vector, priority }, step) => {
          builder.setInputs(step, episode, vector);
          builder.setInput(step, episode, priorityChannel, priority);
        });
        builder.setInput(inputCount, episode, delimiterChannel, 1);
        const sorted = [...entries].sort((a, b) => b.priority - a.priority || a.index - b.index);
        sorted.slice(0, outputCount).forEach(({ vector }, rank) => {
          const step = inputCount + 1 + rank;
          builder.setTargets(step, episode, vector);
          builder.score(step, episode);
        });
      }
      return builder.build();
    },
  };
}
