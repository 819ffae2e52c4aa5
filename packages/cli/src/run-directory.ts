import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckpointContents } from '@ntm/machine';
import { ATOMIC_TEMPORARY_FILE, saveCheckpointFile, writeFileAtomic } from '@ntm/machine/node';
import type { ResolvedTrainingConfig } from '@ntm/trainer';
import { CommandError, UsageError } from './errors.js';
import { appendLogText, repairTornLog } from './log-file.js';
import { makeDirectories } from './make-directories.js';
import { nodeRunFileSystem, type RunFileSystem } from './run-file-system.js';
import { logLine, type RunLogRecord } from './run-log.js';
import { processIsAlive } from './process-alive.js';

/**
 * The file names inside a run directory.
 * @example join('runs/copy', RUN_FILES.log) // 'runs/copy/log.jsonl'
 */
export const RUN_FILES = { config: 'config.json', log: 'log.jsonl', checkpoint: 'checkpoint.ntm', best: 'best.ntm' } as const;

/** Options of {@link RunDirectory.open}. */
export interface RunDirectoryOptions {
  /** A resumed run continues the files already there; a new run refuses them. */
  readonly resuming: boolean;
  /** How paths appear in messages (relative to the working folder, say). */
  readonly shown?: (path: string) => string;
  /** Told what {@link RunDirectory.open} repaired or cleaned up (a torn log line, stale temporary files). */
  readonly warn?: (message: string) => void;
  /** The file system the run writes through (default `node:fs`; tests inject failures). */
  readonly fileSystem?: RunFileSystem;
}

/**
 * A training run's folder: `config.json` (the resolved training config), `log.jsonl` (one
 * JSON record per line) and `checkpoint.ntm` (weights, optimiser state, RNG state and step).
 * The config and the checkpoint are replaced atomically, so a crash or a kill at any moment
 * leaves the previous good file; the log only ever grows by whole lines (a write that fails
 * part-way is cut back, and a line torn by a kill is repaired when the run is resumed). Every
 * file-system error names the file and the operation.
 *
 * @example
 * ```ts
 * const run = RunDirectory.open('runs/copy-1', { resuming: false });
 * run.writeConfig(trainer.config);
 * run.appendLog({ kind: 'curriculum', time: new Date().toISOString(), step: 200, level: 3 });
 * run.saveCheckpoint(trainer.checkpoint());
 * ```
 */
export class RunDirectory {
  readonly configPath: string;
  readonly logPath: string;
  readonly checkpointPath: string;
  /** `best.ntm`: the checkpoint of the best validation result so far (by the task's primary metric). */
  readonly bestCheckpointPath: string;

  private constructor(
    readonly path: string,
    private readonly fs: RunFileSystem,
  ) {
    this.configPath = join(path, RUN_FILES.config);
    this.logPath = join(path, RUN_FILES.log);
    this.checkpointPath = join(path, RUN_FILES.checkpoint);
    this.bestCheckpointPath = join(path, RUN_FILES.best);
  }

  /**
   * Creates the folder if needed. A new run refuses a folder that already holds a run (its
   * checkpoint or log), so a second `ntm train` never overwrites the first one's files. A
   * resumed run's log is repaired if its last line was torn, and temporary files that killed
   * saves left behind are removed; `warn` is told of both.
   */
  static open(path: string, options: RunDirectoryOptions): RunDirectory {
    const run = RunDirectory.check(path, options);
    makeDirectories(path, 'run directory');
    const warn = options.warn ?? (() => {});
    const shown = options.shown ?? ((given: string) => given);
    const removed = removeStaleTemporaryFiles(path);
    if (removed.length > 0) {
      warn(`removed ${removed.length} temporary file${removed.length === 1 ? '' : 's'} left in ${shown(path)} by an interrupted save: ${removed.join(', ')}`);
    }
    const repair = repairTornLog(run.fs, run.logPath);
    if (repair) {
      const what = repair.action === 'removed' ? `removed it (${repair.removedBytes} bytes)` : 'it was a whole record; completed it with its newline';
      warn(`the last line (${repair.line}) of ${shown(run.logPath)} was cut off mid-write by an earlier run: ${what}`);
      run.appendLog({ kind: 'log-repaired', time: new Date().toISOString(), ...repair });
    }
    return run;
  }

  /**
   * Checks, without touching the disk, that a run may be written to `path` (see `open`), so
   * that a clash is reported before anything slow starts: a new run needs a folder without a
   * run in it, and the run's files, where they exist, must be files.
   */
  static check(path: string, options: RunDirectoryOptions): RunDirectory {
    const run = new RunDirectory(path, options.fileSystem ?? nodeRunFileSystem);
    const shown = options.shown ?? ((given: string) => given);
    if (!options.resuming && (existsSync(run.checkpointPath) || existsSync(run.logPath))) {
      throw new UsageError(`--out ${shown(path)} already holds a run; continue it with --resume ${shown(run.checkpointPath)}, or choose another --out`);
    }
    if (existsSync(path) && !statSync(path).isDirectory()) {
      throw new UsageError(`--out ${shown(path)} is a file, not a directory; choose another --out`);
    }
    for (const file of [run.configPath, run.logPath, run.checkpointPath, run.bestCheckpointPath]) {
      if (existsSync(file) && !statSync(file).isFile()) {
        throw new UsageError(`${shown(file)} is in the way of the run: it is a directory or a special file, not a file; move it or choose another --out`);
      }
    }
    return run;
  }

  /** Writes `config.json`: the resolved config, enough to start the same run again. */
  writeConfig(config: ResolvedTrainingConfig): void {
    writeFileAtomic(this.configPath, new TextEncoder().encode(`${JSON.stringify(config, null, 2)}\n`), this.fs);
  }

  /** Appends one record to `log.jsonl`, as a whole line or not at all. */
  appendLog(record: RunLogRecord): void {
    appendLogText(this.fs, this.logPath, logLine(record));
  }

  /** Replaces `checkpoint.ntm` atomically. */
  saveCheckpoint(contents: CheckpointContents): void {
    saveCheckpointFile(this.checkpointPath, contents, this.fs);
  }

  /** Replaces `best.ntm` atomically (a whole checkpoint: it can be evaluated, shown and resumed). */
  saveBestCheckpoint(contents: CheckpointContents): void {
    saveCheckpointFile(this.bestCheckpointPath, contents, this.fs);
  }
}

/**
 * Removes the temporary files of saves that were killed (`.checkpoint.ntm.<pid>.<hex>.tmp`):
 * those whose process is gone, or is this one (its saves are synchronous, so none is under
 * way). A file of a live process of someone else's is left alone. Returns the names removed.
 */
function removeStaleTemporaryFiles(path: string): string[] {
  const ours: readonly string[] = Object.values(RUN_FILES);
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(path);
  } catch (error) {
    throw new CommandError(`cannot list run directory ${path}: ${(error as Error).message}`);
  }
  for (const name of names) {
    const [, target, pidText] = ATOMIC_TEMPORARY_FILE.exec(name) ?? [];
    const pid = Number(pidText);
    if (target === undefined || !ours.includes(target) || (pid !== process.pid && processIsAlive(pid))) continue;
    try {
      rmSync(join(path, name), { force: true });
    } catch (error) {
      throw new CommandError(`cannot remove ${join(path, name)}, a temporary file an interrupted save left: ${(error as Error).message}`);
    }
    removed.push(name);
  }
  return removed;
}

/**
 * The signals a training run stops cleanly on, and the exit code of each (128 + number).
 * @example STOP_SIGNALS.SIGINT // 130
 */
export const STOP_SIGNALS = { SIGINT: 130, SIGTERM: 143 } as const;
/** `SIGINT` or `SIGTERM`. */
export type StopSignal = keyof typeof STOP_SIGNALS;

/**
 * Catches Ctrl-C (SIGINT) and SIGTERM for the length of a run: the first one calls `onStop`
 * (the run then saves a checkpoint at the next step boundary and exits 130 or 143); a second
 * one quits at once with the same code, keeping the last periodic checkpoint (checkpoints are
 * written atomically, so it is whole). Returns a function that removes the handlers.
 *
 * @example
 * ```ts
 * let stopSignal: StopSignal | null = null;
 * const release = catchStopSignals((signal) => (stopSignal = signal), () => console.error('quitting'));
 * await trainer.run({ shouldStop: () => stopSignal !== null });
 * release();
 * ```
 */
export function catchStopSignals(onStop: (signal: StopSignal) => void, onForcedQuit: (signal: StopSignal) => void): () => void {
  let caught = false;
  const handlers = (Object.keys(STOP_SIGNALS) as StopSignal[]).map((signal) => {
    const handler = () => {
      if (caught) {
        onForcedQuit(signal);
        process.exit(STOP_SIGNALS[signal]);
      }
      caught = true;
      onStop(signal);
    };
    process.on(signal, handler);
    return { signal, handler };
  });
  return () => {
    for (const { signal, handler } of handlers) process.off(signal, handler);
  };
}
