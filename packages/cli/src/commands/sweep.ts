import { availableParallelism } from 'node:os';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { helpText, parseCommandArguments, parseIntegerFlag, type CommandSpec } from '../arguments.js';
import { CommandError, EXIT_CODES, UsageError } from '../errors.js';
import { displayPath } from '../format.js';
import type { CliIo } from '../io.js';
import { catchStopSignals } from '../run-directory.js';
import { runLocalSweep } from '../sweep/local-sweep.js';
import { parseQueueUrl } from '../sweep/queue-connection.js';
import { enqueueSweep, openSweepQueue, queueStatusText, waitForQueuedSweep } from '../sweep/queue-sweep.js';
import { writeSweepFile } from '../sweep/sweep-folder.js';
import { SWEEP_REPORT_FILES, writeSweepReport } from '../sweep/sweep-report-files.js';
import { parseSweepSpec } from '../sweep/sweep-spec.js';
import { expandSweep } from '../sweep/sweep-runs.js';
import { lockSweepFolder } from '../sweep/sweep-lock.js';
import { SweepView } from '../sweep/sweep-view.js';
import { runSweepTestCommand } from './sweep-test.js';
import type { TrainCommandOptions } from './train.js';

/**
 * `ntm sweep`'s arguments and help.
 * @example io.stdout.write(helpText(sweepSpec));
 */
export const sweepSpec: CommandSpec = {
  name: 'sweep',
  positionals: [{ name: 'spec' }],
  summary: [
    'Trains many runs, a grid over tasks, presets, seeds, optimisers, learning rates, batch sizes and',
    'task or model overrides (a JSON or YAML spec), each run an `ntm train` of its own, then writes a',
    'report over seeds (report.md, report.json, curves.png). Finished runs are skipped when the same',
    'sweep runs again, unfinished ones resume from their checkpoints.',
    '',
    'On this machine by default, one run per core. With --queue, the runs go onto a BullMQ queue in',
    'Redis, and `ntm worker` processes on any number of machines train them into a shared --store.',
    '',
    "Also: ntm sweep status --queue URL [name]     the queue's runs: done, running (with progress), queued, failed",
    "      ntm sweep report <sweep folder>         (re)write the report of a sweep's finished runs",
    '      ntm sweep test <sweep folder> --seed N  score every finished run on a fresh test set',
  ].join('\n'),
  options: [
    { name: 'out', kind: 'string', placeholder: 'DIR', description: "The sweep's folder (default sweeps/<name>; with --queue, <store>/<name>)." },
    {
      name: 'parallel',
      kind: 'string',
      placeholder: 'N',
      description: `Runs at once on this machine, one thread each; with 1, each run uses the idle cores (--workers auto). Default: one per core, ${availableParallelism()} here.`,
    },
    { name: 'queue', kind: 'string', placeholder: 'URL', description: 'Put the runs on the queue in this Redis (redis://host:port/db) for `ntm worker`s.' },
    { name: 'store', kind: 'string', placeholder: 'DIR', description: 'With --queue: the shared folder the workers write to (their --store).' },
    { name: 'detach', kind: 'boolean', description: 'With --queue: return once the runs are queued, instead of waiting and reporting.' },
  ],
  notes: [
    'A spec (every field but grid.task optional; a list or one value per axis):',
    '  name: copy-seeds',
    '  grid: { task: copy, preset: ntm-lstm, seed: { from: 1, to: 10 }, learningRate: [1e-3, 3e-4] }',
    '  budget: { steps: 20000, time: 20m, stopAt: 0.1, evalEvery: 100, checkpointEvery: 200 }',
    '  test: { sequences: 1000, seed: 7171 }',
    'Axes: task, preset, seed, optimizer, learningRate, batchSize, curriculum, taskConfig, model',
    '({ memorySlots, wordSize, controllerSize, heads, shiftRadius, memoryInit, headBias }), learningRateDecay (none, { startSequences, endSequences, floor }',
    'or { startAtCriterion, sequences, floor }). Budget defaults: time 1h, stopAt 0.1, checkpointEvery 200.',
  ].join('\n'),
  examples: [
    'ntm sweep copy-seeds.yaml',
    'ntm sweep copy-seeds.yaml --queue redis://127.0.0.1:6379/0 --store /srv/ntm-sweeps',
    'ntm sweep status --queue redis://127.0.0.1:6379/0',
    'ntm sweep report sweeps/copy-seeds',
  ],
};

const statusSpec: CommandSpec = {
  name: 'sweep status',
  positionals: [{ name: 'name', optional: true }],
  summary: "The sweep queue's runs: how many are done, running (with each one's step and cost), queued and failed.",
  options: [{ name: 'queue', kind: 'string', placeholder: 'URL', description: 'The Redis of the queue (redis://host:port/db).' }],
  examples: ['ntm sweep status --queue redis://127.0.0.1:6379/0', 'ntm sweep status --queue redis://127.0.0.1:6379/0 copy-seeds'],
};

const reportSpec: CommandSpec = {
  name: 'sweep report',
  positionals: [{ name: 'sweep' }],
  summary: [
    "Writes a sweep's report from its finished runs, into its folder: report.md (per configuration, the median",
    'and quartiles over seeds of sequences and minutes to the stop criterion, the share of seeds that',
    'converged, the final held-out cost and bit errors, NaN events), report.json, and the learning curves',
    '(median with a quartile band per configuration) as curves.png and curves.svg.',
  ].join('\n'),
  options: [],
  examples: ['ntm sweep report sweeps/copy-seeds'],
};

/**
 * `ntm sweep <spec>`, `ntm sweep status`, `ntm sweep report <folder>` and `ntm sweep test <folder>`.
 * @example const code = await runSweepCommand(['copy-seeds.yaml'], processIo(), { cliScript: import.meta.url });
 */
export async function runSweepCommand(argv: readonly string[], io: CliIo, options: TrainCommandOptions = {}): Promise<number> {
  if (argv[0] === 'status') return sweepStatus(argv.slice(1), io);
  if (argv[0] === 'report') return sweepReport(argv.slice(1), io);
  if (argv[0] === 'test') return runSweepTestCommand(argv.slice(1), io, requireScript(options));
  const parsed = parseCommandArguments(sweepSpec, argv);
  if (parsed.help) {
    io.stdout.write(helpText(sweepSpec));
    return EXIT_CODES.success;
  }
  const text = (name: string) => (typeof parsed.values[name] === 'string' ? (parsed.values[name] as string) : undefined);
  const specPath = resolve(io.cwd, parsed.positionals[0] as string);
  const spec = parseSweepSpec(readSpecFile(specPath, parsed.positionals[0] as string), basename(specPath));
  const runs = expandSweep(spec);
  const queueUrl = text('queue');
  const store = text('store');
  if ((queueUrl === undefined) !== (store === undefined)) throw new UsageError('--queue and --store go together: the workers write the runs to the store');
  if (queueUrl === undefined && parsed.values['detach'] === true) throw new UsageError('--detach needs --queue (a sweep on this machine runs in this process)');
  const connection = queueUrl === undefined ? null : parseQueueUrl(queueUrl);
  const parallel = text('parallel') === undefined ? availableParallelism() : parseIntegerFlag('parallel', text('parallel') as string);
  if (connection !== null && text('parallel') !== undefined)
    throw new UsageError('--parallel is for a sweep on this machine; with --queue, start one ntm worker per core');
  const sweepDirectory = resolve(io.cwd, text('out') ?? (store === undefined ? join('sweeps', spec.name) : join(store, spec.name)));
  mkdirSync(sweepDirectory, { recursive: true });
  // A sweep on this machine holds its folder (before it writes anything there): a second one would train the same runs at once.
  const unlock = connection === null ? lockSweepFolder(sweepDirectory) : () => {};
  const shown = displayPath(sweepDirectory, io.cwd);
  const view = new SweepView(io.stdout);
  let stopRequested = false;
  const stopHandlers: (() => void)[] = [];
  const release = options.catchSignals
    ? catchStopSignals(
        (signal) => {
          stopRequested = true;
          view.event(`${signal === 'SIGINT' ? 'Ctrl-C' : signal}: stopping the sweep; running runs save a checkpoint and resume when it runs again`);
          for (const stop of stopHandlers) stop();
        },
        () => io.stderr.write('ntm: quitting at once; every run keeps its last checkpoint\n'),
      )
    : () => {};
  try {
    writeSweepFile(sweepDirectory, spec);
    if (connection === null) {
      const script = requireScript(options);
      io.stdout.write(`Sweep ${spec.name}: ${runs.length} runs, ${Math.min(parallel, runs.length)} at a time, into ${shown}\n`);
      const result = await runLocalSweep(spec, runs, { sweepDirectory, script, parallel, view, onStoppable: (stop) => stopHandlers.push(stop) });
      return finishSweep(sweepDirectory, result.failures, result.stopped, io);
    }
    const queue = openSweepQueue(connection);
    try {
      await enqueueSweep(queue, spec, runs);
      io.stdout.write(
        `Sweep ${spec.name}: ${runs.length} runs queued on ${queueUrl}; workers write them to ${displayPath(resolve(io.cwd, store as string), io.cwd)}\n`,
      );
      if (parsed.values['detach'] === true) {
        io.stdout.write(`Follow it with: ntm sweep status --queue ${queueUrl} ${spec.name}\n`);
        return EXIT_CODES.success;
      }
      const result = await waitForQueuedSweep(queue, spec, runs, view, { shouldStop: () => stopRequested });
      if (result.stopped) {
        io.stdout.write('Stopped waiting; the runs stay on the queue and the workers go on with them.\n');
        return EXIT_CODES.interrupted;
      }
      return finishSweep(sweepDirectory, result.failures, false, io);
    } finally {
      await queue.close();
    }
  } finally {
    release();
    unlock();
  }
}

function finishSweep(sweepDirectory: string, failures: readonly { readonly id: string; readonly message: string }[], stopped: boolean, io: CliIo): number {
  const { files } = writeSweepReport(sweepDirectory);
  const shownFiles = files
    .filter((file) => file.endsWith(SWEEP_REPORT_FILES.markdown) || file.endsWith(SWEEP_REPORT_FILES.png))
    .map((file) => displayPath(file, io.cwd));
  io.stdout.write(`Report: ${shownFiles.join(', ')}\n`);
  for (const failure of failures)
    io.stderr.write(`ntm: failed ${failure.message.startsWith(`run ${failure.id}`) ? failure.message : `run ${failure.id}: ${failure.message}`}\n`);
  if (stopped) return EXIT_CODES.interrupted;
  if (failures.length > 0) {
    io.stderr.write(
      `ntm: ${failures.length} run${failures.length === 1 ? '' : 's'} failed; run the same sweep again to retry them (they resume from their checkpoints)\n`,
    );
    return EXIT_CODES.failure;
  }
  return EXIT_CODES.success;
}

async function sweepStatus(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArguments(statusSpec, argv);
  if (parsed.help) {
    io.stdout.write(helpText(statusSpec));
    return EXIT_CODES.success;
  }
  const url = parsed.values['queue'];
  if (typeof url !== 'string')
    throw new UsageError('ntm sweep status needs --queue redis://host:port/db (a sweep on this machine shows its progress as it runs)');
  const queue = openSweepQueue(parseQueueUrl(url));
  try {
    io.stdout.write(await queueStatusText(queue, parsed.positionals[0]));
  } finally {
    await queue.close();
  }
  return EXIT_CODES.success;
}

function sweepReport(argv: readonly string[], io: CliIo): number {
  const parsed = parseCommandArguments(reportSpec, argv);
  if (parsed.help) {
    io.stdout.write(helpText(reportSpec));
    return EXIT_CODES.success;
  }
  const folder = resolve(io.cwd, parsed.positionals[0] as string);
  const { summaries, files } = writeSweepReport(folder);
  const finished = summaries.reduce((total, summary) => total + summary.finished, 0);
  const total = summaries.reduce((sum, summary) => sum + summary.seeds.length, 0);
  io.stdout.write(
    `Report of ${finished}/${total} finished runs in ${summaries.length} configuration${summaries.length === 1 ? '' : 's'}: ${files.map((file) => displayPath(file, io.cwd)).join(', ')}\n`,
  );
  return EXIT_CODES.success;
}

function readSpecFile(path: string, given: string): string {
  if (!existsSync(path)) throw new UsageError(`sweep spec ${given} does not exist (expected a .json or .yaml file; see ntm sweep --help)`);
  if (statSync(path).isDirectory())
    throw new UsageError(`sweep spec ${given} is a folder; expected a .json or .yaml file (ntm sweep report takes a sweep's folder)`);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new CommandError(`cannot read sweep spec ${given}: ${(error as Error).message}`);
  }
}

/** The `ntm` program that trains each run: the running bundle. */
export function requireScript(options: TrainCommandOptions): string | URL {
  if (options.cliScript === undefined) throw new CommandError('this ntm cannot start runs of its own: run the ntm program (its cliScript is not set)');
  return options.cliScript;
}
