import { fork } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommandError } from '../errors.js';
import type { WorkersRequest } from '../commands/train-workers.js';
import { isRunProgressMessage, SWEEP_CHILD_ENV, type RunProgress } from './progress-channel.js';
import { readRunState, runOutcomeFromLog, writeRunOutcome, type RunOutcome } from './run-outcome.js';
import type { SweepBackend, SweepBudget, SweepTest } from './sweep-spec.js';
import { scoreOnTestSet, testResultMatches } from './run-test-set.js';
import { trainArguments, type SweepRun } from './sweep-runs.js';

/**
 * The file in a run's folder that collects the output of its `ntm train` processes.
 * @example join(runDirectory, RUN_OUTPUT_FILE)
 */
export const RUN_OUTPUT_FILE = 'output.log';

/** What {@link trainSweepRun} needs besides the run. */
export interface TrainSweepRunOptions {
  /** The `ntm` program (its bundle), started once per run in a process of its own. */
  readonly script: string | URL;
  readonly budget: SweepBudget;
  /** `--backend` of every invocation; null or absent: the fastest that starts. */
  readonly backend?: SweepBackend | null;
  /** The test set each finished run is scored on; null or absent: none. */
  readonly test?: SweepTest | null;
  /** `--workers` of every invocation (default 1: one run per core); `auto` where runs go one at a time. */
  readonly workers?: WorkersRequest;
  /** The run's folder: `<sweep>/runs/<id>`. */
  readonly runDirectory: string;
  readonly onProgress?: (progress: RunProgress) => void;
  /** Called with the child once it has started (or resumed), so that a caller can stop it. */
  readonly onStart?: (control: RunControl, resumed: boolean) => void;
}

/** A running run's process, for whoever must stop it. */
export interface RunControl {
  /** SIGTERM: the run saves a checkpoint at the next step and ends (a later sweep resumes it). */
  stop(): void;
}

/**
 * Trains one run of a sweep to its end in a process of its own (so a crash ends this run,
 * not the sweep): a new run starts, an unfinished one continues from its checkpoint with
 * what is left of its time budget, a finished one returns its result at once without
 * training. Resolves with the outcome, which is also written to the run's `result.json`.
 * Rejects with a {@link CommandError} holding the end of the process's output when it fails
 * or is stopped; the run's checkpoint stays, so the next attempt resumes it.
 *
 * @example
 * ```ts
 * const outcome = await trainSweepRun(run, { script: 'dist/ntm.js', budget: spec.budget, runDirectory: 'sweeps/s/runs/' + run.id });
 * outcome.converged;
 * ```
 */
export async function trainSweepRun(run: SweepRun, options: TrainSweepRunOptions): Promise<RunOutcome> {
  const { runDirectory, budget } = options;
  mkdirSync(runDirectory, { recursive: true });
  const state = readRunState(runDirectory);
  if (state.kind === 'finished') return withTestScores(state.outcome, options);
  const resume = state.kind === 'resumable';
  const secondsLeft = budget.seconds === null ? null : budget.seconds - (resume ? state.trainedSeconds : 0);
  const argv = trainArguments(run, budget, runDirectory, { resume, secondsLeft, backend: options.backend ?? null, workers: options.workers ?? 1 });
  const code = await runChild(options, argv, resume);
  const outcome = runOutcomeFromLog(runDirectory, run);
  // A run that diverged exits 1 with a stop record: that is its result (a setting that does not
  // train), not a crash to retry. Any other failure leaves the run to resume.
  if (code !== 0 && outcome?.stopReason !== 'diverged') {
    throw new CommandError(`run ${run.id}: ntm ${argv.slice(0, 2).join(' ')} … ${describeExit(code)}; ${lastLines(join(runDirectory, RUN_OUTPUT_FILE))}`);
  }
  if (!outcome) throw new CommandError(`run ${run.id} was stopped before its budget was spent; it resumes from its checkpoint next time`);
  writeRunOutcome(runDirectory, outcome);
  return withTestScores(outcome, options);
}

/**
 * The outcome with its scores on the sweep's test set, scoring the run's checkpoint (and
 * rewriting `result.json`) when they are missing or were made on another test set.
 * @example const scored = await withTestScores(outcome, { script, runDirectory, test: spec.test });
 */
export async function withTestScores(
  outcome: RunOutcome,
  options: Pick<TrainSweepRunOptions, 'script' | 'runDirectory' | 'test' | 'backend'>,
): Promise<RunOutcome> {
  const test = options.test ?? null;
  if (test === null || testResultMatches(outcome.test, test)) return outcome;
  const scored = { ...outcome, test: await scoreOnTestSet(options.script, options.runDirectory, test, options.backend ?? null) };
  writeRunOutcome(options.runDirectory, scored);
  return scored;
}

/** Starts `ntm train …` with an IPC channel and its output appended to the run's `output.log`; resolves with its exit code. */
function runChild(options: TrainSweepRunOptions, argv: readonly string[], resumed: boolean): Promise<number | string> {
  const outputPath = join(options.runDirectory, RUN_OUTPUT_FILE);
  const output = openSync(outputPath, 'a');
  const script = typeof options.script === 'string' && !options.script.startsWith('file:') ? options.script : fileURLToPath(options.script);
  return new Promise((resolve, reject) => {
    const child = fork(script, argv, {
      stdio: ['ignore', output, output, 'ipc'],
      env: { ...process.env, [SWEEP_CHILD_ENV]: '1' },
      // Its own process group: a Ctrl-C at the terminal reaches the sweep, which stops its
      // runs once, instead of every run at once and then again from the sweep.
      detached: true,
    });
    closeSync(output);
    child.on('message', (message) => {
      if (isRunProgressMessage(message)) options.onProgress?.(message.progress);
    });
    child.on('error', (error) => reject(new CommandError(`cannot start ${script}: ${error.message}`)));
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    options.onStart?.({ stop: () => child.kill('SIGTERM') }, resumed);
  });
}

function describeExit(code: number | string): string {
  return typeof code === 'number' ? `exited with code ${code}` : `was killed by ${code}`;
}

/** The last few lines of a run's output, for an error message on one line. */
function lastLines(path: string): string {
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return 'no output';
  }
  const lines = text
    .trim()
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(-3);
  return lines.length === 0 ? 'no output' : `its output ends: ${lines.join(' | ')}`;
}
