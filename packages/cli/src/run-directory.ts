import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckpointContents } from '@ntm/machine';
import { saveCheckpointFile, writeFileAtomic } from '@ntm/machine/node';
import type { ResolvedTrainingConfig } from '@ntm/trainer';
import { CommandError, UsageError } from './errors.js';
import { logLine, type RunLogRecord } from './run-log.js';

/**
 * The file names inside a run directory.
 * @example join('runs/copy', RUN_FILES.log) // 'runs/copy/log.jsonl'
 */
export const RUN_FILES = { config: 'config.json', log: 'log.jsonl', checkpoint: 'checkpoint.ntm' } as const;

/** Options of {@link RunDirectory.open}. */
export interface RunDirectoryOptions {
  /** A resumed run continues the files already there; a new run refuses them. */
  readonly resuming: boolean;
  /** How paths appear in messages (relative to the working folder, say). */
  readonly shown?: (path: string) => string;
}

/**
 * A training run's folder: `config.json` (the resolved training config), `log.jsonl` (one
 * JSON record per line) and `checkpoint.ntm` (weights, optimiser state, RNG state and step).
 * The config and the checkpoint are replaced atomically, so a crash or a kill at any moment
 * leaves the previous good file; the log only ever grows by whole lines.
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

  private constructor(readonly path: string) {
    this.configPath = join(path, RUN_FILES.config);
    this.logPath = join(path, RUN_FILES.log);
    this.checkpointPath = join(path, RUN_FILES.checkpoint);
  }

  /**
   * Creates the folder if needed. A new run refuses a folder that already holds a run (its
   * checkpoint or log), so a second `ntm train` never overwrites the first one's files.
   */
  static open(path: string, options: RunDirectoryOptions): RunDirectory {
    const run = RunDirectory.check(path, options);
    try {
      mkdirSync(path, { recursive: true });
    } catch (error) {
      throw new CommandError(`cannot create run directory ${path}: ${(error as Error).message}`);
    }
    return run;
  }

  /**
   * Checks, without touching the disk, that a run may be written to `path` (see `open`), so
   * that a clash is reported before anything slow starts.
   */
  static check(path: string, options: RunDirectoryOptions): RunDirectory {
    const run = new RunDirectory(path);
    if (!options.resuming && (existsSync(run.checkpointPath) || existsSync(run.logPath))) {
      const shown = options.shown ?? ((given: string) => given);
      throw new UsageError(`--out ${shown(path)} already holds a run; continue it with --resume ${shown(run.checkpointPath)}, or choose another --out`);
    }
    return run;
  }

  /** Writes `config.json`: the resolved config, enough to start the same run again. */
  writeConfig(config: ResolvedTrainingConfig): void {
    writeFileAtomic(this.configPath, new TextEncoder().encode(`${JSON.stringify(config, null, 2)}\n`));
  }

  /** Appends one record to `log.jsonl`. */
  appendLog(record: RunLogRecord): void {
    appendFileSync(this.logPath, logLine(record));
  }

  /** Replaces `checkpoint.ntm` atomically. */
  saveCheckpoint(contents: CheckpointContents): void {
    saveCheckpointFile(this.checkpointPath, contents);
  }
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
