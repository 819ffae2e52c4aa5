import type { TfjsFlavor } from '@ntm/backend-tfjs';
import { openTfjsBackend } from '../open-backend.js';
import { MeasurementSession, measureInterleaved, skippedMeasurement } from './measure-subject.js';
import type { SpeedPlan } from './speed-plan.js';
import { minimumStepsOf, predictStepSeconds, type StepTime } from './step-prediction.js';
import { speedRatios, workersRatios, type SpeedRow, type SpeedWorkerResult, type SubjectMeasurement } from './speed-results.js';
import {
  createBaselineSubject,
  createLibrarySubject,
  IMPLEMENTATIONS,
  implementationLabel,
  type BenchSubject,
  type Implementation,
  type SubjectOptions,
} from './subjects.js';

/** Options of {@link runSpeedWorker}. */
export interface SpeedWorkerOptions {
  /** The file gradient worker threads run (the bench bundle itself); without it the `library-workers` rows are skipped. */
  readonly gradientWorkerScript?: string | URL;
}

/**
 * The speed benchmark on one tfjs backend (one process: tfjs has one active backend per
 * process). For each batch size, the library, the baseline and (on the backends of
 * `plan.parallel`) the library with gradient workers, each built afresh from the same seed and
 * measured side by side (`measureInterleaved`). Progress goes to `log` (the parent shows it on
 * stderr).
 *
 * Skipping: an implementation's step time at the next batch size is predicted from the ones
 * measured so far (see {@link predictStepSeconds}); if warm-up, profiling and one repetition
 * would pass `plan.capSeconds`, it is skipped without running; `MeasurementSession.warmUp`
 * checks again after its first step. Once skipped, an implementation is skipped at every larger batch too.
 * Batch sizes run in the order given, so give them smallest first.
 *
 * @example const result = await runSpeedWorker('wasm', DEFAULT_SPEED_PLAN, console.error);
 */
export async function runSpeedWorker(
  flavor: TfjsFlavor,
  plan: SpeedPlan,
  log: (line: string) => void,
  workerOptions: SpeedWorkerOptions = {},
): Promise<SpeedWorkerResult> {
  const backend = await openTfjsBackend(flavor);
  const rows: SpeedRow[] = [];
  const parallel = plan.parallel !== null && plan.parallel.backends.includes(flavor) ? plan.parallel : null;
  const implementations = IMPLEMENTATIONS.filter((implementation) => implementation !== 'library-workers' || parallel !== null);
  const stepTimes = new Map<Implementation, StepTime[]>(implementations.map((implementation) => [implementation, []]));
  const firstSkipped = new Map<Implementation, number>();
  const subjectOf = (implementation: Implementation, options: SubjectOptions): BenchSubject => {
    if (implementation === 'baseline') return createBaselineSubject(options);
    if (implementation === 'library') return createLibrarySubject(backend, options);
    return createLibrarySubject(backend, options, { workers: parallel?.workers as number, script: workerOptions.gradientWorkerScript as string | URL });
  };
  for (const batchSize of plan.batchSizes) {
    const options = { batchSize, sequenceLength: plan.sequenceLength, seed: plan.seed };
    const measured = new Map<Implementation, SubjectMeasurement>();
    const sessions: MeasurementSession[] = [];
    for (const implementation of implementations) {
      const ownPlan = implementation === 'library-workers' && parallel !== null ? { ...plan, warmupSteps: parallel.warmupSteps } : plan;
      const skippedBefore = firstSkipped.get(implementation);
      const predictedStep = predictStepSeconds(stepTimes.get(implementation) as StepTime[], batchSize);
      const predictedTotal = predictedStep * minimumStepsOf(ownPlan);
      if (implementation === 'library-workers' && workerOptions.gradientWorkerScript === undefined) {
        measured.set(implementation, skippedMeasurement(implementation, 'no script for the gradient worker threads (run the bench bundle)'));
      } else if (skippedBefore !== undefined) {
        // A step never gets cheaper with a bigger batch.
        measured.set(implementation, skippedMeasurement(implementation, `already over the ${plan.capSeconds} s cap at batch ${skippedBefore}`));
      } else if (predictedTotal > plan.capSeconds) {
        const reason = `predicted ≈ ${predictedStep.toFixed(1)} s a step from the smaller batches, ≈ ${Math.round(predictedTotal)} s for warm-up, profiling and one repetition: over the ${plan.capSeconds} s cap`;
        measured.set(implementation, skippedMeasurement(implementation, reason));
      } else {
        sessions.push(new MeasurementSession(subjectOf(implementation, options), ownPlan, batchSize));
      }
    }
    const results = await measureInterleaved(sessions, plan);
    results.forEach((result) => measured.set(result.implementation, result));
    for (const implementation of implementations) {
      const result = measured.get(implementation) as SubjectMeasurement;
      if (result.training) stepTimes.get(implementation)?.push({ batchSize, seconds: result.training.msPerStep / 1000 });
      if (result.status === 'skipped' && !firstSkipped.has(implementation)) firstSkipped.set(implementation, batchSize);
      log(`[${flavor}] batch ${batchSize} ${implementationLabel(implementation, parallel?.workers)}: ${describeMeasurement(result)}`);
    }
    const library = measured.get('library') as SubjectMeasurement;
    const baseline = measured.get('baseline') as SubjectMeasurement;
    const libraryWorkers = measured.get('library-workers') ?? null;
    rows.push({
      backend: flavor,
      batchSize,
      library,
      baseline,
      ratios: speedRatios(library, baseline),
      libraryWorkers,
      workersRatios: libraryWorkers === null ? null : workersRatios(libraryWorkers, library, baseline),
    });
  }
  return { backend: flavor, backendInfo: backend.info, rows };
}

function describeMeasurement(result: SubjectMeasurement): string {
  if (!result.training || !result.forward || !result.kernels || !result.memory) return `skipped (${result.skippedReason})`;
  return [
    `${result.training.sequencesPerSecond.toFixed(1)} seq/s (${result.training.msPerStep.toFixed(0)} ms/step)`,
    `forward ${result.forward.msPerSequence.toFixed(2)} ms/seq`,
    `${result.kernels.calls} kernels/step`,
    `leaked ${result.memory.leakedTensors} tensors`,
    `${result.seconds.toFixed(0)} s`,
  ].join(', ');
}
