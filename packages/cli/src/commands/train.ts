import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { CheckpointError, type CheckpointContents } from '@ntm/machine';
import { readCheckpointFile } from '@ntm/machine/node';
import { TIME_BUDGET_TOLERANCE, Trainer, taskStopCriteria, type StopReason, type TrainerOptions, type TrainingEvent } from '@ntm/trainer';
import { nodeGradientWorkers } from '@ntm/trainer/node';
import { helpText, parseCommandArguments } from '../arguments.js';
import { openBackend } from '../backends.js';
import { trainerState } from '../checkpoint-info.js';
import { EXIT_CODES, UsageError } from '../errors.js';
import { displayPath } from '../format.js';
import type { CliIo } from '../io.js';
import { checkTrainingLimits } from '../machine-limits.js';
import { ProgressDisplay } from '../progress-bar.js';
import { catchStopSignals, RunDirectory, STOP_SIGNALS } from '../run-directory.js';
import type { RunFileSystem } from '../run-file-system.js';
import { cliVersion } from '../version.js';
import { planTraining, resolveOrUsageError, trainSpec, type StopOverrides, type TrainingPlan } from './train-options.js';
import { divergedLine, trainingHeader, trainingSummary } from './train-summary.js';
import { TrainingSession } from './training-session.js';
import { chooseWorkers } from './train-workers.js';
import { type CoreClaims, openCoreClaims } from './core-claims.js';

/** Options of {@link runTrainCommand} that the command line does not set. */
export interface TrainCommandOptions {
  /** Catch SIGINT and SIGTERM to save a checkpoint before exiting (the real CLI does). */
  readonly catchSignals?: boolean;
  /** The file system the run directory is written through (default `node:fs`; tests inject failures). */
  readonly fileSystem?: RunFileSystem;
  /** Polled between steps: return true to stop as Ctrl-C would, but with exit code 0 (tests). */
  readonly shouldStop?: () => boolean;
  /**
   * The file gradient worker threads run: the `ntm` bundle itself, which serves as a worker when
   * started as one (`main.ts`). Without it, training runs on one thread (`--workers auto` is 1).
   */
  readonly gradientWorkerScript?: string | URL;
  /**
   * The `ntm` program itself (its bundle), for commands that start more `ntm` processes:
   * `ntm sweep` and `ntm worker` train each run in one of its own.
   */
  readonly cliScript?: string | URL;
  /** Called with every training event after the run's own logging (a sweep's child reports progress with it). */
  readonly onTrainingEvent?: (event: TrainingEvent) => void;
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
  const saved = plan.kind === 'resume' ? readResumable(plan, io.cwd) : null;
  const shards = plan.kind === 'new' ? plan.resolved.gradientShards : (saved as ResumableRun).config.gradientShards;
  const claims = openCoreClaims();
  try {
    return await trainWithClaim(plan, saved, shards, claims, io, options);
  } finally {
    claims.release();
  }
}

/** The rest of {@link runTrainCommand}, while this run's threads are claimed (`--workers auto` of other runs counts them). */
async function trainWithClaim(
  plan: TrainingPlan,
  saved: ResumableRun | null,
  shards: number,
  claims: CoreClaims,
  io: CliIo,
  options: TrainCommandOptions,
): Promise<number> {
  const { workers, reason: workersReason } = await chooseWorkers(plan.workers, { script: options.gradientWorkerScript, shards, claims });
  const resumed = saved === null ? null : withWorkers(saved, workers);
  checkTrainingLimits(plan.kind === 'new' ? plan.resolved : (resumed as ResumableRun).config, { backend: plan.backend });
  const task = plan.kind === 'new' ? plan.config.task : (resumed as ResumableRun).task;
  const runPath = resolve(
    io.cwd,
    plan.out ?? (resumed ? dirname(resumed.path) : defaultRunDirectory(task, new Date(), (candidate) => existsSync(resolve(io.cwd, candidate)))),
  );
  const runOptions = {
    resuming: resumed !== null,
    shown: (path: string) => displayPath(path, io.cwd),
    warn: (message: string) => io.stderr.write(`ntm: warning: ${message}\n`),
    ...(options.fileSystem === undefined ? {} : { fileSystem: options.fileSystem }),
  };
  RunDirectory.check(runPath, runOptions);

  const backend = await openBackend(plan.backend, io);
  if (!backend.capabilities.gradients) {
    throw new UsageError(`backend ${backend.name} cannot train: it computes forward values only, no gradients; use tfjs-wasm or tfjs-cpu`);
  }
  const run = RunDirectory.open(runPath, runOptions);
  const trainerOptions: TrainerOptions = workers > 1 ? { gradientWorkers: nodeGradientWorkers({ script: options.gradientWorkerScript as string | URL }) } : {};
  const trainer = resumed
    ? Trainer.resume(backend, resumed.contents, resumed.path, trainerOptions)
    : Trainer.create(backend, { ...(plan as Extract<TrainingPlan, { kind: 'new' }>).config, workers }, trainerOptions);
  try {
    return await train(trainer, run, plan, resumed, io, options, workersReason);
  } finally {
    trainer.dispose();
  }
}

interface ResumableRun {
  readonly path: string;
  readonly task: Trainer['config']['task'];
  /** The run's config, with this invocation's stop conditions and workers. */
  readonly config: Trainer['config'];
  /** The checkpoint with the command line's stop conditions written into its trainer config. */
  readonly contents: CheckpointContents;
}

/** The checkpoint to resume, with this invocation's stop conditions written into its config. */
function readResumable(plan: Extract<TrainingPlan, { kind: 'resume' }>, cwd: string): ResumableRun {
  const path = isAbsolute(plan.checkpoint) ? plan.checkpoint : resolve(cwd, plan.checkpoint);
  const contents = readCheckpointFile(path);
  const state = trainerState(contents, plan.checkpoint);
  if (!state) throw new CheckpointError(`${plan.checkpoint} holds a model but no training run to resume (no trainer state)`);
  if (plan.task !== undefined && plan.task !== state.config.task) {
    throw new UsageError(`task ${plan.task} does not match --resume ${plan.checkpoint}, which trains ${state.config.task}`);
  }
  const config = resolveOrUsageError(withStopOverrides(state.config, plan.overrides));
  return withConfig({ path, task: config.task, config, contents }, config);
}

/** The run to resume on `workers` threads: how this machine runs, like the backend, not a part of the run to keep. */
function withWorkers(run: ResumableRun, workers: number): ResumableRun {
  return withConfig(run, resolveOrUsageError({ ...run.config, workers }));
}

function withConfig(run: ResumableRun, config: Trainer['config']): ResumableRun {
  const trainer = { ...(run.contents.metadata['trainer'] as object), config };
  return { ...run, config, contents: { ...run.contents, metadata: { ...run.contents.metadata, trainer } } };
}

/** A config with the stop conditions and evaluation cadence the command line gave. */
function withStopOverrides(config: Trainer['config'], overrides: StopOverrides): Trainer['config'] {
  return {
    ...config,
    ...(overrides.maxSteps === undefined ? {} : { maxSteps: overrides.maxSteps }),
    ...(overrides.timeBudgetSeconds === undefined ? {} : { timeBudgetSeconds: overrides.timeBudgetSeconds }),
    ...(overrides.stopAt === undefined ? {} : taskStopCriteria(config.task, overrides.stopAt)),
    ...(overrides.stopAfterEvaluations === undefined ? {} : { stopAfterEvaluations: overrides.stopAfterEvaluations }),
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
  workersReason: string | null,
): Promise<number> {
  const shown = (path: string) => displayPath(path, io.cwd);
  run.writeConfig(trainer.config);
  run.appendLog({
    kind: 'start',
    time: new Date().toISOString(),
    step: trainer.step,
    sequencesSeen: trainer.sequencesSeen,
    backend: trainer.backend.name,
    workers: trainer.config.workers,
    resumedFrom: resumed ? shown(resumed.path) : null,
    version: cliVersion(),
  });
  io.stdout.write(trainingHeader(trainer, run, resumed !== null, shown, workersReason));

  const display = new ProgressDisplay(io.stdout, {
    plain: plan.plain || io.stdout.isTTY !== true,
    maxSteps: trainer.config.maxSteps,
    timeBudgetSeconds: trainer.config.timeBudgetSeconds,
    startStep: trainer.step,
  });
  const session = new TrainingSession(trainer, run, display, plan.checkpointEvery, options.shouldStop);
  if (resumed && resolve(resumed.path) === run.checkpointPath) session.savedCheckpointStep = trainer.step;
  const releaseSignals = options.catchSignals
    ? catchStopSignals(
        (signal) => {
          session.stopSignal = signal;
          display.message(`${signal === 'SIGINT' ? 'Ctrl-C' : signal}: stopping after this step and saving a checkpoint (again to quit at once)`);
        },
        (signal) => {
          display.finish();
          io.stderr.write(`ntm: ${signal} again: quitting without saving; the last checkpoint is ${shown(run.checkpointPath)}\n`);
        },
      )
    : () => {};
  let reason: StopReason;
  try {
    const onEvent = options.onTrainingEvent
      ? (event: TrainingEvent) => {
          session.onEvent(event);
          options.onTrainingEvent?.(event);
        }
      : session.onEvent;
    // A step predicted to end more than a tenth past --time-budget is not started.
    reason = await trainer.run({ onEvent, shouldStop: session.shouldStop, budgetOverrun: TIME_BUDGET_TOLERANCE });
    session.finish(reason);
  } finally {
    releaseSignals();
    display.finish();
  }
  io.stdout.write(trainingSummary(trainer, reason, session.stopSignal, run, shown, session.savedCheckpointStep, session.bestCheckpointStep));
  if (reason === 'diverged') {
    io.stderr.write(divergedLine(trainer, run, shown, session.savedCheckpointStep));
    return EXIT_CODES.failure;
  }
  return session.stopSignal === null ? EXIT_CODES.success : STOP_SIGNALS[session.stopSignal];
}
