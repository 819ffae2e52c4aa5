import { UsageError } from '../errors.js';

/** Where the queue's Redis is: what BullMQ's `connection` option takes. */
export interface QueueConnection {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username?: string;
  readonly password?: string;
}

/**
 * The BullMQ queue every sweep's runs go on (one queue; a job's id names its sweep and run).
 * @example new Queue(SWEEP_QUEUE_NAME, { connection })
 */
export const SWEEP_QUEUE_NAME = 'ntm-sweep-runs';

/**
 * Reads `--queue redis://[user:password@]host[:port][/db]` (port 6379 and db 0 by default).
 *
 * @example
 * ```ts
 * parseQueueUrl('redis://127.0.0.1:6380/2'); // { host: '127.0.0.1', port: 6380, db: 2 }
 * parseQueueUrl('http://x'); // UsageError: --queue must be a Redis URL such as redis://127.0.0.1:6379/0, got "http://x"
 * ```
 */
export function parseQueueUrl(text: string): QueueConnection {
  const fail = (why = ''): never => {
    throw new UsageError(`--queue must be a Redis URL such as redis://127.0.0.1:6379/0${why}, got "${text}"`);
  };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail();
  }
  if (url.protocol !== 'redis:') fail(' (scheme redis:)');
  if (url.hostname === '') fail(' (a host)');
  const port = url.port === '' ? 6379 : Number(url.port);
  const path = url.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d+$/.test(path)) fail(' (the database, after the host, is a number)');
  const db = path === '' ? 0 : Number(path);
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    db,
    ...(url.username === '' ? {} : { username: decodeURIComponent(url.username) }),
    ...(url.password === '' ? {} : { password: decodeURIComponent(url.password) }),
  };
}

/**
 * A job's id on the queue: the sweep's name and the run's id. Re-adding a job whose id is on
 * the queue already is a no-op in BullMQ, which is what makes a re-run sweep skip its runs.
 * @example sweepJobId('copy-seeds', 'copy-ntm-lstm-adam-s1') // 'copy-seeds__copy-ntm-lstm-adam-s1'
 */
export function sweepJobId(sweepName: string, runId: string): string {
  return `${sweepName}__${runId}`;
}
