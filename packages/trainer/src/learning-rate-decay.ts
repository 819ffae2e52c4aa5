import { checkKnownFields, checkObject, describeValue } from '@ntm/backend';

/**
 * A cosine decay of the learning rate over the sequences a run has seen: the full rate until
 * the decay starts, then down along half a cosine to `floor` × the rate, and that from then on.
 * It starts either at a fixed count of sequences ({@link FixedLearningRateDecay}) or at the
 * run's own progress ({@link ProgressLearningRateDecay}): the first validation result that meets
 * the task's criterion at a looser threshold.
 *
 * Why: a high rate finds the solution sooner, and a low one settles into it more precisely. On
 * dynamic N-grams a run at Adam 5e-3 was 1.83 % above the Bayes optimum after 10 minutes;
 * continued at a third of the rate it fell to 1.25 % within 3 minutes, where at the constant rate
 * it falls ≈ 0.1 percentage point per 10K sequences. A fixed window slows down the seeds that
 * have not yet found the solution when it begins (one of five N-grams seeds); a start from the
 * run's progress waits for each seed. Counting sequences, not seconds, keeps a seeded run the
 * same on every machine.
 *
 * @example
 * ```ts
 * const fixed: LearningRateDecay = { startSequences: 30_000, endSequences: 45_000, floor: 0.1 };
 * const fromProgress: LearningRateDecay = { startAtCriterion: 0.03, sequences: 10_000, floor: 0.1 };
 * ```
 */
export type LearningRateDecay = FixedLearningRateDecay | ProgressLearningRateDecay;

/**
 * A decay over a fixed window of sequences seen.
 * @example const decay: FixedLearningRateDecay = { startSequences: 30_000, endSequences: 45_000, floor: 0.1 };
 */
export interface FixedLearningRateDecay {
  /** Sequences seen before the decay begins. */
  readonly startSequences: number;
  /** Sequences seen when it reaches the floor (> `startSequences`). */
  readonly endSequences: number;
  /** The factor on the learning rate at the end and after, in (0, 1]. */
  readonly floor: number;
}

/**
 * A decay that begins at the first validation result meeting the task's criterion with its
 * threshold at `startAtCriterion` (bit errors per sequence for copy, repeat copy and recall; the
 * fraction over the Bayes optimum for N-grams, 0.03 for "within 3 %"; the cost for priority
 * sort), and reaches `floor` `sequences` sequences later.
 *
 * @example const decay: ProgressLearningRateDecay = { startAtCriterion: 0.03, sequences: 10_000, floor: 0.1 };
 */
export interface ProgressLearningRateDecay {
  /** The task's criterion at this threshold starts the decay. */
  readonly startAtCriterion: number;
  /** How many sequences the decay takes, from its start to the floor. */
  readonly sequences: number;
  /** The factor on the learning rate at the end and after, in (0, 1]. */
  readonly floor: number;
}

/**
 * Checks a decay config (`null` for none), naming the field and what is allowed.
 *
 * @example resolveLearningRateDecay({ startSequences: 30000, endSequences: 45000, floor: 0.1 }) // the same, checked
 */
export function resolveLearningRateDecay(value: unknown): LearningRateDecay | null {
  if (value === undefined || value === null) return null;
  const fields = checkObject('learningRateDecay', value);
  const fromProgress = fields['startAtCriterion'] !== undefined;
  checkKnownFields('learningRateDecay', fields, fromProgress ? ['startAtCriterion', 'sequences', 'floor'] : ['startSequences', 'endSequences', 'floor']);
  const count = (name: 'startSequences' | 'endSequences' | 'sequences', minimum: number): number => {
    const given = fields[name];
    if (typeof given !== 'number' || !Number.isSafeInteger(given) || given < minimum) {
      throw new RangeError(`learningRateDecay.${name} must be an integer >= ${minimum} (sequences), got ${describeValue(given)}`);
    }
    return given;
  };
  const floor = fields['floor'];
  if (typeof floor !== 'number' || !Number.isFinite(floor) || floor <= 0 || floor > 1) {
    throw new RangeError(`learningRateDecay.floor must be a number in (0, 1], got ${describeValue(floor)}`);
  }
  if (fromProgress) {
    const threshold = fields['startAtCriterion'];
    if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold <= 0) {
      throw new RangeError(`learningRateDecay.startAtCriterion must be a number > 0 (the task's criterion's threshold), got ${describeValue(threshold)}`);
    }
    return { startAtCriterion: threshold, sequences: count('sequences', 1), floor };
  }
  const startSequences = count('startSequences', 0);
  const endSequences = count('endSequences', 0);
  if (endSequences <= startSequences) {
    throw new RangeError(`learningRateDecay.endSequences must be greater than startSequences (${startSequences}), got ${endSequences}`);
  }
  return { startSequences, endSequences, floor };
}

/**
 * The factor on the learning rate after `sequencesSeen` sequences: 1 before the decay, `floor`
 * after it, and ½(1 + cos π·x) between, scaled to [floor, 1] (x the fraction of the decay done).
 * A decay from progress starts at `startedAt` (the sequences seen when its criterion was first
 * met; `null`: not yet).
 *
 * @example learningRateDecayFactor({ startSequences: 0, endSequences: 100, floor: 0.1 }, 50) // 0.55
 * @example learningRateDecayFactor({ startAtCriterion: 0.03, sequences: 100, floor: 0.1 }, 250, 200) // 0.55
 */
export function learningRateDecayFactor(decay: LearningRateDecay | null, sequencesSeen: number, startedAt: number | null = null): number {
  if (decay === null) return 1;
  const [start, end] =
    'startAtCriterion' in decay ? (startedAt === null ? [null, null] : [startedAt, startedAt + decay.sequences]) : [decay.startSequences, decay.endSequences];
  if (start === null || end === null || sequencesSeen <= start) return 1;
  if (sequencesSeen >= end) return decay.floor;
  const done = (sequencesSeen - start) / (end - start);
  return decay.floor + ((1 - decay.floor) * (1 + Math.cos(Math.PI * done))) / 2;
}
