import type { TfjsBackendInfo, TfjsFlavor } from '@ntm/backend-tfjs';
import type { KernelProfile } from '../measure/kernel-profile.js';
import type { MemoryChange } from '../measure/memory-snapshot.js';
import type { MachineInfo } from '../report/machine-info.js';
import type { SpeedPlan } from './speed-plan.js';
import type { Implementation } from './subjects.js';

/** Training speed of one implementation at one batch size. */
export interface TrainingMeasurement {
  /** Median over the repetitions. */
  readonly sequencesPerSecond: number;
  /** Median milliseconds per training step (one batch). */
  readonly msPerStep: number;
  /** Sequences per second of each repetition, in the order they ran. */
  readonly repetitions: readonly number[];
  readonly stepsPerRepetition: number;
}

/** Forward-only latency of one implementation at one batch size. */
export interface ForwardMeasurement {
  /** Median milliseconds of a forward pass over the batch, divided by the batch size. */
  readonly msPerSequence: number;
  /** Median milliseconds of a forward pass over the batch. */
  readonly msPerBatch: number;
  /** Milliseconds of each forward pass, in the order they ran. */
  readonly repetitions: readonly number[];
}

/** Everything measured for one implementation at one batch size on one backend. */
export interface SubjectMeasurement {
  readonly implementation: Implementation;
  readonly status: 'measured' | 'skipped';
  /** Why it was skipped (null when measured). */
  readonly skippedReason: string | null;
  readonly parameterCount: number | null;
  readonly training: TrainingMeasurement | null;
  readonly forward: ForwardMeasurement | null;
  /** Kernel calls of one training step (a step after the warm-up, profiled on its own). */
  readonly kernels: KernelProfile | null;
  /** Tensors and bytes alive before and after the timed training steps. */
  readonly memory: MemoryChange | null;
  /** Wall seconds this measurement took, warm-up and profiling included. */
  readonly seconds: number;
}

/** Library ÷ baseline for each figure (null where either side is missing). */
export interface SpeedRatios {
  /** > 1: the library trains faster. */
  readonly trainingSequencesPerSecond: number | null;
  /** < 1: the library's forward pass is faster. */
  readonly forwardMsPerSequence: number | null;
  /** < 1: the library runs fewer kernels per training step. */
  readonly kernelCallsPerStep: number | null;
}

/** Training speed of the library with gradient workers, relative to the other two. */
export interface WorkersRatios {
  /** Library with workers ÷ baseline, sequences per second (> 1: faster). */
  readonly trainingOverBaseline: number | null;
  /** Library with workers ÷ library on one thread, sequences per second (> 1: the workers pay). */
  readonly trainingOverLibrary: number | null;
}

/** One backend × batch size: the implementations and their ratios. */
export interface SpeedRow {
  readonly backend: TfjsFlavor;
  readonly batchSize: number;
  readonly library: SubjectMeasurement;
  readonly baseline: SubjectMeasurement;
  readonly ratios: SpeedRatios;
  /** The library with `plan.parallel.workers` gradient workers; null (or absent, in results from before it existed) where the plan does not run it. */
  readonly libraryWorkers?: SubjectMeasurement | null;
  readonly workersRatios?: WorkersRatios | null;
}

/** What one worker process (one backend) reports back. */
export interface SpeedWorkerResult {
  readonly backend: TfjsFlavor;
  readonly backendInfo: TfjsBackendInfo;
  readonly rows: readonly SpeedRow[];
}

/** The file `results/latest.json`. */
export interface SpeedResults {
  readonly format: 'ntm-bench-speed';
  readonly formatVersion: 1;
  readonly mode: SpeedPlan['mode'];
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly wallSeconds: number;
  readonly machine: MachineInfo;
  /** What was measured. */
  readonly workload: {
    readonly task: 'copy';
    readonly sequenceLength: number;
    /** Time steps per episode: 2L + 1. */
    readonly timeSteps: number;
    readonly model: string;
    readonly optimizer: string;
  };
  readonly plan: SpeedPlan;
  /** tfjs as each worker found it, by backend. */
  readonly backends: Readonly<Partial<Record<TfjsFlavor, TfjsBackendInfo>>>;
  readonly rows: readonly SpeedRow[];
  /** The speed target and where the library stands against it (null if its row was not measured). */
  readonly target: SpeedTarget | null;
  /** Skips, failures and caveats, in words. */
  readonly notes: readonly string[];
}

/** The speed target: training sequences per second at one batch size on the default backend. */
export interface SpeedTarget {
  readonly backend: TfjsFlavor;
  readonly batchSize: number;
  readonly sequencesPerSecond: number;
  /** The library's measured sequences per second there. */
  readonly measured: number;
  /** Library ÷ baseline there. */
  readonly ratio: number | null;
  /** Whether the library on one thread reaches the target. */
  readonly met: boolean;
  /**
   * The library with data-parallel workers there (`workers` threads: the machine's cores), its
   * ratio to the baseline, and whether it reaches the target; null where that row was not run.
   */
  readonly withWorkers: { readonly workers: number; readonly measured: number; readonly ratio: number | null; readonly met: boolean } | null;
}

/**
 * The target of the project's issue — copy-task training at batch 32 on tfjs-wasm at 400
 * sequences/s or more (≈ 10× the naive baseline) — checked against the rows.
 * `workers`: how many threads the rows' "library, N workers" subject used (null: not run).
 * @example speedTarget(rows, 2)?.withWorkers?.met
 */
export function speedTarget(rows: readonly SpeedRow[], workers: number | null = null): SpeedTarget | null {
  const sequencesPerSecond = 400;
  const row = rows.find((candidate) => candidate.backend === 'wasm' && candidate.batchSize === 32);
  const measured = row?.library.training?.sequencesPerSecond;
  if (!row || measured === undefined) return null;
  const parallel = row.libraryWorkers?.training?.sequencesPerSecond;
  const withWorkers =
    parallel === undefined || workers === null
      ? null
      : { workers, measured: parallel, ratio: row.workersRatios?.trainingOverBaseline ?? null, met: parallel >= sequencesPerSecond };
  return {
    backend: 'wasm',
    batchSize: 32,
    sequencesPerSecond,
    measured,
    ratio: row.ratios.trainingSequencesPerSecond,
    met: measured >= sequencesPerSecond,
    withWorkers,
  };
}

/**
 * The library with workers against the baseline and against the library on one thread.
 * @example workersRatios(libraryWorkers, library, baseline).trainingOverLibrary // 1.4
 */
export function workersRatios(libraryWorkers: SubjectMeasurement, library: SubjectMeasurement, baseline: SubjectMeasurement): WorkersRatios {
  const speed = libraryWorkers.training?.sequencesPerSecond;
  return {
    trainingOverBaseline: ratio(speed, baseline.training?.sequencesPerSecond),
    trainingOverLibrary: ratio(speed, library.training?.sequencesPerSecond),
  };
}

function ratio(a: number | undefined, b: number | undefined): number | null {
  return a === undefined || b === undefined || b === 0 ? null : a / b;
}

/**
 * Library ÷ baseline for each figure of a row.
 * @example speedRatios(library, baseline).trainingSequencesPerSecond // 10.8
 */
export function speedRatios(library: SubjectMeasurement, baseline: SubjectMeasurement): SpeedRatios {
  return {
    trainingSequencesPerSecond: ratio(library.training?.sequencesPerSecond, baseline.training?.sequencesPerSecond),
    forwardMsPerSequence: ratio(library.forward?.msPerSequence, baseline.forward?.msPerSequence),
    kernelCallsPerStep: ratio(library.kernels?.calls, baseline.kernels?.calls),
  };
}
