import { Trainer } from '@ntm/trainer';
import { openTfjsBackend } from '../open-backend.js';
import type { ConvergePlan } from './converge-plan.js';
import type { ConvergeEvaluation, ConvergeWorkerResult } from './converge-results.js';

/**
 * Trains the paper's copy-task NTM-LSTM with the library's trainer (its defaults: Adam 1e-3,
 * clipping, NaN guard; lengths 1–20) until the held-out bit errors fall below the target or
 * the budget runs out. Progress lines go to `log` at every evaluation.
 *
 * @example const { run } = await runConvergeWorker({ ...DEFAULT_CONVERGE_PLAN, seeds: [2] }, 2, console.error);
 */
export async function runConvergeWorker(plan: ConvergePlan, seed: number, log: (line: string) => void): Promise<ConvergeWorkerResult> {
  const backend = await openTfjsBackend(plan.backend);
  const trainer = Trainer.create(backend, {
    task: 'copy',
    model: { preset: 'ntm-lstm' },
    seed,
    batchSize: plan.batchSize,
    curriculum: { kind: plan.curriculum },
    evaluation: { every: plan.evaluationEvery },
    timeBudgetSeconds: plan.budgetSeconds,
    stopAtBitErrors: plan.targetBitErrors,
  });
  const evaluations: ConvergeEvaluation[] = [];
  // Timed here rather than read from trainer.wallSeconds, which leaves out the evaluation after the last step.
  const runStarted = performance.now();
  const stopReason = await trainer.run({
    onEvent: (event) => {
      if (event.kind === 'evaluation') {
        const { step, sequencesSeen, wallSeconds, bitErrors, cost } = event;
        evaluations.push({ step, sequencesSeen, wallSeconds, bitErrors, cost });
        log(
          `[seed ${seed}] step ${step}, ${sequencesSeen} sequences, ${(wallSeconds / 60).toFixed(2)} min: ` +
            `held-out ${bitErrors.toFixed(3)} bit errors, ${cost.toFixed(2)} bits per sequence`,
        );
      } else if (event.kind === 'nan') {
        log(`[seed ${seed}] step ${event.step}: non-finite loss or gradient, ${event.action} (${event.nanEvents} so far)`);
      }
    },
  });
  const trainingSeconds = (performance.now() - runStarted) / 1000;
  const last = evaluations.at(-1);
  const run = {
    seed,
    converged: stopReason === 'converged',
    stopReason,
    steps: trainer.step,
    sequencesSeen: trainer.sequencesSeen,
    trainingSeconds,
    // performance.now() counts from the process's start (its time origin).
    processSeconds: performance.now() / 1000,
    nanEvents: trainer.nanEvents,
    finalBitErrors: last?.bitErrors ?? null,
    finalCost: last?.cost ?? null,
    evaluations,
  };
  trainer.dispose();
  return { backendInfo: backend.info, run };
}
