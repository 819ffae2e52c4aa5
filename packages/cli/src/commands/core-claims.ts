import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The threads each `ntm train` on this machine holds, so that `--workers auto` counts the runs
 * that have started but not yet begun to compute. Watching the cores alone cannot: two runs
 * started in the same second both see every core idle and both take two threads, and then each
 * step waits on a shared core. Every run writes a file named by its process id holding its
 * thread count; `auto` writes one thread first, then watches, then reads the others' files.
 * The files are advisory: a file that cannot be written or read counts as no claim, and the file
 * of a process that has ended is ignored and removed.
 */
export interface CoreClaims {
  /** Claims `threads` for this process, replacing its earlier claim. */
  claim(threads: number): void;
  /** The threads that other live `ntm train` processes on this machine claim. */
  claimedByOthers(): number;
  /** Removes this process's claim (at the end of the run, or on exit). */
  release(): void;
}

/** Where the claims are kept: one folder in the system's temporary directory, shared by every user's runs. */
export const CORE_CLAIMS_DIRECTORY = join(tmpdir(), 'ntm-core-claims');

/** What {@link openCoreClaims} needs of the machine; the tests give their own. */
export interface CoreClaimsOptions {
  readonly directory?: string;
  readonly pid?: number;
  /** Whether a process is still running (default: `process.kill(pid, 0)` succeeds). */
  readonly isAlive?: (pid: number) => boolean;
  /** Runs `handler` when the process exits; returns what cancels that (default: the process's `exit` event). */
  readonly onExit?: (handler: () => void) => () => void;
}

function onProcessExit(handler: () => void): () => void {
  process.once('exit', handler);
  return () => process.off('exit', handler);
}

/**
 * The claims of this process, kept in {@link CORE_CLAIMS_DIRECTORY}. The claim is also removed
 * when the process exits, however it exits short of a crash of Node itself.
 *
 * @example
 * ```ts
 * const claims = openCoreClaims();
 * claims.claim(1);
 * const free = availableParallelism() - claims.claimedByOthers(); // 1 beside another one-thread run on 2 cores
 * claims.release();
 * ```
 */
export function openCoreClaims(options: CoreClaimsOptions = {}): CoreClaims {
  const { directory = CORE_CLAIMS_DIRECTORY, pid = process.pid, isAlive = processIsAlive, onExit = onProcessExit } = options;
  const own = join(directory, String(pid));
  const release = () => removeQuietly(own);
  let cancelReleaseOnExit: (() => void) | null = null;
  return {
    claim(threads) {
      try {
        mkdirSync(directory, { recursive: true });
        writeFileSync(own, String(threads));
      } catch {
        return; // No shared temporary folder: auto falls back to watching the cores alone.
      }
      cancelReleaseOnExit ??= onExit(release);
    },
    claimedByOthers() {
      let names: string[];
      try {
        names = readdirSync(directory);
      } catch {
        return 0;
      }
      return names.reduce((total, name) => {
        const other = /^\d+$/.test(name) ? Number(name) : Number.NaN;
        if (!Number.isSafeInteger(other) || other === pid) return total;
        if (!isAlive(other)) {
          removeQuietly(join(directory, name)); // a run that ended without removing its claim
          return total;
        }
        return total + readThreads(join(directory, name));
      }, 0);
    },
    release() {
      release();
      cancelReleaseOnExit?.();
      cancelReleaseOnExit = null;
    },
  };
}

/** Removes a claim file; one already gone, or a folder that cannot be reached, is no error. */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Advisory files: a claim left behind is ignored once its process has ended.
  }
}

/** A claim file's thread count; 0 for a file being written, removed or garbled meanwhile. */
function readThreads(path: string): number {
  try {
    const threads = Number(readFileSync(path, 'utf8'));
    return Number.isSafeInteger(threads) && threads > 0 ? threads : 0;
  } catch {
    return 0;
  }
}

/** Signal 0 tests for the process without touching it; EPERM means it runs as another user. */
function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
