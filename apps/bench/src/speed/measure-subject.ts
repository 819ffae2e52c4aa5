import { profileKernels } from '../measure/kernel-profile.js';
import { memoryChange, memorySnapshot } from '../measure/memory-snapshot.js';
import { median } from '../measure/statistics.js';
import type { SpeedPlan } from './speed-plan.js';
import { minimumStepsOf } from './step-prediction.js';
import type { SubjectMeasurement } from './speed-results.js';
import type { BenchSubject, Implementation } from './subjects.js';

/**
 * Measures one implementation at one batch size, in this order:
 * 1. `plan.warmupSteps` untimed training steps;
 * 2. one training step under `tf.profile`: kernel calls per step;
 * 3. `plan.repetitions` timed repetitions of training steps (enough steps to last
 *    `plan.minimumRepetitionSeconds`), with `tf.memory()` read before and after: sequences/s
 *    and leaks;
 * 4. `plan.forwardRepetitions` timed forward passes: latency per sequence.
 * Repetitions are cut (never below one) when the measured step time would take the whole
 * measurement past `plan.capSeconds`.
 *
 * @example
 * ```ts
 * const result = await measureSubject(() => createBaselineSubject(options), plan, 32);
 * result.training?.sequencesPerSecond;
 * ```
 */
export async function measureSubject(createSubject: () => BenchSubject, plan: SpeedPlan, batchSize: number): Promise<SubjectMeasurement> {
  const started = performance.now();
  const subject = createSubject();
  try {
    let stepSeconds = Number.NaN;
    for (let step = 0; step < plan.warmupSteps; step++) {
      stepSeconds = timeSeconds(() => subject.trainStep());
      // The prediction that let it start was too low: stop now rather than run far past the cap.
      const predictedTotal = (performance.now() - started) / 1000 + stepSeconds * (minimumStepsOf(plan) - step - 1);
      if (predictedTotal > plan.capSeconds) {
        return {
          ...skippedMeasurement(
            subject.implementation,
            `a warm-up step took ${stepSeconds.toFixed(1)} s, so warm-up, profiling and one repetition would take ≈ ${Math.round(predictedTotal)} s: over the ${plan.capSeconds} s cap`,
          ),
          seconds: (performance.now() - started) / 1000,
        };
      }
    }

    const profiledStarted = performance.now();
    const kernels = await profileKernels(() => subject.trainStep());
    // Without a warm-up, the profiled step is the only estimate (profiling slows it a little: a safe overestimate).
    if (Number.isNaN(stepSeconds)) stepSeconds = (performance.now() - profiledStarted) / 1000;

    const stepsPerRepetition = Math.max(1, Math.min(plan.maximumStepsPerRepetition, Math.ceil(plan.minimumRepetitionSeconds / stepSeconds)));
    const secondsLeft = plan.capSeconds - (performance.now() - started) / 1000;
    const forwardSeconds = plan.forwardRepetitions * stepSeconds * 0.4; // a forward pass costs a fraction of a step
    const affordable = Math.floor((secondsLeft - forwardSeconds) / (stepsPerRepetition * stepSeconds));
    const repetitions = Math.max(1, Math.min(plan.repetitions, affordable));

    const before = memorySnapshot();
    const repetitionSeconds: number[] = [];
    for (let repetition = 0; repetition < repetitions; repetition++) {
      repetitionSeconds.push(
        timeSeconds(() => {
          for (let step = 0; step < stepsPerRepetition; step++) subject.trainStep();
        }),
      );
    }
    const after = memorySnapshot();

    const forwardMilliseconds = Array.from({ length: plan.forwardRepetitions }, () => timeSeconds(() => subject.forward()) * 1000);
    const msPerBatch = median(forwardMilliseconds);
    const stepSecondsMedian = median(repetitionSeconds) / stepsPerRepetition;
    return {
      implementation: subject.implementation,
      status: 'measured',
      skippedReason: null,
      parameterCount: subject.parameterCount,
      training: {
        sequencesPerSecond: batchSize / stepSecondsMedian,
        msPerStep: stepSecondsMedian * 1000,
        repetitions: repetitionSeconds.map((seconds) => (batchSize * stepsPerRepetition) / seconds),
        stepsPerRepetition,
      },
      forward: { msPerSequence: msPerBatch / batchSize, msPerBatch, repetitions: forwardMilliseconds },
      kernels,
      memory: memoryChange(before, after),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    subject.dispose();
  }
}

/**
 * The record of an implementation the benchmark did not run at a batch size, and why.
 * @example skippedMeasurement('baseline', 'one step would take ≈ 31 s, over the 45 s cap')
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

function timeSeconds(f: () => void): number {
  const started = performance.now();
  f();
  return (performance.now() - started) / 1000;
}
