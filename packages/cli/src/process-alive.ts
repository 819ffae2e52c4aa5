/**
 * Whether a process of this machine runs (signal 0 tests without sending anything): the
 * checks of a run directory's and a sweep folder's holders.
 *
 * @example processIsAlive(process.pid) // true
 */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
