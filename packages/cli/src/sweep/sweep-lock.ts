import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { processIsAlive } from '../process-alive.js';

/** The file a sweep on this machine holds in its folder while it runs. */
export const SWEEP_LOCK_FILE = 'sweep.lock';

/** What the lock file says: who holds the folder. */
interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
}

/**
 * Takes a sweep folder for this process: two sweeps in one folder would train the same runs at
 * once, each resuming the other's checkpoints, and mix their logs. Creates `sweep.lock` (only if
 * it does not exist: the file system decides between two at once) naming this process; a lock
 * left by a process of this machine that no longer runs (a crash, a kill -9) is taken over.
 * Returns the release, which removes the file if it is still this process's. Throws a
 * {@link UsageError} naming the holder otherwise.
 *
 * @example
 * ```ts
 * const release = lockSweepFolder('sweeps/copy-seeds');
 * try { await runLocalSweep(…); } finally { release(); }
 * ```
 */
export function lockSweepFolder(folder: string, isRunning: (pid: number) => boolean = processIsAlive): () => void {
  const path = join(folder, SWEEP_LOCK_FILE);
  const mine: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(path, `${JSON.stringify(mine)}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(path);
      const stale = holder !== null && holder.host === mine.host && !isRunning(holder.pid);
      if (!stale || attempt > 0) {
        const who = holder === null ? 'another ntm sweep' : `another ntm sweep (process ${holder.pid} on ${holder.host}, since ${holder.startedAt})`;
        throw new UsageError(
          `${who} is running in ${folder}: two would train the same runs at once. Wait for it or stop it (Ctrl-C); if it is gone, delete ${path}`,
        );
      }
      rmSync(path, { force: true }); // its process is gone: the folder is free
    }
  }
  return () => {
    const holder = readHolder(path);
    if (holder?.pid === mine.pid && holder.startedAt === mine.startedAt) rmSync(path, { force: true });
  };
}

function readHolder(path: string): LockHolder | null {
  try {
    const holder = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    return typeof holder.pid === 'number' && typeof holder.host === 'string' && typeof holder.startedAt === 'string' ? (holder as LockHolder) : null;
  } catch {
    return null; // gone, or half written: say "another ntm sweep"
  }
}
