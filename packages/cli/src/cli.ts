import { runConvertCommand } from './commands/convert.js';
import { runEvalCommand } from './commands/eval.js';
import { runPlotCommand } from './commands/plot.js';
import { runShowCommand } from './commands/show.js';
import { runSweepCommand } from './commands/sweep.js';
import { runTrainCommand, type TrainCommandOptions } from './commands/train.js';
import { runWorkerCommand } from './commands/worker.js';
import { EXIT_CODES, UsageError, errorLine, exitCodeOf } from './errors.js';
import type { CliIo } from './io.js';
import { cliVersion } from './version.js';

/** A subcommand: what `--help` says about it, and what runs it. */
interface Command {
  readonly summary: string;
  readonly run: (argv: readonly string[], io: CliIo, options: TrainCommandOptions) => Promise<number>;
}

const commands: Readonly<Record<string, Command>> = {
  train: { summary: "Train a model on one of the paper's tasks, with checkpoints and a log.", run: runTrainCommand },
  eval: { summary: 'Held-out cost and bit errors of a checkpoint, and the length-generalisation table.', run: runEvalCommand },
  show: { summary: "Draw one episode (inputs, outputs, memory weightings) like the paper's Figure 6.", run: runShowCommand },
  plot: { summary: "Draw a run's learning curve from its log.jsonl, or the band over several runs.", run: runPlotCommand },
  convert: { summary: 'Rewrite a checkpoint as safetensors (older NTMC files too), or as a model alone to share.', run: runConvertCommand },
  sweep: { summary: 'Train a grid of runs over seeds and settings, here or on a queue; report medians over seeds.', run: runSweepCommand },
  worker: { summary: 'Train the runs of queued sweeps (ntm sweep --queue), one at a time.', run: runWorkerCommand },
};

/**
 * The top-level help.
 * @example io.stdout.write(mainHelp());
 */
export function mainHelp(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length)) + 2;
  return [
    "ntm: Neural Turing Machines (Graves et al. 2014) on the paper's tasks.",
    '',
    'Usage: ntm <command> [options]',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, command]) => `  ${name.padEnd(width)}${command.summary}`),
    '',
    'Options:',
    "  --help      Show this help (ntm <command> --help for a command's options).",
    '  --version   Show the version.',
    '',
    'Start with: ntm train copy',
    '',
  ].join('\n');
}

/**
 * Runs `ntm` with the given arguments and returns the exit code. Every error becomes one line
 * on stderr, `ntm: error: …`, with exit code 2 for usage errors and 1 for the rest; no stack
 * trace unless `NTM_DEBUG=1`.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), processIo(), { catchSignals: true });
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo, options: TrainCommandOptions = {}): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first === undefined || first === '--help' || first === '-h') {
      io.stdout.write(mainHelp());
      return first === undefined ? EXIT_CODES.usage : EXIT_CODES.success;
    }
    if (first === '--version' || first === '-v') {
      io.stdout.write(`ntm ${cliVersion()}\n`);
      return EXIT_CODES.success;
    }
    if (first === 'help' && rest[0] === undefined) {
      io.stdout.write(mainHelp());
      return EXIT_CODES.success;
    }
    if (first === 'help') return await runCommand(rest[0] as string, ['--help'], io, options);
    return await runCommand(first, rest, io, options);
  } catch (error) {
    if (io.env['NTM_DEBUG'] === '1' && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    io.stderr.write(`${errorLine(error)}\n`);
    return exitCodeOf(error);
  }
}

function runCommand(name: string, argv: readonly string[], io: CliIo, options: TrainCommandOptions): Promise<number> {
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    const hint = name.startsWith('-') ? `unknown option ${name}` : `unknown command "${name}"`;
    throw new UsageError(`${hint}; expected one of ${Object.keys(commands).join(', ')} (see ntm --help)`);
  }
  return command.run(argv, io, options);
}
