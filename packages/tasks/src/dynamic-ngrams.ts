import type { Random } from '@ntm/random';
import { BatchBuilder, type Batch } from './batch.js';
import type { Task } from './task.js';
import { TaskConfigError, requireInteger, requireOrdered, requireSampleArguments, resolveConfig } from './validation.js';

/**
 * Options of the dynamic N-grams task.
 * @example const trigrams: DynamicNgramsConfig = { ...DYNAMIC_NGRAMS_DEFAULTS, contextBits: 2 };
 */
export interface DynamicNgramsConfig {
  /** N − 1: bits of context each probability is conditioned on; the paper's 6-grams use 5 (32 probabilities). */
  readonly contextBits: number;
  /** Fewest predicted bits per sequence; the paper uses 200. */
  readonly minLength: number;
  /** Most predicted bits per sequence. */
  readonly maxLength: number;
}

/**
 * The paper's dynamic N-grams settings (§4.4): 6-grams, 200 bits per sequence.
 * @example createDynamicNgramsTask({ ...DYNAMIC_NGRAMS_DEFAULTS, minLength: 100 });
 */
export const DYNAMIC_NGRAMS_DEFAULTS: DynamicNgramsConfig = { contextBits: 5, minLength: 200, maxLength: 200 };

/** The largest context allowed: 2^16 probabilities per sequence is already far past the paper. */
const MAX_CONTEXT_BITS = 16;

/**
 * A dynamic N-grams batch: a {@link Batch} that also says how it was made.
 * @example
 * ```ts
 * const batch = createDynamicNgramsTask().sample(new Random(1), 4);
 * batch.probabilityTables?.[1 * 32 + 0b00111]; // P(1 | previous bits 00111) for sequence 1
 * ```
 */
export interface DynamicNgramsBatch extends Batch {
  readonly taskName: 'dynamic-ngrams';
  /** c = N − 1, the context length the tables (and the Bayes baseline) condition on. */
  readonly contextBits: number;
  /**
   * Each sequence's table P(1 | context), `[B, 2^c]`, indexed by the c previous bits read as
   * a binary number, oldest bit most significant. `null` when the batch was built from given bits.
   */
  readonly probabilityTables: Float64Array | null;
}

/**
 * The dynamic N-grams task (paper §4.4): each sequence has its own table of 2^c probabilities
 * P(1 | previous c bits), drawn from Beta(½, ½); the model must learn the table from the
 * sequence itself while predicting each next bit. The Bayes-optimal predictor for this
 * (see `bayesOptimalNgramCost`) is the baseline the paper plots.
 *
 * How the first bits, which have no full context, are handled: each sequence starts with c
 * warm-up bits drawn as fair coins, which are shown as input but never scored; then come the
 * L predicted bits, each drawn from the table given the c bits before it. So every scored bit
 * came from the table with a full context, L = 200 bits are scored as in the paper, and the
 * Bayes baseline is computed on exactly those steps.
 *
 * Layout for bits b_0 … b_{c+L−1} (c + L − 1 steps; 204 by default):
 * - inputs: 1 channel, step t holds b_t.
 * - targets: 1 channel, step t holds b_{t+1}, the bit to predict (also on unscored steps).
 * - mask: 1 from step c − 1 on (targets b_c … b_{c+L−1}), 0 on the first c − 1 steps and padding.
 *
 * Example, c = 2, L = 3, bits 1 0 | 1 1 0 (warm-up | predicted):
 * ```text
 * step  input  target  mask
 *  0      1      0      0     b_1 is a warm-up bit
 *  1      0      1      1     P(b_2 | 10)
 *  2      1      1      1     P(b_3 | 01)
 *  3      1      0      1     P(b_4 | 11)
 * ```
 *
 * @example
 * ```ts
 * const task = createDynamicNgramsTask();
 * const batch = task.sample(new Random(1), 16); // inputs [204, 16, 1], 200 scored steps each
 * const { mean } = bayesOptimalNgramCost(batch); // ≈ 133 bits per sequence, the paper's optimum
 * ```
 */
export function createDynamicNgramsTask(config?: Partial<DynamicNgramsConfig>): Task<DynamicNgramsConfig, DynamicNgramsBatch> {
  const resolved = resolveConfig('dynamic-ngrams', DYNAMIC_NGRAMS_DEFAULTS, config);
  const contextBits = requireInteger('dynamic-ngrams.contextBits', resolved.contextBits, 1, MAX_CONTEXT_BITS);
  const minLength = requireInteger('dynamic-ngrams.minLength', resolved.minLength);
  const maxLength = requireInteger('dynamic-ngrams.maxLength', resolved.maxLength);
  requireOrdered('dynamic-ngrams.minLength', minLength, 'dynamic-ngrams.maxLength', maxLength);
  const tableSize = 2 ** contextBits;

  return {
    name: 'dynamic-ngrams',
    config: Object.freeze(resolved),
    inputSize: 1,
    outputSize: 1,
    maxSteps: contextBits + maxLength - 1,
    describe: () =>
      `dynamic-ngrams: ${contextBits + 1}-grams (${tableSize} probabilities from Beta(½,½) per sequence), ` +
      `${minLength}..${maxLength} predicted bits after ${contextBits} unscored warm-up bits; input the bit at t, target the bit at t+1`,
    sample(random: Random, batchSize: number): DynamicNgramsBatch {
      requireSampleArguments('dynamic-ngrams', random, batchSize);
      const tables = new Float64Array(batchSize * tableSize);
      const sequences: number[][] = [];
      for (let episode = 0; episode < batchSize; episode++) {
        const table = tables.subarray(episode * tableSize, (episode + 1) * tableSize);
        for (let index = 0; index < tableSize; index++) table[index] = random.betaHalfHalf();
        const length = random.int(minLength, maxLength);
        const bits: number[] = [];
        let context = 0;
        for (let position = 0; position < contextBits + length; position++) {
          const bit = position < contextBits ? random.bernoulli() : random.bernoulli(table[context] as number);
          bits.push(bit);
          context = ((context << 1) | bit) & (tableSize - 1);
        }
        sequences.push(bits);
      }
      return dynamicNgramsBatchFromBits(sequences, contextBits, tables);
    },
  };
}

/**
 * Builds a dynamic N-grams batch from given bit sequences, each c warm-up bits followed by the
 * predicted bits, with the layout of {@link createDynamicNgramsTask}. Tests and docs use it to
 * make small hand-checked cases.
 *
 * @example
 * ```ts
 * const batch = dynamicNgramsBatchFromBits([[1, 0, 1, 1, 0]], 2); // 4 steps, 3 scored
 * bayesOptimalNgramPredictions(batch); // per-step P(1) of the Bayes-optimal predictor
 * ```
 */
export function dynamicNgramsBatchFromBits(
  sequences: readonly (readonly number[])[],
  contextBits: number,
  probabilityTables: Float64Array | null = null,
): DynamicNgramsBatch {
  requireInteger('dynamicNgramsBatchFromBits: contextBits', contextBits, 1, MAX_CONTEXT_BITS);
  if (sequences.length === 0) {
    throw new TaskConfigError('dynamicNgramsBatchFromBits: sequences must hold at least one sequence, got none');
  }
  sequences.forEach((bits, index) => {
    if (bits.length < contextBits + 1 || bits.some((bit) => bit !== 0 && bit !== 1)) {
      throw new TaskConfigError(
        `dynamicNgramsBatchFromBits: sequences[${index}] must hold at least ${contextBits + 1} bits (0 or 1), got [${bits.join(', ')}]`,
      );
    }
  });
  const tableLength = sequences.length * 2 ** contextBits;
  if (probabilityTables !== null && probabilityTables.length !== tableLength) {
    throw new TaskConfigError(
      `dynamicNgramsBatchFromBits: probabilityTables must have ${tableLength} entries ([batch, 2^${contextBits}]), got ${probabilityTables.length}`,
    );
  }
  const builder = new BatchBuilder(
    'dynamic-ngrams',
    sequences.map((bits) => bits.length - 1),
    1,
    1,
  );
  sequences.forEach((bits, episode) => {
    for (let step = 0; step < bits.length - 1; step++) {
      builder.setInput(step, episode, 0, bits[step] as number);
      builder.setTarget(step, episode, 0, bits[step + 1] as number);
      if (step >= contextBits - 1) builder.score(step, episode);
    }
  });
  return { ...builder.build(), taskName: 'dynamic-ngrams', contextBits, probabilityTables };
}
