import type { TfjsFlavor } from '@ntm/backend-tfjs';
import { openTfjsBackend } from '../open-backend.js';
import { measureSubject, skippedMeasurement } from './measure-subject.js';
import type { SpeedPlan } from './speed-plan.js';
import { minimumStepsOf, predictStepSeconds, type StepTime } from './step-prediction.js';
import { speedRatios, type SpeedRow, type SpeedWorkerResult, type SubjectMeasurement } from './speed-results.js';
import { createBaselineSubject, createLibrarySubject, IMPLEMENTATIONS, type Implementation } from './subjects.js';

/**
 * The speed benchmark on one tfjs backend (one process: tfjs has one active backend per
 * process). For each batch size, the library then the baseline, each built afresh from the
 * same seed. Progress goes to `log` (the parent shows it on stderr).
 *
 * Skipping: an implementation's step time at the next batch size is predicted from the ones
 * measured so far (see {@link predictStepSeconds}); if warm-up, profiling and one repetition
 * would pass `plan.capSeconds`, it is skipped without running. `measureSubject` checks again
 * after its first step.
 *
 * @example const result = await runSpeedWorker('wasm', DEFAULT_SPEED_PLAN, console.error);
 */
export async function runSpeedWorker(flavor: TfjsFlavor, plan: SpeedPlan, log: (line: string) => void): Promise<SpeedWorkerResult> {
  const backend = await openTfjsBackend(flavor);
  const rows: SpeedRow[] = [];
  const stepTimes = new Map<Implementation, StepTime[]>(IMPLEMENTATIONS.map((implementation) => [implementation, []]));
  for (const batchSize of plan.batchSizes) {
    const options = { batchSize, sequenceLength: plan.sequenceLength, seed: plan.seed };
    const measured = {} as Record<Implementation, SubjectMeasurement>;
    for (const implementation of IMPLEMENTATIONS) {
      const times = stepTimes.get(implementation) as StepTime[];
      const predictedStep = predictStepSeconds(times, batchSize);
      const predictedTotal = predictedStep * minimumStepsOf(plan);
      let result: SubjectMeasurement;
      if (predictedTotal > plan.capSeconds) {
        result = skippedMeasurement(
          implementation,
          `predicted ≈ ${predictedStep.toFixed(1)} s a step from the smaller batches, ≈ ${Math.round(predictedTotal)} s for warm-up, profiling and one repetition: over the ${plan.capSeconds} s cap`,
        );
      } else {
        const create = () => (implementation === 'library' ? createLibrarySubject(backend, options) : createBaselineSubject(options));
        result = await measureSubject(create, plan, batchSize);
        if (result.training) times.push({ batchSize, seconds: result.training.msPerStep / 1000 });
      }
      measured[implementation] = result;
      log(`[${flavor}] batch ${batchSize} ${implementation}: ${describeMeasurement(result)}`);
    }
    rows.push({ backend: flavor, batchSize, library: measured.library, baseline: measured.baseline, ratios: speedRatios(measured.library, measured.baseline) });
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
