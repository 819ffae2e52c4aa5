import { profileKernels, type KernelProfile } from '../measure/kernel-profile.js';
import { memorySnapshot, type MemorySnapshot } from '../measure/memory-snapshot.js';
import { median } from '../measure/statistics.js';
import type { SpeedPlan } from './speed-plan.js';
import type { SubjectMeasurement } from './speed-results.js';
import { minimumStepsOf } from './step-prediction.js';
import type { BenchSubject, Implementation } from './subjects.js';

/**
 * The measurement of one implementation at one batch size, taken in stages so that the
 * worker can interleave two implementations' timed repetitions (library, baseline, library,
 * …): on a shared machine the load drifts, and interleaving lets both sides see the same
 * drift, which keeps their ratio honest.
 *
 * Stages, in order: {@link warmUp} (`plan.warmupSteps` untimed steps; may give up when the
 * step time shows the cap cannot be kept), {@link profile} (one step under `tf.profile`:
 * kernel calls), {@link planRepetitions}, {@link runRepetition} × `repetitions` (timed
 * training steps, `tf.memory()` read around each: sequences/s and leaks),
 * {@link runForward} × `plan.forwardRepetitions` (forward latency), then {@link result}.
 *
 * Every stage that runs steps is async: a subject's step may finish on other threads (the
 * library with gradient workers), and its time runs until the step's promise resolves.
 *
 * @example
 * ```ts
 * const session = new MeasurementSession(createBaselineSubject(options), plan, 32);
 * if ((await session.warmUp()) === null) { await session.profile(); session.planRepetitions(); … }
 * ```
 */
export class MeasurementSession {
  /** Timed repetitions this session will run (set by {@link planRepetitions}). */
  repetitions = 0;
  private stepSeconds = Number.NaN;
  private stepsPerRepetition = 1;
  private busySeconds = 0;
  private kernels: KernelProfile | null = null;
  private readonly repetitionSeconds: number[] = [];
  private readonly forwardMilliseconds: number[] = [];
  private firstSnapshot: MemorySnapshot | null = null;
  private lastSnapshot: MemorySnapshot | null = null;
  private leakedTensors = 0;
  private leakedBytes = 0;

  constructor(
    readonly subject: BenchSubject,
    private readonly plan: SpeedPlan,
    private readonly batchSize: number,
  ) {}

  get implementation(): Implementation {
    return this.subject.implementation;
  }

  /**
   * The untimed warm-up steps. Returns null, or why the measurement stops here: the prediction
   * that let it start was too low, and warm-up, profiling and one repetition would pass the cap.
   */
  async warmUp(): Promise<string | null> {
    const { plan } = this;
    for (let step = 0; step < plan.warmupSteps; step++) {
      this.stepSeconds = await this.timed(() => this.subject.trainStep());
      const predictedTotal = this.busySeconds + this.stepSeconds * (minimumStepsOf(plan) - step - 1);
      if (predictedTotal > plan.capSeconds) {
        return `a warm-up step took ${this.stepSeconds.toFixed(1)} s, so warm-up, profiling and one repetition would take ≈ ${Math.round(predictedTotal)} s: over the ${plan.capSeconds} s cap`;
      }
    }
    return null;
  }

  /** One training step under `tf.profile`: its kernel calls and their time. */
  async profile(): Promise<void> {
    const started = performance.now();
    this.kernels = await profileKernels(() => this.subject.trainStep());
    const seconds = (performance.now() - started) / 1000;
    this.busySeconds += seconds;
    // Without a warm-up the profiled step is the only estimate (profiling slows it: a safe overestimate).
    if (Number.isNaN(this.stepSeconds)) this.stepSeconds = seconds;
  }

  /**
   * Chooses the steps per repetition (enough to last `plan.minimumRepetitionSeconds`, at most
   * `plan.maximumStepsPerRepetition`) and the number of repetitions: `plan.repetitions`, cut
   * (never below one) to what the cap still allows.
   */
  planRepetitions(): void {
    const { plan } = this;
    this.stepsPerRepetition = Math.max(1, Math.min(plan.maximumStepsPerRepetition, Math.ceil(plan.minimumRepetitionSeconds / this.stepSeconds)));
    const forwardSeconds = plan.forwardRepetitions * this.stepSeconds * 0.4; // a forward pass costs a fraction of a step
    const affordable = Math.floor((plan.capSeconds - this.busySeconds - forwardSeconds) / (this.stepsPerRepetition * this.stepSeconds));
    this.repetitions = Math.max(1, Math.min(plan.repetitions, affordable));
  }

  /** One timed repetition of training steps, with the tensors and bytes it left behind. */
  async runRepetition(): Promise<void> {
    const before = memorySnapshot();
    this.repetitionSeconds.push(
      await this.timed(async () => {
        for (let step = 0; step < this.stepsPerRepetition; step++) await this.subject.trainStep();
      }),
    );
    const after = memorySnapshot();
    this.firstSnapshot ??= before;
    this.lastSnapshot = after;
    this.leakedTensors += after.tensors - before.tensors;
    this.leakedBytes += after.bytes - before.bytes;
  }

  /** One timed forward pass over the subject's fixed batch. */
  async runForward(): Promise<void> {
    this.forwardMilliseconds.push((await this.timed(() => this.subject.forward())) * 1000);
  }

  /** Everything measured. Call after at least one repetition and one forward pass. */
  result(): SubjectMeasurement {
    const { batchSize, stepsPerRepetition } = this;
    const stepSecondsMedian = median(this.repetitionSeconds) / stepsPerRepetition;
    const msPerBatch = median(this.forwardMilliseconds);
    const before = this.firstSnapshot as MemorySnapshot;
    const after = this.lastSnapshot as MemorySnapshot;
    return {
      implementation: this.implementation,
      status: 'measured',
      skippedReason: null,
      parameterCount: this.subject.parameterCount,
      training: {
        sequencesPerSecond: batchSize / stepSecondsMedian,
        msPerStep: stepSecondsMedian * 1000,
        repetitions: this.repetitionSeconds.map((seconds) => (batchSize * stepsPerRepetition) / seconds),
        stepsPerRepetition,
      },
      forward: { msPerSequence: msPerBatch / batchSize, msPerBatch, repetitions: [...this.forwardMilliseconds] },
      kernels: this.kernels,
      // The sum of each repetition's change: another implementation's repetitions may run in between.
      memory: { before, after, leakedTensors: this.leakedTensors, leakedBytes: this.leakedBytes },
      seconds: this.busySeconds,
    };
  }

  /** The record of a session that stopped at its warm-up. */
  skipped(reason: string): SubjectMeasurement {
    return { ...skippedMeasurement(this.implementation, reason), seconds: this.busySeconds };
  }

  dispose(): void {
    this.subject.dispose();
  }

  private async timed(f: () => void | Promise<void>): Promise<number> {
    const started = performance.now();
    await f();
    const seconds = (performance.now() - started) / 1000;
    this.busySeconds += seconds;
    return seconds;
  }
}

/**
 * Measures implementations at one batch size side by side: warm-up and profiling each, then
 * their timed repetitions interleaved, then their forward passes interleaved. A session whose
 * warm-up gives up is reported as skipped; the others go on.
 *
 * @example const [library, baseline] = await measureInterleaved([librarySession, baselineSession], plan);
 */
export async function measureInterleaved(sessions: readonly MeasurementSession[], plan: SpeedPlan): Promise<SubjectMeasurement[]> {
  const results = new Map<MeasurementSession, SubjectMeasurement>();
  const running: MeasurementSession[] = [];
  try {
    for (const session of sessions) {
      const reason = await session.warmUp();
      if (reason === null) running.push(session);
      else results.set(session, session.skipped(reason));
    }
    for (const session of running) {
      await session.profile();
      session.planRepetitions();
    }
    const rounds = Math.max(0, ...running.map((session) => session.repetitions));
    for (let round = 0; round < rounds; round++) {
      for (const session of running) if (round < session.repetitions) await session.runRepetition();
    }
    for (let round = 0; round < plan.forwardRepetitions; round++) for (const session of running) await session.runForward();
    for (const session of running) results.set(session, session.result());
  } finally {
    for (const session of sessions) session.dispose();
  }
  return sessions.map((session) => results.get(session) as SubjectMeasurement);
}

/**
 * The record of an implementation the benchmark did not run at a batch size, and why.
 * @example skippedMeasurement('baseline', 'one step would take ≈ 31 s, over the 75 s cap')
 */
export function skippedMeasurement(implementation: Implementation, reason: string): SubjectMeasurement {
  return {
    implementation,
    status: 'skipped',
    skippedReason: reason,
    parameterCount: null,
    training: null,
    forward: null,
    kernels: null,
    memory: null,
    seconds: 0,
  };
}
