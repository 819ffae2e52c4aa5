import { availableParallelism } from 'node:os';
import type { TfjsFlavor } from '@ntm/backend-tfjs';
import { TASK_TRAINING_DEFAULTS } from '@ntm/trainer';

/** What `pnpm bench --mode converge` runs: a sweep over seeds (`ntm sweep`), written out as its spec. */
export interface ConvergePlan {
  /** One training run per seed. */
  readonly seeds: readonly number[];
  /** Runs at once, each a process of its own (the sweep's default: one per core). */
  readonly parallel: number;
  /** Wall-time limit of each run. */
  readonly budgetSeconds: number;
  readonly backend: TfjsFlavor;
  readonly batchSize: number;
  /** Held-out evaluation every this many steps (128 sequences; a run stops at the first below the target). */
  readonly evaluationEvery: number;
  /** "Converged" (Collier & Beel): held-out bit errors per sequence below this. */
  readonly targetBitErrors: number;
  readonly curriculum: 'none' | 'length';
}

/**
 * The defaults: one seed, one run per core, 20 minutes, tfjs-wasm, and the copy task's shipped
 * settings (batch 8, its validation every 100 steps, target 0.1 bit errors per sequence), so that
 * a run is what `ntm train copy` does.
 * @example const plan = { ...DEFAULT_CONVERGE_PLAN, seeds: [1, 2, 3] };
 */
export const DEFAULT_CONVERGE_PLAN: ConvergePlan = Object.freeze({
  seeds: Object.freeze([1]),
  parallel: availableParallelism(),
  budgetSeconds: 20 * 60,
  backend: 'wasm',
  batchSize: TASK_TRAINING_DEFAULTS.copy.batchSize,
  evaluationEvery: TASK_TRAINING_DEFAULTS.copy.evaluation.every,
  targetBitErrors: TASK_TRAINING_DEFAULTS.copy.criteria.stopAtBitErrors as number,
  curriculum: 'none',
});
