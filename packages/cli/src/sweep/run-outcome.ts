import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@ntm/machine/node';
import type { StopReason } from '@ntm/trainer';
import { CommandError } from '../errors.js';
import { RUN_FILES } from '../run-directory.js';
import { readRunLog, type EvaluationRecord, type StartRecord, type StopRecord } from '../run-log.js';
import type { RunTestResult } from './run-test-set.js';
import type { RunSettings } from './sweep-runs.js';

/**
 * The file a sweep writes into a run's folder once the run has ended by itself (budget
 * spent or converged): its presence is what "finished" means, so a re-run skips the run.
 * @example join(runDirectory, RESULT_FILE) // 'sweeps/s/runs/copy-ntm-lstm-adam-s1/result.json'
 */
export const RESULT_FILE = 'result.json';

/** One held-out evaluation of a run, as the report draws it. */
export interface OutcomeEvaluation {
  readonly step: number;
  readonly sequencesSeen: number;
  readonly wallSeconds: number;
  readonly cost: number | null;
  readonly bitErrors: number | null;
  /** The Bayes-optimal cost of the same validation sequences (dynamic N-grams; absent in older results). */
  readonly optimalCost?: number | null;
}

/** What a finished run did: the figures a report compares over seeds. */
export interface RunOutcome {
  readonly format: 'ntm-sweep-run';
  readonly formatVersion: 1;
  readonly id: string;
  readonly configuration: string;
  readonly settings: RunSettings;
  readonly stopReason: StopReason;
  readonly converged: boolean;
  readonly steps: number;
  readonly sequencesSeen: number;
  /** Training time across every invocation (the trainer's clock: steps and evaluations). */
  readonly trainingSeconds: number;
  readonly nanEvents: number;
  /** The last evaluation's held-out figures, per sequence. */
  readonly finalCost: number | null;
  readonly finalBitErrors: number | null;
  /** How many times the run was continued from a checkpoint (after a crash, a kill, a worker's death). */
  readonly resumes: number;
  readonly evaluations: readonly OutcomeEvaluation[];
  /** The scores on the sweep's test set, which no stop decision saw (null: the sweep has none). */
  readonly test: RunTestResult | null;
}

/** Where a run's folder stands, read from its files. */
export type RunState =
  | { readonly kind: 'finished'; readonly outcome: RunOutcome }
  /** A checkpoint to continue from, and the training seconds already spent. */
  | { readonly kind: 'resumable'; readonly trainedSeconds: number }
  | { readonly kind: 'new' };

/**
 * Reads a run folder's state. A folder with a log but no checkpoint (killed before its first
 * checkpoint) has nothing to continue from: its files are removed and it starts again, which
 * gives the same run, since runs are seeded.
 *
 * @example readRunState('sweeps/s/runs/copy-ntm-lstm-adam-s1').kind // 'new' | 'resumable' | 'finished'
 */
export function readRunState(runDirectory: string): RunState {
  const resultPath = join(runDirectory, RESULT_FILE);
  if (existsSync(resultPath)) return { kind: 'finished', outcome: readOutcomeFile(resultPath) };
  const checkpoint = join(runDirectory, RUN_FILES.checkpoint);
  if (existsSync(checkpoint)) {
    const logPath = join(runDirectory, RUN_FILES.log);
    const records = existsSync(logPath) ? readRunLog(logPath) : [];
    const timed = records.filter((record): record is EvaluationRecord | StopRecord => record.kind === 'evaluation' || record.kind === 'stop');
    return { kind: 'resumable', trainedSeconds: timed.at(-1)?.wallSeconds ?? 0 };
  }
  for (const file of [RUN_FILES.log, RUN_FILES.config]) rmSync(join(runDirectory, file), { force: true });
  return { kind: 'new' };
}

/**
 * The outcome of a run from its `log.jsonl` once its `ntm train` has exited: null when the last
 * invocation was stopped from outside (a signal, its parent gone) rather than ending by itself,
 * or left no log at all.
 *
 * @example const outcome = runOutcomeFromLog(runDirectory, run); // then writeRunOutcome
 */
export function runOutcomeFromLog(
  runDirectory: string,
  run: { readonly id: string; readonly configuration: string; readonly settings: RunSettings },
): RunOutcome | null {
  const logPath = join(runDirectory, RUN_FILES.log);
  // A process that failed before training (a usage error, a backend that would not start) left no log.
  if (!existsSync(logPath)) return null;
  const records = readRunLog(logPath);
  const stop = records.filter((record): record is StopRecord => record.kind === 'stop').at(-1);
  if (!stop || stop.reason === 'stopped') return null;
  const evaluations = records.filter((record): record is EvaluationRecord => record.kind === 'evaluation').map(outcomeEvaluation);
  const last = evaluations.at(-1);
  return {
    format: 'ntm-sweep-run',
    formatVersion: 1,
    id: run.id,
    configuration: run.configuration,
    settings: run.settings,
    stopReason: stop.reason,
    converged: stop.reason === 'converged',
    steps: stop.step,
    sequencesSeen: stop.sequencesSeen,
    trainingSeconds: stop.wallSeconds,
    nanEvents: stop.nanEvents,
    finalCost: last?.cost ?? null,
    finalBitErrors: last?.bitErrors ?? null,
    resumes: records.filter((record): record is StartRecord => record.kind === 'start' && record.resumedFrom !== null).length,
    evaluations,
    test: null,
  };
}

/**
 * A log's evaluation record as an outcome keeps it: when, and the held-out figures.
 * @example readRunLog(path).filter(isEvaluation).map(outcomeEvaluation)
 */
export function outcomeEvaluation(record: EvaluationRecord): OutcomeEvaluation {
  const { step, sequencesSeen, wallSeconds, evaluationCost, evaluationBitErrors, evaluationOptimalCost } = record;
  return { step, sequencesSeen, wallSeconds, cost: evaluationCost, bitErrors: evaluationBitErrors, optimalCost: evaluationOptimalCost ?? null };
}

/**
 * Writes `result.json` atomically: a kill mid-write leaves no half file that would mark the run finished.
 * @example writeRunOutcome(runDirectory, outcome);
 */
export function writeRunOutcome(runDirectory: string, outcome: RunOutcome): void {
  writeFileAtomic(join(runDirectory, RESULT_FILE), new TextEncoder().encode(`${JSON.stringify(outcome, null, 2)}\n`));
}

/**
 * Reads a `result.json`, checking that it is one.
 * @example readOutcomeFile('sweeps/s/runs/copy-ntm-lstm-adam-s1/result.json').converged
 */
export function readOutcomeFile(path: string): RunOutcome {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CommandError(`cannot read run result ${path}: ${(error as Error).message}`);
  }
  if ((value as Partial<RunOutcome> | null)?.format !== 'ntm-sweep-run' || (value as RunOutcome).formatVersion !== 1) {
    throw new CommandError(`${path} is not a sweep run's result (format ntm-sweep-run, version 1)`);
  }
  return value as RunOutcome;
}
