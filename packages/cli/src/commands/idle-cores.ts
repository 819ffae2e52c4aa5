import { cpus } from 'node:os';

/** One core's time counters, in milliseconds since boot: idle, and all kinds together. */
export interface CoreTimes {
  readonly idle: number;
  readonly total: number;
}

/** The cores' counters now, as `os.cpus()` gives them (`/proc/stat` on Linux). */
export function readCoreTimes(): CoreTimes[] {
  return cpus().map(({ times }) => ({ idle: times.idle, total: times.user + times.nice + times.sys + times.idle + times.irq }));
}

/**
 * How many cores stood idle over the next `milliseconds`: Σ over cores of the fraction of the
 * interval each spent idle, from two readings of the counters (1.9 = one core idle and the
 * other 90 % idle). This process sleeps while it measures, so what it sees busy is other
 * programs' work. A core whose counters did not move (too short an interval) counts as idle.
 *
 * @example await measureIdleCores(500) // 1.93 on an idle 2-core machine; 0.1 while a sweep runs two runs
 */
export async function measureIdleCores(milliseconds: number, read: () => readonly CoreTimes[] = readCoreTimes): Promise<number> {
  const before = read();
  await new Promise((resolve) => setTimeout(resolve, milliseconds));
  return idleCoresBetween(before, read());
}

/**
 * The idle cores between two readings of the counters (see {@link measureIdleCores}).
 * @example idleCoresBetween([{ idle: 0, total: 0 }], [{ idle: 40, total: 50 }]) // 0.8
 */
export function idleCoresBetween(before: readonly CoreTimes[], after: readonly CoreTimes[]): number {
  return after.reduce((idle, core, index) => {
    const start = before[index];
    const elapsed = start === undefined ? 0 : core.total - start.total;
    if (start === undefined || elapsed <= 0) return idle + 1;
    return idle + Math.min(1, Math.max(0, (core.idle - start.idle) / elapsed));
  }, 0);
}
