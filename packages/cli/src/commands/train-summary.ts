import type { StopReason, Trainer } from '@ntm/trainer';
import { describeModel } from '../checkpoint-info.js';
import { formatCount, formatDuration, formatMeasure } from '../format.js';
import type { RunDirectory, StopSignal } from '../run-directory.js';

/**
 * The lines `ntm train` prints before training: what is trained, how, where the files go,
 * and what stops it.
 *
 * @example io.stdout.write(trainingHeader(trainer, run, false, (path) => displayPath(path, io.cwd)));
 */
export function trainingHeader(trainer: Trainer, run: RunDirectory, resumed: boolean, shown: (path: string) => string): string {
  const { config } = trainer;
  const stops = [
    config.stopAtBitErrors === null ? null : `held-out bit errors < ${config.stopAtBitErrors}`,
    config.maxSteps === null ? null : `step ${formatCount(config.maxSteps)}`,
    config.timeBudgetSeconds === null ? null : `${formatDuration(config.timeBudgetSeconds)} of training`,
    'Ctrl-C',
  ].filter((stop) => stop !== null);
  const what = resumed ? `Resuming ${config.task} at step ${formatCount(trainer.step)}` : `Training ${config.task}`;
  return [
    `${what}: ${describeModel(config.model)}, ${formatCount(trainer.model.parameters.count())} parameters`,
    `batch ${config.batchSize}, ${config.optimizer.kind} ${config.optimizer.learningRate}, seed ${config.seed}, backend ${trainer.backend.name}` +
      `${config.workers > 1 ? ` on ${config.workers} threads` : ''}; ` +
      `evaluating every ${formatCount(config.evaluation.every)} steps`,
    `Run directory: ${shown(run.path)}`,
    `Stops at: ${stops.join(', ')}`,
    '',
  ].join('\n');
}

/**
 * The summary `ntm train` prints at the end: why it stopped, steps, sequences, time, the
 * final held-out figures, NaN events, the files, and the commands to run next.
 *
 * @example io.stdout.write(trainingSummary(trainer, 'converged', null, run, (path) => displayPath(path, io.cwd)));
 */
export function trainingSummary(trainer: Trainer, reason: StopReason, signal: StopSignal | null, run: RunDirectory, shown: (path: string) => string): string {
  const { config } = trainer;
  const evaluation = trainer.lastEvaluation;
  const why: Record<StopReason, string> = {
    converged: `converged: held-out bit errors per sequence fell below ${config.stopAtBitErrors}`,
    'max-steps': `reached step ${formatCount(config.maxSteps ?? trainer.step)}`,
    'time-budget': `used the time budget of ${formatDuration(config.timeBudgetSeconds)}`,
    stopped: signal === null ? 'stopped' : `stopped by ${signal === 'SIGINT' ? 'Ctrl-C (SIGINT)' : signal}`,
  };
  // Paths are printed so that they can be pasted into a shell.
  const quote = (path: string) => (/^[\w./@:+-]+$/.test(path) ? path : JSON.stringify(path));
  const checkpoint = quote(shown(run.checkpointPath));
  const heldOut = evaluation
    ? `  held-out cost ${formatMeasure(evaluation.cost)} bits/sequence · bit errors ${formatMeasure(evaluation.bitErrors)} per sequence ` +
      `(${evaluation.sequences} sequences${reason === 'stopped' ? ', last evaluation' : ''})`
    : '  held-out: not evaluated yet';
  return [
    '',
    `Stopped: ${why[reason]}`,
    `  steps ${formatCount(trainer.step)} · sequences ${formatCount(trainer.sequencesSeen)} · training time ${formatDuration(trainer.wallSeconds)}`,
    heldOut,
    `  NaN events ${trainer.nanEvents}`,
    `Files: ${shown(run.configPath)}, ${shown(run.logPath)}, ${shown(run.checkpointPath)}`,
    'Next:',
    `  ntm eval ${checkpoint}`,
    `  ntm show ${checkpoint}`,
    `  ntm plot ${quote(shown(run.path))}`,
    `  ntm train --resume ${checkpoint}`,
    '',
  ].join('\n');
}
