import type { TfjsBackendInfo } from '@ntm/backend-tfjs';
import type { StopReason } from '@ntm/trainer';
import type { MachineInfo } from '../report/machine-info.js';
import type { ConvergePlan } from './converge-plan.js';

/** One held-out evaluation during a run. */
export interface ConvergeEvaluation {
  readonly step: number;
  readonly sequencesSeen: number;
  /** The trainer's training wall time at the evaluation. */
  readonly wallSeconds: number;
  readonly bitErrors: number;
  readonly cost: number;
}

/** One seed's run. */
export interface ConvergeRun {
  readonly seed: number;
  readonly converged: boolean;
  readonly stopReason: StopReason;
  readonly steps: number;
  readonly sequencesSeen: number;
  /** Wall time of `Trainer.run`: training steps and evaluations. */
  readonly trainingSeconds: number;
  /**
   * The whole process: start-up, backend, model, training. Null for runs measured by a sweep,
   * which keeps the trainer's clock only (a resumed run has several processes).
   */
  readonly processSeconds: number | null;
  readonly nanEvents: number;
  /** The last evaluation's held-out bit errors and cost per sequence. */
  readonly finalBitErrors: number | null;
  readonly finalCost: number | null;
  readonly evaluations: readonly ConvergeEvaluation[];
}

/** The file `results/converge.json`. */
export interface ConvergeResults {
  readonly format: 'ntm-bench-converge';
  readonly formatVersion: 1;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly machine: MachineInfo;
  readonly backendInfo: TfjsBackendInfo | null;
  readonly workload: { readonly task: 'copy'; readonly lengths: string; readonly model: string; readonly optimizer: string };
  readonly plan: ConvergePlan;
  readonly runs: readonly ConvergeRun[];
  /** Over the converged runs (null if none converged). */
  readonly medianTrainingMinutes: number | null;
  readonly notes: readonly string[];
}
