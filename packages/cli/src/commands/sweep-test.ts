import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { helpText, parseChoiceFlag, parseCommandArguments, parseIntegerFlag, parseIntegerListFlag, parseSeedFlag, type CommandSpec } from '../arguments.js';
import { EXIT_CODES, UsageError } from '../errors.js';
import { displayPath } from '../format.js';
import type { CliIo } from '../io.js';
import { scoreSweepOnFreshTestSet } from '../sweep/fresh-test-files.js';
import { figureCell } from '../sweep/fresh-test-set.js';
import { readSweepFile } from '../sweep/sweep-folder.js';

/** `ntm sweep test`'s arguments and help. */
const testSpec: CommandSpec = {
  name: 'sweep test',
  positionals: [{ name: 'sweep' }],
  summary: [
    "Scores every finished run of a sweep on a fresh test set: each run's last (or best) checkpoint on episodes of a",
    "seed that no decision read (not the sweep's own test set, not the validation set its stop rule",
    'watched), with `ntm eval`. Writes fresh-test-<seed>.md (a row per run, then median, quartiles and',
    "range per configuration) and fresh-test-<seed>.json into the sweep's folder. Why: a test set that",
    'also chose between settings flatters the chosen one; its figures need scoring again on new episodes.',
  ].join('\n'),
  options: [
    { name: 'seed', kind: 'string', placeholder: 'N', description: "The fresh test set's seed (required)." },
    { name: 'sequences', kind: 'string', placeholder: 'N', description: "Episodes in it (default: the sweep's test set's, else 1000)." },
    {
      name: 'lengths',
      kind: 'string',
      placeholder: 'LIST',
      description: "Sizes for the generalisation columns, e.g. 15,20 (default: the sweep's test set's, else none).",
    },
    {
      name: 'checkpoint',
      kind: 'string',
      placeholder: 'WHICH',
      description:
        'last (checkpoint.ntm, where training stopped; the default) or best (best.ntm, the lowest validation result), written to fresh-test-best-<seed>.*.',
    },
    { name: 'parallel', kind: 'string', placeholder: 'N', description: 'Checkpoints scored at once. Default: one per core.' },
  ],
  examples: [
    'ntm sweep test sweeps/copy-seeds --seed 6021',
    'ntm sweep test sweeps/copy-seeds --seed 6021 --sequences 2000 --lengths 120',
    'ntm sweep test sweeps/sort-seeds --seed 6868 --checkpoint best',
  ],
};

/**
 * `ntm sweep test <folder> --seed N`: every finished run of a sweep scored again on a fresh test
 * set, into `fresh-test-<seed>.md` and `.json` beside its report.
 * @example const code = await runSweepTestCommand(['sweeps/copy-seeds', '--seed', '6021'], processIo(), 'dist/ntm.js');
 */
export async function runSweepTestCommand(argv: readonly string[], io: CliIo, script: string | URL): Promise<number> {
  const parsed = parseCommandArguments(testSpec, argv);
  if (parsed.help) {
    io.stdout.write(helpText(testSpec));
    return EXIT_CODES.success;
  }
  const text = (name: string) => (typeof parsed.values[name] === 'string' ? (parsed.values[name] as string) : undefined);
  const seedText = text('seed');
  if (seedText === undefined) throw new UsageError('ntm sweep test needs --seed N: the seed of a test set no decision read');
  const given = parsed.positionals[0] as string;
  const folder = resolve(io.cwd, given);
  if (!existsSync(folder) || !statSync(folder).isDirectory())
    throw new UsageError(`sweep folder ${given} does not exist (expected the folder ntm sweep wrote)`);
  const spec = readSweepFile(folder);
  const sequencesText = text('sequences');
  const lengthsText = text('lengths');
  const test = {
    seed: parseSeedFlag('seed', seedText),
    sequences: sequencesText === undefined ? (spec.test?.sequences ?? 1000) : parseIntegerFlag('sequences', sequencesText),
    lengths: lengthsText === undefined ? (spec.test?.lengths ?? null) : parseIntegerListFlag('lengths', lengthsText),
  };
  const parallel = text('parallel') === undefined ? availableParallelism() : parseIntegerFlag('parallel', text('parallel') as string);
  const checkpoint = text('checkpoint') === undefined ? 'last' : parseChoiceFlag('checkpoint', text('checkpoint') as string, ['last', 'best'] as const);
  const command = [
    `ntm sweep test ${displayPath(folder, io.cwd)} --seed ${test.seed} --sequences ${test.sequences}`,
    ...(test.lengths === null ? [] : [`--lengths ${test.lengths.join(',')}`]),
    ...(checkpoint === 'best' ? ['--checkpoint best'] : []),
  ].join(' ');
  const { report, files } = await scoreSweepOnFreshTestSet(folder, {
    script,
    test,
    checkpoint,
    parallel,
    command,
    onStart: (runs) =>
      io.stdout.write(
        `Scoring sweep ${spec.name}'s ${runs} finished runs (${checkpoint === 'best' ? 'best.ntm' : 'checkpoint.ntm'}) on ${test.sequences} episodes of seed ${test.seed}, ${parallel} at a time\n`,
      ),
    onScored: (run) => io.stdout.write(`  ${run.id}: cost ${figureCell(run.test.cost)} · bit errors ${figureCell(run.test.bitErrors)}\n`),
  });
  for (const summary of report.summaries)
    io.stdout.write(`${summary.configuration}: median cost ${figureCell(summary.testCost?.median ?? null)} over ${summary.runs} runs\n`);
  if (report.unscored.length > 0) io.stdout.write(`Not scored (unfinished, or no checkpoint): ${report.unscored.length}\n`);
  io.stdout.write(`Written: ${files.map((file) => displayPath(file, io.cwd)).join(', ')}\n`);
  return EXIT_CODES.success;
}
