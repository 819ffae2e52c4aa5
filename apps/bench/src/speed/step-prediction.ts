import type { SpeedPlan } from './speed-plan.js';

/** A measured training step time at a batch size. */
export interface StepTime {
  readonly batchSize: number;
  readonly seconds: number;
}

/**
 * Predicts the step time at `batchSize` from the measured ones: a straight line `a + b·B`
 * through the two largest batches measured (a step is a fixed cost in kernel calls plus a
 * cost per sequence), or, with one point, that point's time (a step never gets cheaper with a
 * bigger batch). 0 with no points: nothing to go on, so it is measured.
 *
 * @example predictStepSeconds([{ batchSize: 1, seconds: 0.3 }, { batchSize: 8, seconds: 0.44 }], 32) // 0.92
 */
export function predictStepSeconds(measured: readonly StepTime[], batchSize: number): number {
  const sorted = [...measured].sort((first, second) => first.batchSize - second.batchSize);
  const last = sorted.at(-1);
  const beforeLast = sorted.at(-2);
  if (last === undefined) return 0;
  if (beforeLast === undefined || beforeLast.batchSize === last.batchSize) return Math.max(last.seconds, 0);
  const perSequence = Math.max(0, (last.seconds - beforeLast.seconds) / (last.batchSize - beforeLast.batchSize));
  return Math.max(last.seconds, last.seconds + perSequence * (batchSize - last.batchSize));
}

/**
 * The least a measurement costs, in training steps: warm-up, the profiled step, one timed
 * step, and the forward passes (≈ 0.4 of a step each).
 * @example minimumStepsOf(DEFAULT_SPEED_PLAN) // 1 + 2 + 3 · 0.4 = 4.2
 */
export function minimumStepsOf(plan: SpeedPlan): number {
  return plan.warmupSteps + 2 + 0.4 * plan.forwardRepetitions;
}
