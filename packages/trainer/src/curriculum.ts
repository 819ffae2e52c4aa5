import { checkKnownFields, checkObject, checkOneOf, checkPositiveInteger, checkPositiveNumber, describeValue } from '@ntm/backend';
import type { TaskName } from '@ntm/tasks';

/**
 * How training episodes get harder over time (Collier & Beel 2018 compared several schemes).
 * - `none`: every batch is drawn from the task's full ranges.
 * - `length`: the task's length range (copy and repeat copy: `maxLength`; associative
 *   recall: `maxItems`; priority sort: `inputCount`, the vectors to sort) starts at `start`
 *   and grows by `increment` each time the mean training bit errors per sequence over the
 *   last `window` steps fall below `threshold`, until it reaches the task's configured maximum. Short episodes first teach the write-then-read
 *   pattern cheaply; alone, it is the "naive" curriculum of Zaremba & Sutskever (2014).
 *   With `fullRangeShare` p > 0, each batch is drawn from the task's full range with probability
 *   p while the level is below the maximum: their "combined" curriculum. Those batches keep a
 *   solution that only holds for short episodes from paying off; they do not count toward the
 *   level's errors.
 *
 * @example
 * ```ts
 * const curriculum: CurriculumConfig = { kind: 'length', start: 2, increment: 2, threshold: 0.5, window: 20, fullRangeShare: 0.2 };
 * ```
 */
export type CurriculumConfig =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'length';
      readonly start?: number;
      readonly increment?: number;
      readonly threshold?: number;
      readonly window?: number;
      readonly fullRangeShare?: number;
    };

/** A resolved {@link CurriculumConfig}. */
export type ResolvedCurriculumConfig =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'length';
      readonly start: number;
      readonly increment: number;
      readonly threshold: number;
      readonly window: number;
      readonly fullRangeShare: number;
    };

/**
 * The config field a length curriculum grows, per task.
 *
 * @example
 * ```ts
 * CURRICULUM_FIELDS['associative-recall']; // 'maxItems'
 * CURRICULUM_FIELDS['priority-sort'];      // 'inputCount': fewer vectors to sort first
 * CURRICULUM_FIELDS['dynamic-ngrams'];     // undefined: a length curriculum is refused for it
 * ```
 */
export const CURRICULUM_FIELDS: Partial<Record<TaskName, string>> = {
  copy: 'maxLength',
  'repeat-copy': 'maxLength',
  'associative-recall': 'maxItems',
  'priority-sort': 'inputCount',
};

/**
 * The task config overrides of a curriculum level: the grown field at the level, and the
 * fields that must follow it so that the config stays valid.
 * - copy, repeat copy: `minLength` at most the level.
 * - associative recall: `minItems` at most the level.
 * - priority sort: `outputCount` in the full task's proportion to `inputCount` (16 of 20, so
 *   level 5 asks for the 4 highest of 5), at least 1.
 *
 * @example
 * ```ts
 * curriculumLevelOverrides('priority-sort', 5, { inputCount: 20, outputCount: 16 }); // { inputCount: 5, outputCount: 4 }
 * curriculumLevelOverrides('copy', 3, { minLength: 5, maxLength: 20 });              // { maxLength: 3, minLength: 3 }
 * ```
 */
export function curriculumLevelOverrides(task: TaskName, level: number, fullConfig: Readonly<Record<string, unknown>>): Record<string, number> {
  const field = CURRICULUM_FIELDS[task];
  if (field === undefined) throw new RangeError(`task ${describeValue(task)} has no curriculum field`);
  const overrides: Record<string, number> = { [field]: level };
  if (task === 'priority-sort') {
    const { inputCount, outputCount } = fullConfig as { inputCount: number; outputCount: number };
    overrides['outputCount'] = Math.max(1, Math.round((level * outputCount) / inputCount));
    return overrides;
  }
  const lower = field === 'maxItems' ? 'minItems' : 'minLength';
  const minimum = fullConfig[lower];
  if (typeof minimum === 'number' && minimum > level) overrides[lower] = level;
  return overrides;
}

/**
 * Checks a curriculum config and fills in defaults.
 * @example resolveCurriculumConfig({ kind: 'length' }) // { kind: 'length', start: 2, increment: 1, threshold: 1, window: 20, fullRangeShare: 0 }
 */
export function resolveCurriculumConfig(config: unknown, task: TaskName): ResolvedCurriculumConfig {
  if (config === undefined) return { kind: 'none' };
  const fields = checkObject('curriculum', config);
  const kind = checkOneOf('curriculum.kind', fields['kind'], ['none', 'length'] as const);
  // A misspelt field (fullRangeshare, say) would otherwise train silently without it.
  checkKnownFields('curriculum', fields, kind === 'none' ? ['kind'] : ['kind', 'start', 'increment', 'threshold', 'window', 'fullRangeShare']);
  if (kind === 'none') return { kind };
  if (!CURRICULUM_FIELDS[task]) {
    throw new RangeError(
      `curriculum.kind "length" needs a task with a length to grow (${Object.keys(CURRICULUM_FIELDS).join(', ')}), got task ${describeValue(task)}`,
    );
  }
  return {
    kind,
    start: fields['start'] === undefined ? 2 : checkPositiveInteger('curriculum.start', fields['start']),
    increment: fields['increment'] === undefined ? 1 : checkPositiveInteger('curriculum.increment', fields['increment']),
    threshold: checkPositiveNumber('curriculum.threshold', fields['threshold'], 1),
    window: fields['window'] === undefined ? 20 : checkPositiveInteger('curriculum.window', fields['window']),
    fullRangeShare: fields['fullRangeShare'] === undefined ? 0 : checkShare('curriculum.fullRangeShare', fields['fullRangeShare']),
  };
}

/** A probability below 1 (at 1 no batch would come from the curriculum's level). */
function checkShare(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value >= 1) {
    throw new RangeError(`${field} must be a number in [0, 1) (the share of batches drawn from the full range), got ${describeValue(value)}`);
  }
  return value;
}

/** The curriculum's moving part: the current level and the recent errors. Saved in checkpoints. */
export interface CurriculumState {
  readonly level: number;
  readonly recentBitErrors: readonly number[];
}

/**
 * Tracks a length curriculum: which maximum length the next batch uses and when to grow it.
 *
 * @example
 * ```ts
 * const curriculum = new LengthCurriculum(config, 20);
 * curriculum.level;                 // 2 at the start
 * curriculum.record(0.3);           // after each training step: its bit errors per sequence
 * ```
 */
export class LengthCurriculum {
  private recent: number[] = [];
  level: number;

  constructor(
    private readonly config: Extract<ResolvedCurriculumConfig, { kind: 'length' }>,
    private readonly maximum: number,
  ) {
    this.level = Math.min(config.start, maximum);
  }

  /** Whether the level has reached the task's maximum: batches come from the full range. */
  get atMaximum(): boolean {
    return this.level >= this.maximum;
  }

  /** Records one step's training bit errors per sequence; returns true if the level grew. */
  record(bitErrorsPerSequence: number): boolean {
    this.recent.push(bitErrorsPerSequence);
    if (this.recent.length > this.config.window) this.recent.shift();
    if (this.level >= this.maximum || this.recent.length < this.config.window) return false;
    const mean = this.recent.reduce((sum, value) => sum + value, 0) / this.recent.length;
    if (mean >= this.config.threshold) return false;
    this.level = Math.min(this.maximum, this.level + this.config.increment);
    this.recent = [];
    return true;
  }

  getState(): CurriculumState {
    return { level: this.level, recentBitErrors: [...this.recent] };
  }

  setState(state: CurriculumState): void {
    if (!Number.isInteger(state?.level) || state.level < 1 || !Array.isArray(state.recentBitErrors)) {
      throw new TypeError(`curriculum state must have an integer level >= 1 and a recentBitErrors array, got ${describeValue(state)}`);
    }
    this.level = state.level;
    this.recent = [...state.recentBitErrors];
  }
}
