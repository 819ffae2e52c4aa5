import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { CheckpointError, type CheckpointContents } from '@ntm/machine';
import { readCheckpointFile } from '@ntm/machine/node';
import { Trainer, type StopReason, type TrainingEvent } from '@ntm/trainer';
import { helpText, parseCommandArguments } from '../arguments.js';
import { openBackend } from '../backends.js';
import { describeModel, trainerState } from '../checkpoint-info.js';
import { EXIT_CODES, UsageError } from '../errors.js';
import { displayPath, formatCount, formatDuration, formatMeasure } from '../format.js';
import type { CliIo } from '../io.js';
import { ProgressDisplay } from '../progress-bar.js';
import { catchStopSignals, RunDirectory, STOP_SIGNALS, type StopSignal } from '../run-directory.js';
import type { EvaluationRecord } from '../run-log.js';
import { cliVersion } from '../version.js';
import { planTraining, resolveOrUsageError, trainSpec, type StopOverrides, type TrainingPlan } from './train-options.js';

/** Options of {@link runTrainCommand} that the command line does not set. */
export interface TrainCommandOptions {
  /** Catch SIGINT and SIGTERM to save a checkpoint before exiting (the real CLI does). */
  readonly catchSignals?: boolean;
  /** Polled between steps: return true to stop as Ctrl-C would, but with exit code 0 (tests). */
  readonly shouldStop?: () => boolean;
}

/**
 * `ntm train <task>`: trains, logs and checkpoints a run; returns the exit code (0, or 130 /
 * 143 after Ctrl-C / SIGTERM, once the checkpoint is saved). Usage errors are thrown as
 * `UsageError` before the backend starts, so a typo fails at once.
 *
 * @example
 * ```ts
 * const code = await runTrainCommand(['copy', '--steps', '100', '--out', 'runs/try'], processIo(), { catchSignals: true });
 * ```
 */
export async function runTrainCommand(argv: readonly string[], io: CliIo, options: TrainCommandOptions = {}): Promise<number> {
  const parsed = parseCommandArguments(trainSpec, argv);
  if (parsed.help) {
    io.stdout.write(helpText(trainSpec));
    return EXIT_CODES.success;
  }
  const plan = planTraining(parsed);
  const resumed = plan.kind === 'resume' ? readResumable(plan, io.cwd) : null;
  const task = plan.kind === 'new' ? plan.config.task : (resumed as ResumableRun).task;
  const runPath = resolve(
    io.cwd,
    plan.out ?? (resumed ? dirname(resumed.path) : defaultRunDirectory(task, new Date(), (candidate) => existsSync(resolve(io.cwd, candidate)))),
  );
  const run = RunDirectory.open(runPath, { resuming: resumed !== null, shown: (path) => displayPath(path, io.cwd) });

  const backend = await openBackend(plan.backend, io);
  const trainer = resumed ? Trainer.resume(backend, resumed.contents, resumed.path) : Trainer.create(backend, (plan as Extract<TrainingPlan, { kind: 'new' }>).config);
  try {
    return await train(trainer, run, plan, resumed, io, options);
  } finally {
    trainer.dispose();
  }
}

interface ResumableRun {
  readonly path: string;
  readonly task: Trainer['config']['task'];
  /** The checkpoint with the command line's stop conditions written into its trainer config. */
  readonly contents: CheckpointContents;
}

function readResumable(plan: Extract<TrainingPlan, { kind: 'resume' }>, cwd: string): ResumableRun {
  const path = isAbsolute(plan.checkpoint) ? plan.checkpoint : resolve(cwd, plan.checkpoint);
  const contents = readCheckpointFile(path);
  const state = trainerState(contents);
  if (!state) throw new CheckpointError(`${plan.checkpoint} holds a model but no training run to resume (no trainer state)`);
  if (plan.task !== undefined && plan.task !== state.config.task) {
    throw new UsageError(`task ${plan.task} does not match --resume ${plan.checkpoint}, which trains ${state.config.task}`);
  }
  const config = resolveOrUsageError(withStopOverrides(state.config, plan.overrides));
  const trainer = { ...(contents.metadata['trainer'] as object), config };
  return { path, task: config.task, contents: { ...contents, metadata: { ...contents.metadata, trainer } } };
}

/** A config with the stop conditions and evaluation cadence the command line gave. */
function withStopOverrides(config: Trainer['config'], overrides: StopOverrides): Trainer['config'] {
  return {
    ...config,
    ...(overrides.maxSteps === undefined ? {} : { maxSteps: overrides.maxSteps }),
    ...(overrides.timeBudgetSeconds === undefined ? {} : { timeBudgetSeconds: overrides.timeBudgetSeconds }),
    ...(overrides.stopAtBitErrors === undefined ? {} : { stopAtBitErrors: overrides.stopAtBitErrors }),
    evaluation: { ...config.evaluation, ...(overrides.evaluationEvery === undefined ? {} : { every: overrides.evaluationEvery }) },
  };
}


/**
 * The default run directory: `runs/<task>-<yyyymmdd>-<hhmmss>` in local time, with `-2`, `-3`…
 * added if a run of that name exists already (two runs started in the same second).
 *
 * @example defaultRunDirectory('copy', new Date(2025, 10, 25, 19, 47, 0), () => false) // 'runs/copy-20251125-194700'
 */
export function defaultRunDirectory(task: string, date: Date, taken: (path: string) => boolean): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  const stamp = `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
  const base = join('runs', `${task}-${stamp}`);
  let candidate = base;
  for (let suffix = 2; taken(candidate); suffix++) candidate = `${base}-${suffix}`;
  return candidate;
}

async function train(
  trainer: Trainer,
  run: RunDirectory,
  plan: TrainingPlan,
  resumed: ResumableRun | null,
  io: CliIo,
  options: TrainCommandOptions,
): Promise<number> {
  const { config } = trainer;
  const now = () => new Date().toISOString();
  const shown = (path: string) => displayPath(path, io.cwd);
  run.writeConfig(config);
  run.appendLog({
    kind: 'start',
    time: now(),
    step: trainer.step,
    sequencesSeen: trainer.sequencesSeen,
    backend: trainer.backend.name,
    resumedFrom: resumed ? shown(resumed.path) : null,
    version: cliVersion(),
  });

  const optimizer = `${config.optimizer.kind} ${config.optimizer.learningRate}`;
  const stops = [
    config.stopAtBitErrors === null ? null : `held-out bit errors < ${config.stopAtBitErrors}`,
    config.maxSteps === null ? null : `step ${formatCount(config.maxSteps)}`,
    config.timeBudgetSeconds === null ? null : `${formatDuration(config.timeBudgetSeconds)} of training`,
    'Ctrl-C',
  ].filter((stop) => stop !== null);
  io.stdout.write(
    [
      `${resumed ? `Resuming ${config.task} at step ${formatCount(trainer.step)}` : `Training ${config.task}`}: ${describeModel(config.model)}, ` +
        `${formatCount(trainer.model.parameters.count())} parameters`,
      `batch ${config.batchSize}, ${optimizer}, seed ${config.seed}, backend ${trainer.backend.name}; evaluating every ${formatCount(config.evaluation.every)} steps`,
      `Run directory: ${shown(run.path)}`,
      `Stops at: ${stops.join(', ')}`,
      '',
    ].join('\n'),
  );

  const display = new ProgressDisplay(io.stdout, {
    plain: plan.plain || io.stdout.isTTY !== true,
    maxSteps: config.maxSteps,
    timeBudgetSeconds: config.timeBudgetSeconds,
    startStep: trainer.step,
  });
  let stopSignal: StopSignal | null = null;
  const releaseSignals = options.catchSignals
    ? catchStopSignals(
        (signal) => {
          stopSignal = signal;
          display.message(`${signal === 'SIGINT' ? 'Ctrl-C' : signal}: stopping after this step and saving a checkpoint (again to quit at once)`);
        },
        (signal) => {
          display.finish();
          io.stderr.write(`ntm: ${signal} again: quitting without saving; the last checkpoint is ${shown(run.checkpointPath)}\n`);
        },
      )
    : () => {};

  let window = { cost: 0, bitErrors: 0, steps: 0 };
  let sequencesPerSecond: number | null = null;
  let curriculumLevel: number | null = null;
  let lastEvaluationStep = trainer.lastEvaluation ? trainer.step : -1;
  let checkpointDue = false;
  let checkpointWarned = false;
  const saveCheckpoint = () => {
    try {
      run.saveCheckpoint(trainer.checkpoint());
    } catch (error) {
      // The encoder refuses non-finite weights: keep the last good file and say so once.
      if (!(error instanceof CheckpointError)) throw error;
      if (!checkpointWarned) display.message(`ntm: warning: checkpoint not saved at step ${trainer.step}: ${error.message}`);
      checkpointWarned = true;
    }
  };
  const logEvaluation = (step: number, sequencesSeen: number, wallSeconds: number, cost: number, bitErrors: number, sequences: number) => {
    const training = window.steps === 0 ? { cost: null, bitErrors: null } : { cost: window.cost / window.steps, bitErrors: window.bitErrors / window.steps };
    const record: EvaluationRecord = {
      kind: 'evaluation',
      time: now(),
      step,
      sequencesSeen,
      trainingCost: training.cost,
      trainingBitErrors: training.bitErrors,
      evaluationCost: cost,
      evaluationBitErrors: bitErrors,
      evaluationSequences: sequences,
      sequencesPerSecond,
      wallSeconds,
      nanEvents: trainer.nanEvents,
      curriculumLevel,
    };
    run.appendLog(record);
    display.evaluation(cost, bitErrors, training);
    window = { cost: 0, bitErrors: 0, steps: 0 };
    lastEvaluationStep = step;
  };
  const onEvent = (event: TrainingEvent) => {
    switch (event.kind) {
      case 'step':
        if (!event.skipped) {
          window = { cost: window.cost + event.cost, bitErrors: window.bitErrors + event.bitErrors, steps: window.steps + 1 };
          sequencesPerSecond = event.sequencesPerSecond;
          curriculumLevel = event.curriculumLevel;
          if (event.step % plan.checkpointEvery === 0) checkpointDue = true;
        }
        display.step(event);
        break;
      case 'evaluation':
        logEvaluation(event.step, event.sequencesSeen, event.wallSeconds, event.cost, event.bitErrors, event.sequences);
        break;
      case 'nan':
        run.appendLog({ kind: 'nan', time: now(), step: event.step, action: event.action, nanEvents: event.nanEvents });
        display.message(
          `NaN at step ${formatCount(event.step)}: ${event.action === 'skipped' ? 'update skipped' : 'weights rolled back to the last evaluation'} (${event.nanEvents} so far)`,
        );
        break;
      case 'curriculum':
        run.appendLog({ kind: 'curriculum', time: now(), step: event.step, level: event.level });
        display.message(`Curriculum: episodes up to ${event.level} long from step ${formatCount(event.step)}`);
        break;
    }
  };
  // Periodic checkpoints are written here, between steps, after the step's evaluation, so
  // that the checkpoint carries that evaluation's result.
  const shouldStop = () => {
    if (checkpointDue) {
      saveCheckpoint();
      checkpointDue = false;
    }
    return stopSignal !== null || options.shouldStop?.() === true;
  };

  let reason: StopReason;
  try {
    reason = await trainer.run({ onEvent, shouldStop });
    if (reason !== 'stopped' && lastEvaluationStep !== trainer.step) {
      const result = trainer.evaluate();
      logEvaluation(trainer.step, trainer.sequencesSeen, trainer.wallSeconds, result.cost, result.bitErrors, result.sequences);
    }
    saveCheckpoint();
  } finally {
    releaseSignals();
    display.finish();
  }
  const signal = stopSignal as StopSignal | null;
  run.appendLog({
    kind: 'stop',
    time: now(),
    step: trainer.step,
    sequencesSeen: trainer.sequencesSeen,
    reason,
    signal,
    wallSeconds: trainer.wallSeconds,
    nanEvents: trainer.nanEvents,
  });
  io.stdout.write(summary(trainer, reason, signal, run, shown));
  return signal === null ? EXIT_CODES.success : STOP_SIGNALS[signal];
}

function summary(trainer: Trainer, reason: StopReason, signal: StopSignal | null, run: RunDirectory, shown: (path: string) => string): string {
  const { config } = trainer;
  const evaluation = trainer.lastEvaluation;
  const why: Record<StopReason, string> = {
    converged: `converged: held-out bit errors per sequence fell below ${config.stopAtBitErrors}`,
    'max-steps': `reached step ${formatCount(config.maxSteps ?? trainer.step)}`,
    'time-budget': `used the time budget of ${formatDuration(config.timeBudgetSeconds)}`,
    stopped: signal === null ? 'stopped' : `stopped by ${signal === 'SIGINT' ? 'Ctrl-C (SIGINT)' : signal}`,
  };
  const quote = (path: string) => (/^[\w./@:+-]+$/.test(path) ? path : JSON.stringify(path));
  const checkpoint = quote(shown(run.checkpointPath));
  return [
    '',
    `Stopped: ${why[reason]}`,
    `  steps ${formatCount(trainer.step)} · sequences ${formatCount(trainer.sequencesSeen)} · training time ${formatDuration(trainer.wallSeconds)}`,
    evaluation
      ? `  held-out cost ${formatMeasure(evaluation.cost)} bits/sequence · bit errors ${formatMeasure(evaluation.bitErrors)} per sequence (${evaluation.sequences} sequences${reason === 'stopped' ? ', last evaluation' : ''})`
      : '  held-out: not evaluated yet',
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
