import { readFileSync } from 'node:fs';
import { specialFileKind } from '@ntm/machine/node';
import type { StopReason } from '@ntm/trainer';
import { CommandError } from './errors.js';
import { printable } from './printable.js';

/**
 * The lines of a run's `log.jsonl`, one JSON object per line, told apart by `kind`. Costs are
 * bits per sequence, bit errors are per sequence (docs/math.md §4); numbers that are not finite
 * are written as `null` (JSON has no NaN).
 */
export type RunLogRecord = StartRecord | EvaluationRecord | NanRecord | CurriculumRecord | CriterionRecord | StopRecord | LogRepairRecord;

/** A training invocation began (a new run, or a resume). */
export interface StartRecord {
  readonly kind: 'start';
  readonly time: string;
  readonly step: number;
  readonly sequencesSeen: number;
  readonly backend: string;
  /** Threads computing the gradients in this invocation (absent in logs written before it was recorded). */
  readonly workers?: number;
  /** The checkpoint the run resumed from, or null for a new run. */
  readonly resumedFrom: string | null;
  readonly version: string;
}

/** One evaluation on the held-out set, with the training figures since the previous one. */
export interface EvaluationRecord {
  readonly kind: 'evaluation';
  readonly time: string;
  readonly step: number;
  readonly sequencesSeen: number;
  /** Mean training cost of the steps since the previous evaluation. */
  readonly trainingCost: number | null;
  readonly trainingBitErrors: number | null;
  readonly evaluationCost: number | null;
  readonly evaluationBitErrors: number | null;
  readonly evaluationSequences: number;
  /** The Bayes-optimal cost of the same sequences (dynamic N-grams; absent or null elsewhere). */
  readonly evaluationOptimalCost?: number | null;
  readonly sequencesPerSecond: number | null;
  /** Training wall time of the whole run, across resumes. */
  readonly wallSeconds: number;
  readonly nanEvents: number;
  readonly curriculumLevel: number | null;
}

/** A non-finite loss or gradient: the update was skipped, or the weights rolled back. */
export interface NanRecord {
  readonly kind: 'nan';
  readonly time: string;
  readonly step: number;
  readonly action: 'skipped' | 'rolled-back';
  readonly nanEvents: number;
}

/** The length curriculum moved to a new level. */
export interface CurriculumRecord {
  readonly kind: 'curriculum';
  readonly time: string;
  readonly step: number;
  readonly level: number;
}

/** The validation set met the stop criteria for the first time: the learning rate was lowered from here on. */
export interface CriterionRecord {
  readonly kind: 'criterion';
  readonly time: string;
  readonly step: number;
  readonly sequencesSeen: number;
  /** The factor on the optimiser's learning rate from here on. */
  readonly learningRateScale: number;
}

/**
 * A resume found the log's last line torn (cut off mid-write by a kill or a full disk) and
 * repaired it before appending: `removed` it (it was not a whole record), or `completed` it with
 * its missing newline.
 */
export interface LogRepairRecord {
  readonly kind: 'log-repaired';
  readonly time: string;
  /** The 1-based number the torn line had. */
  readonly line: number;
  readonly action: 'removed' | 'completed';
  readonly removedBytes: number;
}

/** The invocation ended, and why. */
export interface StopRecord {
  readonly kind: 'stop';
  readonly time: string;
  readonly step: number;
  readonly sequencesSeen: number;
  readonly reason: StopReason;
  /** `SIGINT` or `SIGTERM` when a signal stopped it. */
  readonly signal: string | null;
  readonly wallSeconds: number;
  readonly nanEvents: number;
}

/**
 * One log line: the record as JSON, non-finite numbers as `null`, and a newline.
 * @example logLine({ kind: 'curriculum', time, step: 200, level: 3 }) // '{"kind":"curriculum",…}\n'
 */
export function logLine(record: RunLogRecord): string {
  return `${JSON.stringify(record, (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? null : value))}\n`;
}

/** Options of {@link readRunLog}. */
export interface ReadRunLogOptions {
  /** Told about a last line cut off mid-write, which is skipped: its 1-based number and its start. */
  readonly onTornLastLine?: (line: number, start: string) => void;
}

/**
 * Reads a `log.jsonl`: every line must be a JSON object with a `kind`; a line that is not
 * fails with its number (its text shown escaped, never as raw bytes). A last line cut off
 * mid-write (a killed process, a full disk) is skipped, and `onTornLastLine` told. A named
 * pipe or a device is refused before it is read (reading one could block forever).
 *
 * @example const evaluations = readRunLog('runs/copy/log.jsonl').filter((r) => r.kind === 'evaluation');
 */
export function readRunLog(path: string, options: ReadRunLogOptions = {}): RunLogRecord[] {
  const special = specialFileKind(path);
  if (special !== null) throw new CommandError(`log ${path} is ${special}, not a file`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CommandError(code === 'ENOENT' ? `log ${path} does not exist` : `cannot read log ${path}: ${(error as Error).message}`);
  }
  const lines = text.split('\n');
  const records: RunLogRecord[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      const isLast = lines.slice(index + 1).every((rest) => rest.trim() === '');
      if (isLast && !text.endsWith('\n')) {
        options.onTornLastLine?.(index + 1, printable(line, 60));
        return;
      }
      throw new CommandError(`log ${path} line ${index + 1} is not JSON: ${printable(line, 60)}`);
    }
    if (record === null || typeof record !== 'object' || typeof (record as { kind?: unknown }).kind !== 'string') {
      throw new CommandError(`log ${path} line ${index + 1} is not a log record (an object with a "kind"): ${printable(line, 60)}`);
    }
    records.push(record as RunLogRecord);
  });
  return records;
}
