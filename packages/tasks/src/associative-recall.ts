import type { Random } from '@ntm/random';
import { BatchBuilder, type Batch } from './batch.js';
import type { Task } from './task.js';
import { TaskConfigError, requireInteger, requireOrdered, requireSampleArguments, resolveConfig } from './validation.js';

/**
 * Options of the associative recall task.
 * @example const test: AssociativeRecallConfig = { ...ASSOCIATIVE_RECALL_DEFAULTS, minItems: 15, maxItems: 15 };
 */
export interface AssociativeRecallConfig {
  /** Bits per vector; the paper uses 6. */
  readonly bits: number;
  /** Vectors per item; the paper uses 3. */
  readonly itemLength: number;
  /** Fewest items per episode; at least 2, since the query is an item followed by another. */
  readonly minItems: number;
  /** Most items; the paper trains on 2..6 and tests up to 12, 15 and 20. */
  readonly maxItems: number;
}

/**
 * The paper's associative recall settings (§4.3): items of 3 six-bit vectors, 2..6 items.
 * @example createAssociativeRecallTask({ ...ASSOCIATIVE_RECALL_DEFAULTS, maxItems: 12 });
 */
export const ASSOCIATIVE_RECALL_DEFAULTS: AssociativeRecallConfig = { bits: 6, itemLength: 3, minItems: 2, maxItems: 6 };

/**
 * The associative recall task (paper §4.3): show a list of items, then one of them (not the
 * last) as a query; the answer is the item that followed it in the list.
 *
 * Layout of an episode of n items of k vectors, `bits` = 6 ((n + 2)(k + 1) steps):
 * - inputs: `bits + 2` channels: 0…5 the vector bits, 6 the item delimiter, 7 the query
 *   delimiter. Item i (0-based) takes steps i(k+1) (item delimiter alone, channel 6 = 1) and
 *   i(k+1)+1 … i(k+1)+k (its vectors). Then step n(k+1) is a query delimiter (channel 7 = 1),
 *   steps n(k+1)+1 … n(k+1)+k show the query item q (q uniform in 0…n−2), step n(k+1)+k+1 is
 *   a second query delimiter, and the last k steps are all zero.
 * - targets: `bits` channels; the last k steps hold item q+1, zero elsewhere.
 * - mask: 1 on the last k steps only.
 * Items are independent random vectors; two equal items (odds ≈ n²/2^(bits·k+1)) are not avoided.
 *
 * Example, 1 bit, k = 1, n = 2 items (1, then 0), query item 0 (so the answer is 0):
 * ```text
 * step  input (b | item query)  target  mask
 *  0      0 | 1  0               0       0     item delimiter
 *  1      1 | 0  0               0       0     item 0
 *  2      0 | 1  0               0       0     item delimiter
 *  3      0 | 0  0               0       0     item 1
 *  4      0 | 0  1               0       0     query delimiter
 *  5      1 | 0  0               0       0     query = item 0
 *  6      0 | 0  1               0       0     query delimiter
 *  7      0 | 0  0               0       1     answer: item 1
 * ```
 *
 * @example
 * ```ts
 * const test = createAssociativeRecallTask({ minItems: 12, maxItems: 12 }); // generalisation
 * const batch = test.sample(new Random(1), 8); // inputs [56, 8, 8]
 * ```
 */
export function createAssociativeRecallTask(config?: Partial<AssociativeRecallConfig>): Task<AssociativeRecallConfig> {
  const resolved = resolveConfig('associative-recall', ASSOCIATIVE_RECALL_DEFAULTS, config);
  const bits = requireInteger('associative-recall.bits', resolved.bits);
  const itemLength = requireInteger('associative-recall.itemLength', resolved.itemLength);
  const minItems = requireInteger('associative-recall.minItems', resolved.minItems);
  if (minItems < 2) {
    throw new TaskConfigError(`associative-recall.minItems must be >= 2 (the query is an item followed by another), got ${minItems}`);
  }
  const maxItems = requireInteger('associative-recall.maxItems', resolved.maxItems);
  requireOrdered('associative-recall.minItems', minItems, 'associative-recall.maxItems', maxItems);
  const itemDelimiter = bits;
  const queryDelimiter = bits + 1;
  const stepsFor = (items: number) => (items + 2) * (itemLength + 1);

  return {
    name: 'associative-recall',
    config: Object.freeze(resolved),
    inputSize: bits + 2,
    outputSize: bits,
    maxSteps: stepsFor(maxItems),
    describe: () =>
      `associative-recall: items of ${itemLength} ${bits}-bit vectors, ${minItems}..${maxItems} items; ` +
      `input ${bits} bits + item delimiter (channel ${itemDelimiter}) + query delimiter (channel ${queryDelimiter}); ` +
      `output ${bits} bits, scored on the last ${itemLength} steps (the item after the query)`,
    sample(random: Random, batchSize: number): Batch {
      requireSampleArguments('associative-recall', random, batchSize);
      const episodes = Array.from({ length: batchSize }, () => {
        const count = random.int(minItems, maxItems);
        const items = Array.from({ length: count }, () => Array.from({ length: itemLength }, () => Array.from({ length: bits }, () => random.bernoulli())));
        return { items, query: random.int(0, count - 2) };
      });
      const builder = new BatchBuilder(
        'associative-recall',
        episodes.map(({ items }) => stepsFor(items.length)),
        bits + 2,
        bits,
      );
      const writeItem = (item: number[][], firstStep: number, episode: number, asTarget: boolean) => {
        item.forEach((vector, offset) => {
          if (asTarget) builder.setTargets(firstStep + offset, episode, vector);
          else builder.setInputs(firstStep + offset, episode, vector);
        });
      };
      episodes.forEach(({ items, query }, episode) => {
        items.forEach((item, index) => {
          builder.setInput(index * (itemLength + 1), episode, itemDelimiter, 1);
          writeItem(item, index * (itemLength + 1) + 1, episode, false);
        });
        const queryStart = items.length * (itemLength + 1);
        builder.setInput(queryStart, episode, queryDelimiter, 1);
        writeItem(items[query] as number[][], queryStart + 1, episode, false);
        builder.setInput(queryStart + itemLength + 1, episode, queryDelimiter, 1);
        const answerStart = queryStart + itemLength + 2;
        writeItem(items[query + 1] as number[][], answerStart, episode, true);
        for (let offset = 0; offset < itemLength; offset++) builder.score(answerStart + offset, episode);
      });
      return builder.build();
    },
  };
}
