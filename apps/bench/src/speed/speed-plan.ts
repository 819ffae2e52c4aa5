import type { TfjsFlavor } from '@ntm/backend-tfjs';

/** How much the speed benchmark measures, and how hard it tries. Plain JSON: it is handed to each worker process. */
export interface SpeedPlan {
  /** `default` for `pnpm bench`, `quick` for the CI smoke run. */
  readonly mode: 'default' | 'quick';
  readonly backends: readonly TfjsFlavor[];
  readonly batchSizes: readonly number[];
  /** Copy-task vectors per episode: every episode has exactly this many (2L + 1 steps). */
  readonly sequenceLength: number;
  /** Seeds the weights and batches of both implementations. */
  readonly seed: number;
  /** Untimed training steps before the profiled step (tfjs allocates and Adam makes its slots on the first). */
  readonly warmupSteps: number;
  /** Timed repetitions; the report gives their median. */
  readonly repetitions: number;
  /** A repetition runs enough steps to last at least this long (short ones are mostly timer noise)… */
  readonly minimumRepetitionSeconds: number;
  /** …but never more than this many steps. */
  readonly maximumStepsPerRepetition: number;
  /** Timed forward passes (one batch each); the report gives their median. */
  readonly forwardRepetitions: number;
  /**
   * An implementation at a batch size predicted (from its time at the previous batch size,
   * scaled by the batch) to take longer than this is skipped, and the report says so; a
   * measured one that runs long gets fewer repetitions. Keeps `pnpm bench` to minutes on a
   * 2-core machine where the naive baseline on tfjs-cpu at batch 128 takes tens of seconds a step.
   */
  readonly capSeconds: number;
  /**
   * The library with data-parallel gradient workers (`TrainingConfig.workers`), a third
   * implementation measured beside the other two, on these backends only (null: not measured).
   * `warmupSteps` replaces the plan's for it: its worker threads start cold for every batch size
   * (their JavaScript not yet compiled), while the trainer's thread has run every step before.
   */
  readonly parallel: { readonly workers: number; readonly backends: readonly TfjsFlavor[]; readonly warmupSteps: number } | null;
}

/**
 * `pnpm bench`: both backends, batches 1, 8, 32, 128, median of 3; on tfjs-wasm also the
 * library with 2 gradient workers.
 * @example const plan = { ...DEFAULT_SPEED_PLAN, backends: ['wasm'] };
 */
export const DEFAULT_SPEED_PLAN: SpeedPlan = Object.freeze({
  mode: 'default',
  backends: Object.freeze(['wasm', 'cpu'] as TfjsFlavor[]),
  batchSizes: Object.freeze([1, 8, 32, 128]),
  sequenceLength: 20,
  seed: 1,
  warmupSteps: 1,
  repetitions: 3,
  minimumRepetitionSeconds: 1,
  maximumStepsPerRepetition: 10,
  forwardRepetitions: 3,
  capSeconds: 75,
  // Two threads: the machine the project is measured on has two cores; the default backend only.
  parallel: Object.freeze({ workers: 2, backends: Object.freeze(['wasm'] as TfjsFlavor[]), warmupSteps: 6 }),
});

/**
 * `pnpm bench --quick`: a smoke run that checks the harness, not the speed — batches 1 and 8,
 * two training steps each (one profiled, one timed), one forward pass.
 * @example const plan = QUICK_SPEED_PLAN;
 */
export const QUICK_SPEED_PLAN: SpeedPlan = Object.freeze({
  mode: 'quick',
  backends: Object.freeze(['wasm', 'cpu'] as TfjsFlavor[]),
  batchSizes: Object.freeze([1, 8]),
  sequenceLength: 20,
  seed: 1,
  warmupSteps: 0,
  repetitions: 1,
  minimumRepetitionSeconds: 0,
  maximumStepsPerRepetition: 1,
  forwardRepetitions: 1,
  capSeconds: 600,
  parallel: Object.freeze({ workers: 2, backends: Object.freeze(['wasm'] as TfjsFlavor[]), warmupSteps: 0 }),
});
