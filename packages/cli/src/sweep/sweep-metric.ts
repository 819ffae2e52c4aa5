import type { TaskName } from '@ntm/tasks';
import { TASK_PRIMARY_METRIC, taskStopCriteria } from '@ntm/trainer';
import type { SweepSpec } from './sweep-spec.js';

/**
 * The figure a sweep's curves and test columns follow:
 * - `bitErrors`: wrong bits per sequence (copy, repeat copy, recall: outputs are bits to get right);
 * - `cost`: bits of cost per sequence (priority sort, as the paper reports it);
 * - `costOverOptimal`: the cost's excess over the Bayes-optimal predictor's on the same
 *   sequences, in percent (dynamic N-grams, whose criterion is relative to that optimum).
 */
export type SweepMetric = 'bitErrors' | 'cost' | 'costOverOptimal';

/** What each metric is, in words, for axes, headers and captions. */
export const SWEEP_METRIC_LABELS: Readonly<Record<SweepMetric, string>> = {
  bitErrors: 'bit errors per sequence',
  cost: 'cost per sequence (bits)',
  costOverOptimal: 'cost above the Bayes optimum (%)',
};

/** The held-out figures one evaluation (or one test set) gives, as the metric reads them. */
export interface ScoredFigures {
  readonly cost: number | null;
  readonly bitErrors: number | null;
  /** The Bayes-optimal cost of the same sequences (dynamic N-grams only). */
  readonly optimalCost?: number | null;
}

/**
 * The metric a sweep is drawn in and its criterion line: the grid's tasks' primary metric when
 * they share one (bit errors for copy, repeat copy and recall; the excess over the optimum for
 * N-grams; the cost for priority sort), else bit errors, which every task has. The line is the
 * stop threshold when every task is judged on that metric at the same value.
 *
 * @example sweepMetric(ngramsSpec) // { metric: 'costOverOptimal', criterion: 1 }
 */
export function sweepMetric(spec: SweepSpec): { readonly metric: SweepMetric; readonly criterion: number | null } {
  const metrics = new Set(spec.grid.task.map(taskMetric));
  const metric: SweepMetric = metrics.size === 1 ? ([...metrics][0] as SweepMetric) : 'bitErrors';
  const { stopAt } = spec.budget;
  if (stopAt === null) return { metric, criterion: null };
  const criteria = spec.grid.task.map((task) => taskStopCriteria(task, stopAt === 'task' ? undefined : stopAt));
  return { metric, criterion: sharedThreshold(criteria, metric) };
}

/** Stop thresholds as a run's config or a task's defaults hold them (absent or null: none on that figure). */
export interface StopThresholds {
  readonly stopAtBitErrors?: number | null;
  readonly stopAtCost?: number | null;
  /** A fraction of the optimum (0.01 for 1 %), where the metric is in percent. */
  readonly stopAtCostOverOptimal?: number | null;
}

/**
 * The threshold several runs stop at on `metric`, in the metric's units, when they all share
 * one; null when any has none there (or none is known: a null entry) or they differ.
 *
 * @example sharedThreshold([{ stopAtCost: 20 }, { stopAtCost: 20 }], 'cost') // 20
 */
export function sharedThreshold(criteria: readonly (StopThresholds | null)[], metric: SweepMetric): number | null {
  const thresholds = criteria.map((stop) => {
    if (stop === null) return null;
    if (metric === 'bitErrors') return stop.stopAtBitErrors ?? null;
    if (metric === 'cost') return stop.stopAtCost ?? null;
    const relative = stop.stopAtCostOverOptimal ?? null;
    return relative === null ? null : relative * 100;
  });
  const first = thresholds[0] ?? null;
  return first !== null && thresholds.every((value) => value === first) ? first : null;
}

/**
 * One evaluation's value of the metric; null where it has none (no optimum recorded, say).
 * @example metricValue({ cost: 135, bitErrors: 40, optimalCost: 133 }, 'costOverOptimal') // 1.50…
 */
export function metricValue(figures: ScoredFigures, metric: SweepMetric): number | null {
  if (metric === 'bitErrors') return figures.bitErrors;
  if (metric === 'cost') return figures.cost;
  const { cost, optimalCost } = figures;
  return cost === null || optimalCost === null || optimalCost === undefined || optimalCost <= 0 ? null : (cost / optimalCost - 1) * 100;
}

/**
 * The figure a task is judged on: the excess over the Bayes optimum for N-grams, the cost for
 * priority sort, bit errors for the others.
 *
 * @example taskMetric('priority-sort') // 'cost'
 */
export function taskMetric(task: TaskName): SweepMetric {
  if (task === 'dynamic-ngrams') return 'costOverOptimal';
  return TASK_PRIMARY_METRIC[task];
}
