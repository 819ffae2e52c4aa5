import { median } from '../measure/statistics.js';
import type { PooledSide } from './pool-runs.js';

/** The middle, smallest and largest of some numbers. */
export interface Spread {
  readonly median: number;
  readonly minimum: number;
  readonly maximum: number;
}

/** How one side's runs went: how many converged, and how many sequences and minutes those took. */
export interface SideSummary {
  readonly runs: number;
  readonly converged: number;
  /** Sequences seen when held-out bit errors first fell below the target, over the converged runs; null if none converged. */
  readonly sequencesToTarget: Spread | null;
  /** Training wall minutes to the target, over the converged runs; null if none converged. */
  readonly trainingMinutes: Spread | null;
}

/**
 * Summarizes one side over its converged runs. A converged run stopped at its first evaluation
 * below the target, so its sequences seen and training time are those to the target.
 *
 * @example summarizeSide(before) // { runs: 3, converged: 3, sequencesToTarget: { median: 60800, minimum: 52800, maximum: 72000 }, trainingMinutes: { … } }
 */
export function summarizeSide(side: PooledSide): SideSummary {
  const converged = side.runs.filter(({ run }) => run.converged).map(({ run }) => run);
  return {
    runs: side.runs.length,
    converged: converged.length,
    sequencesToTarget: spread(converged.map((run) => run.sequencesSeen)),
    trainingMinutes: spread(converged.map((run) => run.trainingSeconds / 60)),
  };
}

function spread(values: readonly number[]): Spread | null {
  if (values.length === 0) return null;
  return { median: median(values), minimum: Math.min(...values), maximum: Math.max(...values) };
}
