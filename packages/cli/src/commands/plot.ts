import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { specialFileKind } from '@ntm/machine/node';
import { helpText, parseCommandArguments, type CommandSpec } from '../arguments.js';
import { CommandError, EXIT_CODES } from '../errors.js';
import { displayPath, formatCount } from '../format.js';
import type { CliIo } from '../io.js';
import { pictureFormat, writePicture } from '../picture-file.js';
import { learningCurveFigure } from '@ntm/figures';
import { RUN_FILES } from '../run-directory.js';
import { readRunLog, type EvaluationRecord } from '../run-log.js';

/**
 * `ntm plot`'s arguments and help.
 * @example io.stdout.write(helpText(plotSpec));
 */
export const plotSpec: CommandSpec = {
  name: 'plot',
  positionals: [{ name: 'run' }],
  summary: [
    "Draws a run's learning curve from its log.jsonl: training and held-out cost per sequence, and bit",
    "errors per sequence, against sequences seen (as the paper's Figure 3). SVG or PNG, by the --out extension.",
  ].join('\n'),
  options: [
    { name: 'out', kind: 'string', placeholder: 'FILE', description: 'Picture to write, .svg or .png (default curve.svg in the run directory).' },
    { name: 'log-scale', kind: 'boolean', description: 'Logarithmic y axes (costs fall over orders of magnitude).' },
  ],
  examples: ['ntm plot runs/copy-20251125-194700', 'ntm plot runs/copy/log.jsonl --out copy-curve.png --log-scale'],
};

/**
 * `ntm plot <run>`: `<run>` is a run directory or its `log.jsonl`; writes the learning curve.
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
  const given = resolve(io.cwd, parsed.positionals[0] as string);
  if (!existsSync(given)) throw new CommandError(`run ${parsed.positionals[0]} does not exist (expected a run directory or its ${RUN_FILES.log})`);
  const runDirectory = statSync(given).isDirectory() ? given : dirname(given);
  const logPath = statSync(given).isDirectory() ? join(given, RUN_FILES.log) : given;
  const onTornLastLine = (line: number, start: string) =>
    io.stderr.write(`ntm: warning: the last line (${line}) of ${displayPath(logPath, io.cwd)} was cut off mid-write, so it is left out: ${start}\n`);
  const evaluations = readRunLog(logPath, { onTornLastLine }).filter((record): record is EvaluationRecord => record.kind === 'evaluation');
  if (evaluations.length === 0) {
    throw new CommandError(`log ${displayPath(logPath, io.cwd)} has no evaluations yet (the first comes after --eval-every steps)`);
  }
  const config = readConfig(join(runDirectory, RUN_FILES.config));
  const last = evaluations[evaluations.length - 1] as EvaluationRecord;
  const out = resolve(io.cwd, outFlag ?? join(runDirectory, 'curve.svg'));
  writePicture(
    out,
    learningCurveFigure(evaluations, {
      title: `${config?.task ?? 'training run'}: learning curve`,
      subtitle: `${basename(runDirectory)} · ${formatCount(last.step)} steps · ${formatCount(last.sequencesSeen)} sequences · ${evaluations.length} evaluations`,
      stopAtBitErrors: config?.stopAtBitErrors ?? null,
      logScale: parsed.values['log-scale'] === true,
    }),
  );
  io.stdout.write(`Wrote ${displayPath(out, io.cwd)} (${evaluations.length} evaluations, up to ${formatCount(last.sequencesSeen)} sequences)\n`);
  return EXIT_CODES.success;
}

/** The run's config.json, for the title and the threshold; a run without one (or with a pipe in its place) still plots. */
function readConfig(path: string): { task?: string; stopAtBitErrors?: number | null } | null {
  if (specialFileKind(path) !== null) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as { task?: string; stopAtBitErrors?: number | null };
  } catch {
    return null;
  }
}
