import { availableParallelism } from 'node:os';
import { UsageError } from '../errors.js';

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

/**
 * How many threads compute each batch's gradients. `auto` is two where there are two cores or
 * more (a third thread buys little at batch 32: every shard keeps a step's fixed cost), one
 * otherwise. Worker threads run the program's own file, so they need `script` (the bundled
 * `ntm`); without it (the command run from its sources, as the tests do) `auto` is one and a
 * count above one is a usage error. A count above the cores is a usage error too.
 *
 * @example chooseWorkers('auto', import.meta.url, 2) // 2
 */
export function chooseWorkers(request: WorkersRequest, script: string | URL | undefined, cores: number = availableParallelism()): number {
  if (request === 'auto') return script === undefined ? 1 : Math.max(1, Math.min(2, cores));
  if (request > cores) {
    // Threads beyond the cores only take turns on them, and each holds a replica of the model.
    throw new UsageError(
      `--workers ${request} is more than the ${cores} core${cores === 1 ? '' : 's'} of this machine (threads beyond the cores only take turns on them); use --workers ${cores} or fewer, or auto`,
    );
  }
  if (request > 1 && script === undefined) {
    throw new UsageError(`--workers ${request} needs worker threads, which only the built ntm program can start; use --workers 1 here`);
  }
  return request;
}
