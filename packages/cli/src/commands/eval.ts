import { loadModel, type SequenceModel } from '@ntm/machine';
import { EPISODE_SIZE_FIELDS, type Batch, type Task, type TaskName } from '@ntm/tasks';
import { curriculumLevelOverrides, describeStopCriteria, evaluateModel, heldOutBatches, meetsStopCriteria, type EvaluationResult } from '@ntm/trainer';
import { helpText, parseCommandArguments, parseIntegerFlag, parseIntegerListFlag, parseSeedFlag, type CommandSpec } from '../arguments.js';
import { checkBackendName, openBackend } from '../backends.js';
import { checkCheckpointFits, checkModelFitsTask, describeModel, readCheckpointInfo, type CheckpointInfo } from '../checkpoint-info.js';
import { EXIT_CODES, UsageError } from '../errors.js';
import { displayPath, formatCount, formatMeasure, formatTable } from '../format.js';
import type { CliIo } from '../io.js';
import { createTaskOrUsageError, taskAtSize } from '../task-options.js';

/**
 * `ntm eval`'s arguments and help.
 * @example io.stdout.write(helpText(evalSpec));
 */
export const evalSpec: CommandSpec = {
  name: 'eval',
  positionals: [{ name: 'checkpoint' }],
  summary: [
    'Scores a checkpoint on a held-out set drawn like its training data (cost in bits per sequence,',
    'bit errors per sequence), then on episodes of fixed sizes beyond the training range: the',
    'length-generalisation table (copy: lengths 10, 20, 30, 50, 80, 120, as in the paper;',
    'priority sort: 10 to 40 vectors, the highest four fifths asked back).',
  ].join('\n'),
  options: [
    {
      name: 'sequences',
      kind: 'string',
      placeholder: 'N',
      description: "Sequences in the held-out set and per table row (default: the run's validation set's).",
    },
    { name: 'seed', kind: 'string', placeholder: 'N', description: "Seed of the held-out episodes (default: the run's evaluation seed, 999)." },
    {
      name: 'lengths',
      kind: 'string',
      placeholder: 'LIST',
      description: 'Sizes for the generalisation table, e.g. 10,20,40 (associative-recall: items; priority-sort: vectors shown).',
    },
    { name: 'batch-size', kind: 'string', placeholder: 'N', description: 'Sequences run at once (default 64).' },
    { name: 'backend', kind: 'string', placeholder: 'NAME', description: 'tfjs-wasm, tfjs-cpu or reference (default: the fastest that starts).' },
    { name: 'task', kind: 'string', placeholder: 'NAME', description: 'The task, for a checkpoint that holds only a model.' },
    { name: 'json', kind: 'boolean', description: 'Print the results as one JSON object.' },
  ],
  examples: ['ntm eval runs/copy/checkpoint.ntm', 'ntm eval runs/copy/checkpoint.ntm --lengths 20,40,60 --sequences 32 --json'],
};

/**
 * The sizes of the generalisation table per task. Copy: the paper's Figure 4/6 lengths.
 * Repeat copy: longer sequences at the trained repeat range (more repeats would change the
 * normalisation of the repeat input). Associative recall: more items (the paper tests 12, 15).
 * Priority sort: fewer and more vectors shown than the 20 trained, the same share asked back (see
 * {@link taskOfSize}); the paper shows only its training size, and what a longer sort tests
 * is whether the priority-to-slot map and the read heads' walk still hold.
 * @example GENERALISATION_SIZES.copy // [10, 20, 30, 50, 80, 120]
 */
export const GENERALISATION_SIZES: Partial<Record<TaskName, readonly number[]>> = {
  copy: [10, 20, 30, 50, 80, 120],
  'repeat-copy': [5, 10, 15, 20],
  'associative-recall': [6, 9, 12, 15, 20],
  'priority-sort': [10, 20, 30, 40],
};

/** The unit of a task's generalisation sizes. */
function sizeUnit(task: TaskName): string {
  return task === 'priority-sort' ? 'vectors' : (EPISODE_SIZE_FIELDS[task]?.unit ?? 'size');
}

/**
 * The task at one size of the generalisation table. Priority sort has no length range: a size is
 * the vectors shown, and the vectors asked back keep the trained share (16 of 20: 32 of 40),
 * the same mapping as its curriculum's levels.
 */
function taskOfSize(task: Task, size: number): Task {
  const { name } = task;
  const trained = task.config as Readonly<Record<string, unknown>>;
  if (name !== 'priority-sort') return taskAtSize(name, trained, size);
  return createTaskOrUsageError(name, { ...trained, ...curriculumLevelOverrides(name, size, trained) });
}

/**
 * Repeat copy's second table: more repeats than trained (the paper tries 20 after training on
 * 1–10), at the longest trained length, the count normalised over the trained range.
 * @example REPEAT_COUNTS // [5, 10, 15, 20]
 */
export const REPEAT_COUNTS: readonly number[] = [5, 10, 15, 20];

/** Why a task has no generalisation table. */
const noTableNotes: Partial<Record<TaskName, string>> = {
  'dynamic-ngrams': 'no generalisation table for dynamic-ngrams: compare the held-out cost with the Bayes-optimal cost instead',
};

/** One row of the results: cost and bit errors per sequence on a set of episodes. */
export interface EvaluationRow {
  readonly cost: number;
  readonly bitErrors: number;
  readonly sequences: number;
  /** Bit errors over scored bits: the fraction of output bits that are wrong. */
  readonly wrongBitFraction: number;
}

/** What `ntm eval --json` prints. */
export interface EvaluationReport {
  readonly checkpoint: string;
  readonly task: TaskName;
  readonly taskConfig: Readonly<Record<string, unknown>>;
  readonly model: string;
  readonly step: number | null;
  readonly sequencesSeen: number | null;
  readonly backend: string;
  readonly seed: number;
  readonly heldOut: EvaluationRow & {
    readonly bayesOptimalCost?: number;
    /** The run's stop criteria in words (null: a model alone, or a run without any). */
    readonly criterion: string | null;
    /** Whether this set meets them (null: no criteria to meet). */
    readonly meetsCriteria: boolean | null;
  };
  readonly generalisation: { readonly unit: string; readonly rows: readonly (EvaluationRow & { readonly size: number })[] } | null;
  /** Repeat copy only: more repeats than trained, at `length` vectors (null for other tasks). */
  readonly repeats: { readonly length: number; readonly rows: readonly (EvaluationRow & { readonly repeats: number })[] } | null;
  readonly note: string | null;
}

/**
 * `ntm eval <checkpoint>`: prints the held-out table and the generalisation table (or, with
 * `--json`, one JSON object); returns the exit code.
 *
 * @example const code = await runEvalCommand(['runs/copy/checkpoint.ntm', '--json'], processIo());
 */
export async function runEvalCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArguments(evalSpec, argv);
  if (parsed.help) {
    io.stdout.write(helpText(evalSpec));
    return EXIT_CODES.success;
  }
  const text = (name: string) => (typeof parsed.values[name] === 'string' ? (parsed.values[name] as string) : undefined);
  const integer = (name: string, minimum = 1) => (text(name) === undefined ? undefined : parseIntegerFlag(name, text(name) as string, minimum));
  const sequencesFlag = integer('sequences');
  const seedFlag = text('seed') === undefined ? undefined : parseSeedFlag('seed', text('seed') as string);
  const batchSize = integer('batch-size') ?? 64;
  const sizesFlag = text('lengths') === undefined ? undefined : parseIntegerListFlag('lengths', text('lengths') as string);
  checkBackendName(text('backend'));
  const info = readCheckpointInfo(parsed.positionals[0] as string, io.cwd, text('task'));
  const task = createTaskOrUsageError(info.task, info.taskConfig);
  checkModelFitsTask(info, task);
  checkCheckpointFits(info, text('backend'));
  const sizes = sizesFlag ?? GENERALISATION_SIZES[info.task];
  if (sizesFlag && EPISODE_SIZE_FIELDS[info.task] === undefined && info.task !== 'priority-sort') {
    throw new UsageError(`--lengths does not apply to task ${info.task} (its episodes have a fixed size)`);
  }
  const sequences = sequencesFlag ?? info.trainer?.config.evaluation.sequences ?? 128;
  const seed = seedFlag ?? info.trainer?.config.evaluation.seed ?? 999;

  const backend = await openBackend(text('backend'), io);
  const model = loadModel(backend, info.contents, info.path);
  try {
    const heldOutSet = heldOutBatches(task, sequences, seed, batchSize);
    const { row, result } = score(model, heldOutSet);
    const config = info.trainer?.config;
    const criterion = config ? describeStopCriteria(config) : null;
    const heldOut = {
      ...row,
      ...(result.optimalCost === null ? {} : { bayesOptimalCost: result.optimalCost }),
      criterion,
      meetsCriteria: config && criterion !== null ? meetsStopCriteria(config, result) : null,
    };
    const rows = (sizes ?? []).map((size) => ({
      size,
      ...score(model, heldOutBatches(taskOfSize(task, size), sequences, seed, batchSize)).row,
    }));
    const repeats = info.task === 'repeat-copy' ? repeatsTable(model, task.config as Record<string, unknown>, sequences, seed, batchSize) : null;
    const report: EvaluationReport = {
      checkpoint: displayPath(info.path, io.cwd),
      task: info.task,
      taskConfig: task.config as Record<string, unknown>,
      model: describeModel(info.contents.model as never),
      step: info.trainer?.step ?? null,
      sequencesSeen: info.trainer?.sequencesSeen ?? null,
      backend: backend.name,
      seed,
      heldOut,
      generalisation: sizes ? { unit: sizeUnit(info.task), rows } : null,
      repeats,
      note: sizes ? null : (noTableNotes[info.task] ?? null),
    };
    io.stdout.write(parsed.values['json'] === true ? `${JSON.stringify(report, null, 2)}\n` : reportText(report, info, task.describe()));
  } finally {
    model.dispose();
  }
  return EXIT_CODES.success;
}

function repeatsTable(
  model: SequenceModel,
  config: Readonly<Record<string, unknown>>,
  sequences: number,
  seed: number,
  batchSize: number,
): NonNullable<EvaluationReport['repeats']> {
  const length = config['maxLength'] as number;
  const trained = {
    countMinRepeats: (config['countMinRepeats'] ?? config['minRepeats']) as number,
    countMaxRepeats: (config['countMaxRepeats'] ?? config['maxRepeats']) as number,
  };
  const rows = REPEAT_COUNTS.map((repeats) => {
    const task = createTaskOrUsageError('repeat-copy', {
      ...config,
      ...trained,
      minLength: length,
      maxLength: length,
      minRepeats: repeats,
      maxRepeats: repeats,
    });
    return { repeats, ...score(model, heldOutBatches(task, sequences, seed, batchSize)).row };
  });
  return { length, rows };
}

function score(model: SequenceModel, batches: readonly Batch[]): { row: EvaluationRow; result: EvaluationResult } {
  const result = evaluateModel(model, batches);
  // The mask marks scored steps; each scored step scores every output channel.
  let scoredBits = 0;
  for (const batch of batches) for (const value of batch.mask) scoredBits += value * batch.shape.outputSize;
  const bitsPerSequence = scoredBits / Math.max(1, result.sequences);
  const row = {
    cost: result.cost,
    bitErrors: result.bitErrors,
    sequences: result.sequences,
    wrongBitFraction: result.bitErrors / Math.max(1, bitsPerSequence),
  };
  return { row, result };
}

function reportText(report: EvaluationReport, info: CheckpointInfo, taskDescription: string): string {
  const percent = (fraction: number) => `${formatMeasure(fraction * 100)}%`;
  const trained = info.trainer ? ` · step ${formatCount(info.trainer.step)} · ${formatCount(info.trainer.sequencesSeen)} sequences seen` : '';
  const lines = [
    `Checkpoint ${report.checkpoint}`,
    `  ${report.model}${trained}`,
    `  ${taskDescription}`,
    '',
    `Held-out set (${report.heldOut.sequences} sequences, seed ${report.seed}, backend ${report.backend}):`,
    `  cost ${formatMeasure(report.heldOut.cost)} bits per sequence · bit errors ${formatMeasure(report.heldOut.bitErrors)} per sequence (${percent(report.heldOut.wrongBitFraction)} of scored bits)`,
  ];
  if (report.heldOut.bayesOptimalCost !== undefined) {
    const over = report.heldOut.cost / report.heldOut.bayesOptimalCost - 1;
    lines.push(
      `  Bayes-optimal cost on the same sequences: ${formatMeasure(report.heldOut.bayesOptimalCost)} bits per sequence (the model's is ${formatMeasure(over * 100)}% above it)`,
    );
  }
  if (report.heldOut.criterion !== null) {
    lines.push(`  The run's criterion, ${report.heldOut.criterion}: ${report.heldOut.meetsCriteria ? 'met' : 'not met'} on this set`);
  }
  if (report.generalisation) {
    const { unit, rows } = report.generalisation;
    const field = EPISODE_SIZE_FIELDS[report.task];
    const range = field
      ? `${String(report.taskConfig[field.minimum])}..${String(report.taskConfig[field.maximum])}`
      : `${String(report.taskConfig['inputCount'])}, the ${String(report.taskConfig['outputCount'])} highest asked back; each row asks back the same share`;
    lines.push(
      '',
      `Generalisation (trained on ${unit} ${range}; ${report.heldOut.sequences} sequences per row):`,
      indent(
        formatTable([
          [unit, 'cost (bits/seq)', 'bit errors (/seq)', 'wrong bits'],
          ...rows.map((row) => [String(row.size), formatMeasure(row.cost), formatMeasure(row.bitErrors), percent(row.wrongBitFraction)]),
        ]),
      ),
    );
  }
  if (report.repeats) {
    const { length, rows } = report.repeats;
    lines.push(
      '',
      `More repeats (length ${length}; trained on repeats ${String(report.taskConfig['minRepeats'])}..${String(report.taskConfig['maxRepeats'])}; ${report.heldOut.sequences} sequences per row):`,
      indent(
        formatTable([
          ['repeats', 'cost (bits/seq)', 'bit errors (/seq)', 'wrong bits'],
          ...rows.map((row) => [String(row.repeats), formatMeasure(row.cost), formatMeasure(row.bitErrors), percent(row.wrongBitFraction)]),
        ]),
      ),
    );
  }
  if (report.note) lines.push('', `Note: ${report.note}`);
  return `${lines.join('\n')}\n`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
