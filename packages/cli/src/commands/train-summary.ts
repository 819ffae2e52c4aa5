import { existsSync } from 'node:fs';
import { describeStopCriteria, MAX_CONSECUTIVE_BAD_STEPS, type StopReason, type Trainer } from '@ntm/trainer';
import { describeModel } from '../checkpoint-info.js';
import { formatCount, formatDuration, formatMeasure } from '../format.js';
import type { RunDirectory, StopSignal } from '../run-directory.js';
import { describeLearningRateDecay } from './train-options.js';

/**
 * The lines `ntm train` prints before training: what is trained, how, where the files go,
 * and what stops it.
 *
 * @example io.stdout.write(trainingHeader(trainer, run, false, (path) => displayPath(path, io.cwd), 'auto: 1.9 of 2 cores idle'));
 */
export function trainingHeader(
  trainer: Trainer,
  run: RunDirectory,
  resumed: boolean,
  shown: (path: string) => string,
  workersReason: string | null = null,
): string {
  const { config } = trainer;
  const threads = config.workers > 1 || workersReason !== null ? ` on ${config.workers} thread${config.workers === 1 ? '' : 's'}` : '';
  const stops = [
    describeStopCriteria(config) === null ? null : stopRuleText(config),
    config.maxSteps === null ? null : `step ${formatCount(config.maxSteps)}`,
    config.timeBudgetSeconds === null ? null : `${formatDuration(config.timeBudgetSeconds)} of training`,
    'Ctrl-C',
  ].filter((stop) => stop !== null);
  const what = resumed ? `Resuming ${config.task} at step ${formatCount(trainer.step)}` : `Training ${config.task}`;
  return [
    `${what}: ${describeModel(config.model)}, ${formatCount(trainer.model.parameters.count())} parameters`,
    `batch ${config.batchSize}, ${config.optimizer.kind} ${config.optimizer.learningRate}` +
      `${config.learningRateDecay === null ? '' : ` ${describeLearningRateDecay(config.learningRateDecay)}`}, seed ${config.seed}, backend ${trainer.backend.name}` +
      `${threads}${workersReason === null ? '' : ` (${workersReason})`}; ` +
      `evaluating every ${formatCount(config.evaluation.every)} steps`,
    `Run directory: ${shown(run.path)}`,
    `Stops at: ${stops.join(', ')}`,
    '',
  ].join('\n');
}

/**
 * The summary `ntm train` prints at the end: why it stopped, steps, sequences, time, the
 * final held-out figures, NaN events, the checkpoint kept, the files, and the commands to run
 * next. Only files that exist are listed, and only commands that have a file to work on.
 * `savedCheckpointStep` is the step of the checkpoint in the run directory (null: none saved).
 *
 * @example io.stdout.write(trainingSummary(trainer, 'converged', null, run, (path) => displayPath(path, io.cwd), 2000));
 */
export function trainingSummary(
  trainer: Trainer,
  reason: StopReason,
  signal: StopSignal | null,
  run: RunDirectory,
  shown: (path: string) => string,
  savedCheckpointStep: number | null,
  bestCheckpointStep: number | null = null,
): string {
  const { config } = trainer;
  const evaluation = trainer.lastEvaluation;
  const why: Record<StopReason, string> = {
    converged: `converged: ${stopRuleText(config)}`,
    'max-steps': `reached step ${formatCount(config.maxSteps ?? trainer.step)}`,
    'time-budget': `used the time budget of ${formatDuration(config.timeBudgetSeconds)}`,
    stopped: signal === null ? 'stopped' : `stopped by ${signal === 'SIGINT' ? 'Ctrl-C (SIGINT)' : signal}`,
    diverged: `diverged: ${MAX_CONSECUTIVE_BAD_STEPS} steps in a row met NaN or Infinity, so training cannot go on (try a smaller --learning-rate)`,
  };
  // Paths are printed so that they can be pasted into a shell.
  const quote = (path: string) => (/^[\w./@:+-]+$/.test(path) ? path : JSON.stringify(path));
  const checkpoint = quote(shown(run.checkpointPath));
  const hasCheckpoint = savedCheckpointStep !== null && existsSync(run.checkpointPath);
  const files = [run.configPath, run.logPath, run.checkpointPath, run.bestCheckpointPath].filter((path) => existsSync(path));
  const optimum = evaluation?.optimalCost === null || evaluation?.optimalCost === undefined ? '' : ` (Bayes optimum ${formatMeasure(evaluation.optimalCost)})`;
  const heldOut = evaluation
    ? `  validation cost ${formatMeasure(evaluation.cost)} bits/sequence${optimum} · bit errors ${formatMeasure(evaluation.bitErrors)} per sequence ` +
      `(${evaluation.sequences} sequences${reason === 'stopped' ? ', last evaluation' : ''})`
    : '  validation: not evaluated yet';
  const best = trainer.bestEvaluation;
  const hasBest = bestCheckpointStep !== null && existsSync(run.bestCheckpointPath);
  const bestLine =
    hasBest && best !== null
      ? [
          `Best: ${quote(shown(run.bestCheckpointPath))} at step ${formatCount(bestCheckpointStep)}: validation cost ${formatMeasure(best.cost)} · bit errors ${formatMeasure(best.bitErrors)}`,
        ]
      : [];
  return [
    '',
    `Stopped: ${why[reason]}`,
    `  steps ${formatCount(trainer.step)} · sequences ${formatCount(trainer.sequencesSeen)} · training time ${formatDuration(trainer.wallSeconds)}`,
    heldOut,
    `  NaN events ${trainer.nanEvents}`,
    checkpointLine(reason, hasCheckpoint ? savedCheckpointStep : null, checkpoint),
    ...bestLine,
    `Files: ${files.length === 0 ? 'none' : files.map(shown).join(', ')}`,
    'Next:',
    ...(hasCheckpoint ? [`  ntm eval ${checkpoint}`, `  ntm show ${checkpoint}`] : []),
    // plot draws evaluations: a log without any has nothing to draw yet.
    ...(existsSync(run.logPath) && evaluation !== null ? [`  ntm plot ${quote(shown(run.path))}`] : []),
    ...(hasCheckpoint ? [`  ntm train --resume ${checkpoint}`] : [`  ntm train ${trainer.config.task} (a new run)`]),
    '',
  ].join('\n');
}

/** The run's stop rule in words: `validation bit errors per sequence < 0.1, 3 evaluations in a row`. */
function stopRuleText(config: Trainer['config']): string {
  const inARow = config.stopAfterEvaluations > 1 ? `, ${config.stopAfterEvaluations} evaluations in a row` : '';
  return `validation ${describeStopCriteria(config)}${inARow}`;
}

/** Which checkpoint the run leaves, and why a diverged run's is not its latest state. */
function checkpointLine(reason: StopReason, step: number | null, checkpoint: string): string {
  if (step === null) return 'Checkpoint: none saved (no state of this run could be saved)';
  return reason === 'diverged'
    ? `Checkpoint: the last good one, ${checkpoint} at step ${formatCount(step)} (the diverged state was not saved)`
    : `Checkpoint: ${checkpoint} at step ${formatCount(step)}`;
}

/**
 * The error line of a diverged run (stderr), naming the checkpoint it keeps.
 * @example io.stderr.write(divergedLine(trainer, run, shown, 400)); // 'ntm: error: training diverged at step 412: …'
 */
export function divergedLine(trainer: Trainer, run: RunDirectory, shown: (path: string) => string, savedCheckpointStep: number | null): string {
  const kept =
    savedCheckpointStep === null || !existsSync(run.checkpointPath)
      ? 'no checkpoint was saved'
      : `the last good checkpoint is ${shown(run.checkpointPath)} (step ${formatCount(savedCheckpointStep)})`;
  return `ntm: error: training diverged at step ${formatCount(trainer.step)}: ${MAX_CONSECUTIVE_BAD_STEPS} steps in a row met NaN or Infinity; ${kept}\n`;
}
