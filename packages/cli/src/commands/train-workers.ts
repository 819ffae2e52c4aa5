import { availableParallelism } from 'node:os';
import { UsageError } from '../errors.js';
import type { CoreClaims } from './core-claims.js';
import { measureIdleCores } from './idle-cores.js';

/** What `--workers` asked for: a count of threads, or `auto`. */
export type WorkersRequest = number | 'auto';

/**
 * `--workers`: `auto`, or an integer ≥ 1.
 * @example parseWorkersFlag('auto') // 'auto'
 */
export function parseWorkersFlag(text: string): WorkersRequest {
  if (text.trim() === 'auto') return 'auto';
  const value = /^\+?\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1) throw new UsageError(`--workers must be auto or an integer >= 1, got "${text}"`);
  return value;
}

/** How many threads train, and why: the header of `ntm train` says it. */
export interface WorkersChoice {
  readonly workers: number;
  /** Why `auto` gave this many (null for a count given on the command line). */
  readonly reason: string | null;
}

/** What {@link chooseWorkers} knows of the machine and the run. */
export interface WorkersContext {
  /** The file worker threads run: the bundled `ntm` (undefined when run from its sources). */
  readonly script: string | URL | undefined;
  /** The run's `gradientShards`: no more threads than shards can help. */
  readonly shards: number;
  readonly cores?: number;
  /** Cores idle just now ({@link measureIdleCores}); measured only for `auto`. */
  readonly measureIdle?: () => Promise<number>;
  /**
   * The threads of the other `ntm train` runs on this machine ({@link openCoreClaims}): the
   * choice is claimed there, and `auto` takes no more cores than the others leave. Default: none
   * (only the cores are watched).
   */
  readonly claims?: CoreClaims;
}

/**
 * How idle the second core must be for `auto` to use it: 75 %. Measured on the project's
 * 2-core machine (copy, batch 32, tfjs-wasm): two threads ran at 1.43–1.46× one thread's speed
 * with the second core idle, but at 0.58–1.13× (median 0.78×) beside other runs, since every
 * step waits for the slower thread. {@link measureIdleCores}' reading rounds down past this.
 * @example AUTO_WORKERS_IDLE_SHARE // 0.75
 */
export const AUTO_WORKERS_IDLE_SHARE = 0.75;

/** How long `auto` watches the cores before it decides: half a second, once, before training. */
export const AUTO_WORKERS_PROBE_MILLISECONDS = 500;

/**
 * How many threads compute each batch's gradients. A count is kept as given, up to the cores.
 * `auto` (the default) watches the cores for half a second and takes as many threads as cores
 * stood idle, a core {@link AUTO_WORKERS_IDLE_SHARE} idle counting as idle, up to two (a third thread buys little at
 * batch 32: every shard keeps a step's fixed cost), up to the run's shards and up to the cores the
 * other runs' `claims` leave (a run started in the same second is not busy yet). The result of a
 * run does not depend on the choice: the shards fix it. Worker threads run the program's own
 * file, so they need `script`; without it (the command run from its sources, as the tests do)
 * `auto` is one and a count above one is a usage error.
 *
 * @example await chooseWorkers('auto', { script: import.meta.url, shards: 2, measureIdle: () => measureIdleCores(500) }) // { workers: 2, reason: 'auto: 1.9 of 2 cores idle' }
 */
export async function chooseWorkers(request: WorkersRequest, context: WorkersContext): Promise<WorkersChoice> {
  const choice = await chooseUnclaimed(request, context);
  context.claims?.claim(choice.workers);
  return choice;
}

async function chooseUnclaimed(request: WorkersRequest, context: WorkersContext): Promise<WorkersChoice> {
  const { script, shards, cores = availableParallelism(), measureIdle = () => measureIdleCores(AUTO_WORKERS_PROBE_MILLISECONDS), claims } = context;
  if (request === 'auto') {
    const most = Math.min(2, cores, shards);
    if (script === undefined) return { workers: 1, reason: 'auto: one thread, as worker threads need the built ntm program' };
    if (most === 1) return { workers: 1, reason: cores === 1 ? 'auto: one core' : `auto: ${shards} gradient shard` };
    // Claim one thread before watching, so that a run starting meanwhile counts this one.
    claims?.claim(1);
    const idle = await measureIdle();
    const others = claims?.claimedByOthers() ?? 0;
    const workers = Math.max(1, Math.min(most, Math.floor(idle + (1 - AUTO_WORKERS_IDLE_SHARE)), cores - others));
    const held = others === 0 ? '' : `, ${others} thread${others === 1 ? '' : 's'} held by other ntm runs`;
    return { workers, reason: `auto: ${idle.toFixed(1)} of ${cores} cores idle${held}` };
  }
  if (request > cores) {
    // Threads beyond the cores only take turns on them, and each holds a replica of the model.
    throw new UsageError(
      `--workers ${request} is more than the ${cores} core${cores === 1 ? '' : 's'} of this machine (threads beyond the cores only take turns on them); use --workers ${cores} or fewer, or auto`,
    );
  }
  if (request > 1 && script === undefined) {
    throw new UsageError(`--workers ${request} needs worker threads, which only the built ntm program can start; use --workers 1 here`);
  }
  if (request > shards) {
    throw new UsageError(
      `--workers ${request} is more than the run's ${shards} gradient shards (each thread computes whole shards); use --workers ${shards} or fewer, or --gradient-shards ${request}`,
    );
  }
  return { workers: request, reason: null };
}
