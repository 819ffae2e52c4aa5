import type { TaskName } from '@ntm/tasks';
import type { EvaluationResult } from './evaluation.js';

/**
 * When a run has learned its task, judged on the validation set. Each criterion that is not
 * null must hold; with all three null a run never converges (it stops on steps or time).
 *
 * @example
 * ```ts
 * const copy: StopCriteria = { stopAtBitErrors: 0.1, stopAtCost: null, stopAtCostOverOptimal: null };
 * const ngrams: StopCriteria = { stopAtBitErrors: null, stopAtCost: null, stopAtCostOverOptimal: 0.01 };
 * ```
 */
export interface StopCriteria {
  /** Bit errors per sequence below this (Collier & Beel's "converged": 0.1). */
  readonly stopAtBitErrors: number | null;
  /** Cost (binary cross-entropy, bits per sequence) below this. */
  readonly stopAtCost: number | null;
  /**
   * Cost below (1 + this) × the Bayes-optimal predictor's cost on the same sequences: 0.01 is
   * "within 1 % of the optimum". Only dynamic N-grams has such a predictor.
   */
  readonly stopAtCostOverOptimal: number | null;
}

/**
 * The tasks whose evaluations carry a Bayes-optimal cost (`EvaluationResult.optimalCost`).
 *
 * @example
 * ```ts
 * TASKS_WITH_OPTIMAL_COST; // ['dynamic-ngrams']
 * resolveTrainingConfig({ task: 'copy', stopAtCostOverOptimal: 0.01 });
 * // RangeError: stopAtCostOverOptimal needs a task with a Bayes-optimal predictor (dynamic-ngrams), got task "copy" (use stopAtCost)
 * ```
 */
export const TASKS_WITH_OPTIMAL_COST: readonly TaskName[] = ['dynamic-ngrams'];

/**
 * True when an evaluation meets every criterion that is set; false when one fails or none is set.
 *
 * @example
 * ```ts
 * meetsStopCriteria({ stopAtBitErrors: 0.1, stopAtCost: null, stopAtCostOverOptimal: null }, { bitErrors: 0.05, cost: 3, sequences: 512, optimalCost: null }); // true
 * ```
 */
export function meetsStopCriteria(criteria: StopCriteria, result: EvaluationResult): boolean {
  const { stopAtBitErrors, stopAtCost, stopAtCostOverOptimal } = criteria;
  if (stopAtBitErrors === null && stopAtCost === null && stopAtCostOverOptimal === null) return false;
  if (stopAtBitErrors !== null && !(result.bitErrors < stopAtBitErrors)) return false;
  if (stopAtCost !== null && !(result.cost < stopAtCost)) return false;
  if (stopAtCostOverOptimal !== null && !(result.optimalCost !== null && result.cost < result.optimalCost * (1 + stopAtCostOverOptimal))) return false;
  return true;
}

/**
 * Which number says how well a model does a task, for keeping the best checkpoint: bit errors
 * where the outputs are bits to get right (copy, repeat copy, recall), the cost where they are
 * probabilities (N-grams) or where the paper reports cost (priority sort).
 *
 * @example TASK_PRIMARY_METRIC['dynamic-ngrams'] // 'cost'
 */
export const TASK_PRIMARY_METRIC: Readonly<Record<TaskName, 'bitErrors' | 'cost'>> = {
  copy: 'bitErrors',
  'repeat-copy': 'bitErrors',
  'associative-recall': 'bitErrors',
  'dynamic-ngrams': 'cost',
  'priority-sort': 'cost',
};

/**
 * True when `candidate` beats `best` on the task's primary metric, the cost breaking ties (so
 * that among models with no bit errors the surest one is kept). Non-finite results never win.
 *
 * @example isBetterEvaluation('copy', { bitErrors: 0, cost: 0.3, … }, { bitErrors: 0, cost: 0.5, … }) // true
 */
export function isBetterEvaluation(task: TaskName, candidate: EvaluationResult, best: EvaluationResult | null): boolean {
  if (!Number.isFinite(candidate.cost) || !Number.isFinite(candidate.bitErrors)) return false;
  if (best === null) return true;
  const primary = TASK_PRIMARY_METRIC[task];
  if (candidate[primary] !== best[primary]) return candidate[primary] < best[primary];
  return candidate.cost < best.cost;
}
