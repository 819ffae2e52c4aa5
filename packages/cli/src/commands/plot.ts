import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { specialFileKind } from '@ntm/machine/node';
import { helpText, parseCommandArguments, type CommandSpec } from '../arguments.js';
import { CommandError, EXIT_CODES, UsageError } from '../errors.js';
import { displayPath, formatCount } from '../format.js';
import type { CliIo } from '../io.js';
import { pictureFormat, writePicture } from '../picture-file.js';
import { learningCurveFigure } from '@ntm/figures';
import { RUN_FILES } from '../run-directory.js';
import { readRunLog, type EvaluationRecord } from '../run-log.js';
import { writeRunsBand, type PlottedRun, type PlottedRunConfig } from './plot-runs.js';

/**
 * `ntm plot`'s arguments and help.
 * @example io.stdout.write(helpText(plotSpec));
 */
export const plotSpec: CommandSpec = {
  name: 'plot',
  positionals: [{ name: 'run', repeats: true }],
  summary: [
    "Draws a run's learning curve from its log.jsonl: training and held-out cost per sequence, and bit",
    "errors per sequence, against sequences seen (as the paper's Figure 3). A run is its folder or its",
    'log; a log kept as <name>-log.jsonl (as checkpoints/ keeps them) reads <name>-config.json beside it.',
    'Given several runs (seeds of one task, say), draws their median and the band between the quartiles',
    'of the figure the task is judged on, and prints where each met its stop criterion, with the median',
    'and spread over the runs. SVG or PNG, by the --out extension.',
  ].join('\n'),
  options: [
    {
      name: 'out',
      kind: 'string',
      placeholder: 'FILE',
      description: 'Picture to write, .svg or .png (default curve.svg in the run directory; runs-band.svg for several).',
    },
    { name: 'log-scale', kind: 'boolean', description: 'Logarithmic y axes (costs fall over orders of magnitude).' },
  ],
  examples: [
    'ntm plot runs/copy-20251125-194700',
    'ntm plot runs/copy/log.jsonl --out copy-curve.png --log-scale',
    'ntm plot runs/sort-s21 runs/sort-s22 runs/sort-s23 --out sort-seeds.png',
  ],
};

/**
 * `ntm plot <run>...`: each `<run>` is a run directory or its log (`log.jsonl`, or a
 * `<name>-log.jsonl` with its `<name>-config.json` beside it). One run: its
 * learning curve. Several: the band over them (see {@link writeRunsBand}).
 *
 * @example const code = await runPlotCommand(['runs/copy'], processIo());
 */
export async function runPlotCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArguments(plotSpec, argv);
  if (parsed.help) {
    io.stdout.write(helpText(plotSpec));
    return EXIT_CODES.success;
  }
  const outFlag = typeof parsed.values['out'] === 'string' ? parsed.values['out'] : undefined;
  if (outFlag !== undefined) pictureFormat(outFlag);
  const logScale = parsed.values['log-scale'] === true;
  const runs = parsed.positionals.map((given) => readPlottedRun(given, io));
  // The same run twice would count one seed twice in the median.
  runs.forEach((run, index) => {
    const earlier = runs.slice(0, index).find((other) => other.logPath === run.logPath);
    if (earlier) throw new UsageError(`run ${run.given} is given twice (as ${earlier.given} too); give each run once`);
  });
  if (runs.length > 1) {
    writeRunsBand(runs, resolve(io.cwd, outFlag ?? 'runs-band.svg'), { logScale }, io);
    return EXIT_CODES.success;
  }
  const run = runs[0] as PlottedRun;
  const last = run.evaluations[run.evaluations.length - 1] as EvaluationRecord;
  const out = resolve(io.cwd, outFlag ?? join(run.directory, 'curve.svg'));
  writePicture(
    out,
    learningCurveFigure(run.evaluations, {
      title: `${run.config?.task ?? 'training run'}: learning curve`,
      subtitle: `${run.name} · ${formatCount(last.step)} steps · ${formatCount(last.sequencesSeen)} sequences · ${run.evaluations.length} evaluations`,
      stopAtBitErrors: run.config?.stopAtBitErrors ?? null,
      stopAtCost: costCriterion(run, last),
      logScale,
    }),
  );
  io.stdout.write(`Wrote ${displayPath(out, io.cwd)} (${run.evaluations.length} evaluations, up to ${formatCount(last.sequencesSeen)} sequences)\n`);
  return EXIT_CODES.success;
}

/**
 * The cost a run's criterion stops at, to dash on its cost panel: priority sort's own, or for
 * dynamic N-grams the Bayes-optimal cost on the validation set raised by the criterion's margin
 * (the set is the same at every evaluation, so its optimum is too). Null for a run judged on bit
 * errors.
 */
function costCriterion(run: PlottedRun, last: EvaluationRecord): number | null {
  const relative = run.config?.stopAtCostOverOptimal ?? null;
  const optimal = last.evaluationOptimalCost ?? null;
  if (relative !== null && optimal !== null) return Number((optimal * (1 + relative)).toPrecision(4));
  return run.config?.stopAtCost ?? null;
}

/**
 * A run as `ntm plot` reads it: its folder, its log's records (a torn last line left out, with a
 * warning) and evaluations, and its config where it has one. A run that does not exist or has
 * no evaluation yet is refused by name.
 *
 * @example readPlottedRun('runs/copy', io).evaluations.length // 42
 */
export function readPlottedRun(given: string, io: CliIo): PlottedRun {
  const path = resolve(io.cwd, given);
  if (!existsSync(path)) throw new CommandError(`run ${given} does not exist (expected a run directory or its ${RUN_FILES.log})`);
  const isDirectory = statSync(path).isDirectory();
  const directory = isDirectory ? path : dirname(path);
  const logPath = isDirectory ? join(path, RUN_FILES.log) : path;
  const onTornLastLine = (line: number, start: string) =>
    io.stderr.write(`ntm: warning: the last line (${line}) of ${displayPath(logPath, io.cwd)} was cut off mid-write, so it is left out: ${start}\n`);
  const records = readRunLog(logPath, { onTornLastLine });
  const evaluations = records.filter((record): record is EvaluationRecord => record.kind === 'evaluation');
  if (evaluations.length === 0) {
    throw new CommandError(`log ${displayPath(logPath, io.cwd)} has no evaluations yet (the first comes after --eval-every steps)`);
  }
  const { name, configPath } = runFilesBeside(directory, logPath);
  return { given, name, directory, logPath, records, evaluations, config: readConfig(configPath) };
}

/**
 * A run's name and where its config is: a run folder's, or, for a log kept under another name
 * (`copy-log.jsonl`, as the shipped checkpoints and the results folders keep theirs), that
 * name's stem and its `<stem>-config.json` beside it where there is one.
 */
function runFilesBeside(directory: string, logPath: string): { name: string; configPath: string } {
  const file = basename(logPath);
  const folderConfig = join(directory, RUN_FILES.config);
  if (file === RUN_FILES.log) return { name: basename(directory), configPath: folderConfig };
  const stem = file.replace(/\.jsonl$/, '').replace(/-log$/, '');
  const ownConfig = join(directory, `${stem}-config.json`);
  return { name: stem, configPath: existsSync(ownConfig) ? ownConfig : folderConfig };
}

/** The run's config.json, for the title and the threshold; a run without one (or with a pipe in its place) still plots. */
function readConfig(path: string): PlottedRunConfig | null {
  if (specialFileKind(path) !== null) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as PlottedRunConfig;
  } catch {
    return null;
  }
}
