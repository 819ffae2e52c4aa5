import type { PooledSide } from './pool-runs.js';
import type { CompareSide } from './read-converge-files.js';

/** What a learning curve's x axis counts: sequences seen (thousands) or training wall time (minutes). */
export type CurveAxis = 'sequences' | 'minutes';

/** One run's held-out bit errors per sequence, at each evaluation. */
export interface LearningCurve {
  readonly side: CompareSide;
  readonly seed: number;
  /** `before, seed 1`: the legend's words. */
  readonly label: string;
  readonly converged: boolean;
  /** x in thousands of sequences or in minutes; y in bit errors per sequence (finite ones only: a NaN evaluation has no place on the plot). */
  readonly points: readonly { readonly x: number; readonly y: number }[];
}

/**
 * The learning curves of both sides' runs, before first, each side by seed.
 *
 * @example
 * ```ts
 * learningCurves([before, after], 'sequences');
 * // [{ side: 'before', seed: 1, label: 'before, seed 1', converged: true, points: [{ x: 1.6, y: 31.5 }, …] }, …]
 * ```
 */
export function learningCurves(sides: readonly PooledSide[], axis: CurveAxis): LearningCurve[] {
  return sides.flatMap(({ side, runs }) =>
    runs.map(({ run }) => ({
      side,
      seed: run.seed,
      label: `${side}, seed ${run.seed}`,
      converged: run.converged,
      points: run.evaluations
        .filter((evaluation) => typeof evaluation.bitErrors === 'number' && Number.isFinite(evaluation.bitErrors))
        .map((evaluation) => ({
          x: axis === 'sequences' ? evaluation.sequencesSeen / 1000 : evaluation.wallSeconds / 60,
          y: evaluation.bitErrors,
        })),
    })),
  );
}
