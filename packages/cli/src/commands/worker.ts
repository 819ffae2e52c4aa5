import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { helpText, parseCommandArguments, parseIntegerFlag, type CommandSpec } from '../arguments.js';
import { EXIT_CODES, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { catchStopSignals } from '../run-directory.js';
import { parseQueueUrl } from '../sweep/queue-connection.js';
import { startQueueWorker } from '../sweep/queue-worker.js';
import { requireScript } from './sweep.js';
import type { TrainCommandOptions } from './train.js';

/**
 * `ntm worker`'s arguments and help.
 * @example io.stdout.write(helpText(workerSpec));
 */
export const workerSpec: CommandSpec = {
  name: 'worker',
  positionals: [],
  summary: [
    'Trains the runs of sweeps put on a queue by `ntm sweep --queue`, one at a time, each in a process of',
    'its own, into the shared --store. Start one per core, on as many machines as share the store. When',
    'a worker dies mid-run, the queue gives the run to another worker after --lock-seconds, which resumes',
    'it from its last checkpoint. Ctrl-C or SIGTERM: the running run saves a checkpoint, goes back on the',
    'queue, and the worker exits.',
  ].join('\n'),
  options: [
    { name: 'queue', kind: 'string', placeholder: 'URL', description: 'The Redis of the queue (redis://host:port/db).' },
    { name: 'store', kind: 'string', placeholder: 'DIR', description: 'The shared folder runs are written to: <store>/<sweep>/runs/<run>.' },
    { name: 'lock-seconds', kind: 'string', placeholder: 'N', description: 'How long a dead worker holds its run before another takes it (default 30).' },
    { name: 'stalled-check-seconds', kind: 'string', placeholder: 'N', description: 'How often to look for runs of dead workers (default 30).' },
  ],
  examples: ['ntm worker --queue redis://127.0.0.1:6379/0 --store /srv/ntm-sweeps'],
};

/**
 * `ntm worker --queue URL --store DIR`: serves the sweep queue until stopped.
 * @example const code = await runWorkerCommand(['--queue', 'redis://127.0.0.1:6379/0', '--store', '/srv/sweeps'], processIo(), { cliScript, catchSignals: true });
 */
export async function runWorkerCommand(argv: readonly string[], io: CliIo, options: TrainCommandOptions = {}): Promise<number> {
  const parsed = parseCommandArguments(workerSpec, argv);
  if (parsed.help) {
    io.stdout.write(helpText(workerSpec));
    return EXIT_CODES.success;
  }
  const text = (name: string) => (typeof parsed.values[name] === 'string' ? (parsed.values[name] as string) : undefined);
  const url = text('queue');
  const storeText = text('store');
  if (url === undefined || storeText === undefined)
    throw new UsageError('ntm worker needs --queue redis://host:port/db and --store DIR (see ntm worker --help)');
  const connection = parseQueueUrl(url);
  const store = resolve(io.cwd, storeText);
  mkdirSync(store, { recursive: true });
  const lockSeconds = text('lock-seconds') === undefined ? 30 : parseIntegerFlag('lock-seconds', text('lock-seconds') as string);
  const stalledCheckSeconds =
    text('stalled-check-seconds') === undefined ? 30 : parseIntegerFlag('stalled-check-seconds', text('stalled-check-seconds') as string);
  const log = (line: string) => io.stdout.write(`${new Date().toISOString()} ${line}\n`);
  const worker = startQueueWorker({ connection, store, script: requireScript(options), lockSeconds, stalledCheckSeconds, log });
  log(`worker ${process.pid}: serving ${url}, writing runs to ${store}`);
  let stoppedBy: 'SIGINT' | 'SIGTERM' | null = null;
  const release = options.catchSignals
    ? catchStopSignals(
        (signal) => {
          stoppedBy = signal;
          log(`${signal}: the running run saves a checkpoint and goes back on the queue; then the worker exits`);
          void worker.stop();
        },
        () => {},
      )
    : () => {};
  try {
    await worker.closed;
  } finally {
    release();
  }
  return stoppedBy === null ? EXIT_CODES.success : stoppedBy === 'SIGINT' ? EXIT_CODES.interrupted : EXIT_CODES.terminated;
}
