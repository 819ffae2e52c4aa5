/**
 * Copy-task episodes for the demo, whose sequence a person can edit bit by bit, as the copy task of `@ntm/tasks` lays them out (see
 * `createCopyTask`): L vectors on channels 0…bits−1, the delimiter alone on channel `bits` at
 * step L, then L silent steps during which the model must output the vectors again.
 */
import { Random } from '@ntm/random';
import { BatchBuilder, createCopyTask, episodeOf, type Batch } from '@ntm/tasks';

/** A sequence of bit vectors: `[length][bits]`, every entry 0 or 1. */
export type BitSequence = readonly (readonly number[])[];

/**
 * A one-episode copy batch for a given sequence (the demo's own, or one the user edited).
 *
 * @example
 * ```ts
 * const batch = copyBatch([[1, 0, 1], [0, 1, 1]], 3); // 5 steps: 2 vectors, delimiter, 2 recall steps
 * ```
 */
export function copyBatch(sequence: BitSequence, bits: number): Batch {
  const length = sequence.length;
  if (length < 1) throw new RangeError(`copyBatch: the sequence must hold at least one vector, got ${length}`);
  const builder = new BatchBuilder('copy', [2 * length + 1], bits + 1, bits);
  sequence.forEach((vector, step) => {
    if (vector.length !== bits) throw new RangeError(`copyBatch: vector ${step} has ${vector.length} bits, expected ${bits}`);
    builder.setInputs(step, 0, [...vector]);
    builder.setTargets(length + 1 + step, 0, [...vector]);
    builder.score(length + 1 + step, 0);
  });
  builder.setInput(length, 0, bits, 1);
  return builder.build();
}

/**
 * A random sequence drawn by the copy task's own generator, so seed s gives the sequence a
 * model trained with that generator would see.
 *
 * @example randomSequence(1, 5, 8).length // 5 vectors of 8 bits
 */
export function randomSequence(seed: number, length: number, bits: number): number[][] {
  const task = createCopyTask({ bits, minLength: length, maxLength: length });
  const episode = episodeOf(task.sample(new Random(seed), 1), 0);
  return episode.inputs.slice(0, length).map((row) => row.slice(0, bits));
}

/**
 * Reads a sequence from text: vectors separated by commas, each a string of `bits` 0s and 1s.
 * Throws, naming the vector, on anything else.
 *
 * @example parseSequence('101,011', 3) // [[1, 0, 1], [0, 1, 1]]
 */
export function parseSequence(text: string, bits: number): number[][] {
  const vectors = text.split(',').map((vector) => vector.trim());
  return vectors.map((vector, index) => {
    if (!new RegExp(`^[01]{${bits}}$`).test(vector)) {
      throw new RangeError(`sequence vector ${index + 1} is ${JSON.stringify(vector)}; expected ${bits} characters, each 0 or 1`);
    }
    return [...vector].map((character) => (character === '1' ? 1 : 0));
  });
}

/**
 * The text form {@link parseSequence} reads.
 * @example formatSequence([[1, 0, 1], [0, 1, 1]]) // '101,011'
 */
export function formatSequence(sequence: BitSequence): string {
  return sequence.map((vector) => vector.join('')).join(',');
}
