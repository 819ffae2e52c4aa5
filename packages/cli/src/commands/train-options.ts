import {
  type HeadsInitialBias,
  MEMORY_INITIALIZATIONS,
  type MemoryInitialization,
  PRESET_VARIANTS,
  paperPreset,
  recentreShiftBias,
  type ModelConfig,
  type PresetVariant,
} from '@ntm/machine';
import { TASK_NAMES, type TaskName } from '@ntm/tasks';
import {
  DEFAULT_GRADIENT_SHARDS,
  describeStopCriteria,
  resolveCurriculumConfig,
  resolveLearningRateDecay,
  resolveTrainingConfig,
  TASK_TRAINING_DEFAULTS,
  taskModel,
  taskStopCriteria,
  type CurriculumConfig,
  type LearningRateDecay,
  type ResolvedTrainingConfig,
  type TaskTrainingDefaults,
  type TrainingConfig,
} from '@ntm/trainer';
import {
  parseChoiceFlag,
  parseDurationFlag,
  parseIntegerFlag,
  parseJsonObjectFlag,
  parsePositiveNumberFlag,
  parseSeedFlag,
  type CommandSpec,
  type ParsedArguments,
} from '../arguments.js';
import { checkBackendName } from '../backends.js';
import { UsageError } from '../errors.js';
import { createTaskOrUsageError, parseTaskName, taskOverrides } from '../task-options.js';
import { parseWorkersFlag, type WorkersRequest } from './train-workers.js';

/**
 * Defaults of `ntm train` that are the CLI's own (the trainer's are in `resolveTrainingConfig`).
 * @example TRAIN_DEFAULTS.checkpointEvery // 500
 */
export const TRAIN_DEFAULTS = {
  /** A checkpoint every 500 steps: at ~1 s a step, a crash loses minutes, not hours. */
  checkpointEvery: 500,
  /**
   * `auto`: both cores where the second is idle, judged from half a second of watching the
   * cores before training, less the threads other `ntm train` runs hold (`chooseWorkers`,
   * `openCoreClaims`: a run started in the same second is not busy yet). Measured on the project's shared 2-core machine
   * (copy, batch 32, tfjs-wasm): two threads ran at 1.43–1.46× one thread's sequences/s with the
   * second core idle, but at 0.58–1.13× (median 0.78×) beside other runs, so a busy core is left
   * alone. The result does not depend on it: every batch is computed in the run's shards.
   */
  workers: 'auto' as WorkersRequest,
} as const;

/**
 * `ntm train`'s arguments and help.
 * @example parseCommandArguments(trainSpec, ['copy', '--steps', '100']);
 */
export const trainSpec: CommandSpec = {
  name: 'train',
  positionals: [{ name: 'task', optional: true }],
  summary: [
    "Trains a model on one of the paper's tasks with the paper's presets, writing config.json,",
    'log.jsonl and checkpoint.ntm to the run directory. Stops when the held-out bit errors per',
    'sequence fall below --stop-at, at --steps or --time-budget, or on Ctrl-C (after saving a',
    'checkpoint).',
    '',
    `Tasks: ${TASK_NAMES.join(', ')}.`,
  ].join('\n'),
  options: [
    { name: 'preset', kind: 'string', placeholder: 'NAME', description: `Model: ${PRESET_VARIANTS.join(', ')} (default ntm-lstm), the paper's Tables 1-3.` },
    { name: 'seed', kind: 'string', placeholder: 'N', description: 'Seed of the weights and the training batches, 0 to 4294967295 (default 1).' },
    { name: 'backend', kind: 'string', placeholder: 'NAME', description: 'tfjs-wasm or tfjs-cpu (default: the fastest that starts).' },
    {
      name: 'workers',
      kind: 'string',
      placeholder: 'N|auto',
      description: `Threads computing each batch's gradients, each on its shards: a number up to the cores, or auto = up to 2, as many as cores stand idle at the start and other ntm train runs leave free (default ${TRAIN_DEFAULTS.workers}). The result does not depend on it.`,
    },
    {
      name: 'gradient-shards',
      kind: 'string',
      placeholder: 'N',
      description: `Slices each batch's gradients are computed in, then added in order (default ${DEFAULT_GRADIENT_SHARDS}): the most threads that can share a batch.`,
    },
    { name: 'batch-size', kind: 'string', placeholder: 'N', description: "Sequences per training step (default: the task's, below)." },
    { name: 'optimizer', kind: 'string', placeholder: 'NAME', description: "adam (default, Collier & Beel) or rmsprop (the paper's, momentum 0.9)." },
    { name: 'learning-rate', kind: 'string', placeholder: 'X', description: "Default: the task's for adam (below), the preset's (paper's) rate for rmsprop." },
    {
      name: 'learning-rate-decay',
      kind: 'string',
      placeholder: 'A,B,F',
      description:
        'Decay the learning rate along half a cosine from sequence A to sequence B (sequences seen), to F times it (0 < F <= 1); ' +
        'at:T,S,F starts it at the first validation result that meets the task\'s criterion at threshold T, over S sequences; "none" (the default) for a constant rate.',
    },
    { name: 'steps', kind: 'string', placeholder: 'N', description: "Stop at step N (counted from the run's start, so a resumed run goes on to N)." },
    {
      name: 'time-budget',
      kind: 'string',
      placeholder: 'TIME',
      description: 'Stop after training this long (this invocation): seconds, or 90s, 10m, 1h, 1h30m.',
    },
    {
      name: 'stop-at',
      kind: 'string',
      placeholder: 'X',
      description:
        'Stop when the validation set meets the task\'s criterion at X (below; "none" to never): bit errors per sequence < X, cost within X of the Bayes optimum (dynamic-ngrams), cost < X bits (priority-sort).',
    },
    {
      name: 'stop-after',
      kind: 'string',
      placeholder: 'N',
      description: "Stop only once N evaluations in a row meet the criterion (default: the task's, 3).",
    },
    { name: 'eval-every', kind: 'string', placeholder: 'N', description: "Evaluate on the validation set every N steps (default: the task's)." },
    { name: 'eval-sequences', kind: 'string', placeholder: 'N', description: "Sequences in the validation set (default: the task's, 512; copy 2048)." },
    {
      name: 'quick-eval-sequences',
      kind: 'string',
      placeholder: 'N|none',
      description:
        "Score only the validation set's first N episodes while the last result is over ten times the criterion away (default: the task's, copy 256; none with --eval-sequences).",
    },
    {
      name: 'checkpoint-every',
      kind: 'string',
      placeholder: 'N',
      description: `Save a checkpoint every N steps (default ${TRAIN_DEFAULTS.checkpointEvery}), and at the end.`,
    },
    {
      name: 'curriculum',
      kind: 'string',
      placeholder: 'KIND[:K=V,…]',
      description:
        "none or length: start short, grow the length as errors fall (priority-sort: the vectors to sort; default: the task's); length:start=2,increment=1,threshold=1,window=20,fullRangeShare=0.2 sets its fields.",
    },
    {
      name: 'min-length',
      kind: 'string',
      placeholder: 'N',
      description: 'Task override: shortest episode (copy, repeat-copy: vectors; associative-recall: items).',
    },
    { name: 'max-length', kind: 'string', placeholder: 'N', description: 'Task override: longest episode (paper: copy 20, repeat-copy 10, recall 6 items).' },
    { name: 'task-config', kind: 'string', placeholder: 'JSON', description: 'Task overrides as JSON, e.g. \'{"bits":4,"maxLength":5}\'.' },
    { name: 'memory-slots', kind: 'string', placeholder: 'N', description: 'Model override: memory slots N (paper: 128).' },
    { name: 'word-size', kind: 'string', placeholder: 'N', description: 'Model override: memory word size M (paper: 20).' },
    { name: 'controller-size', kind: 'string', placeholder: 'N', description: 'Model override: units of every controller layer (paper: 100).' },
    {
      name: 'heads',
      kind: 'string',
      placeholder: 'N',
      description: "Model override: N read heads and N write heads (the preset's: 1, but recall feed-forward 4, priority sort 5 or 8).",
    },
    {
      name: 'shift-radius',
      kind: 'string',
      placeholder: 'N',
      description: "Model override: every head may shift −N…N slots a step (paper: 1); the task's head bias keeps its walk.",
    },
    {
      name: 'memory-init',
      kind: 'string',
      placeholder: 'KIND',
      description: `Model override: M_0, one of ${MEMORY_INITIALIZATIONS.join(', ')} (default: the task's, below; constant = every cell 1e-6).`,
    },
    {
      name: 'head-bias',
      kind: 'string',
      placeholder: 'JSON|none',
      description:
        'Model override: where the heads start, as pre-activations per group, e.g. \'{"write":{"interpolationGate":-3,"shiftWeighting":[0,0,3],"sharpening":2}}\' (a write head walking one slot a step); none = every bias 0, the paper\'s (default: the task\'s, below).',
    },
    { name: 'out', kind: 'string', placeholder: 'DIR', description: "Run directory (default runs/<task>-<date>-<time>; with --resume, the checkpoint's)." },
    { name: 'resume', kind: 'string', placeholder: 'FILE', description: 'Continue the run saved in this checkpoint (weights, optimiser, RNG, step).' },
    { name: 'plain', kind: 'boolean', description: 'Print one line per evaluation instead of a live progress bar.' },
  ],
  notes: [
    "Each task's defaults, chosen by measurement over seeds (docs/reproduction.md):",
    ...Object.entries(TASK_TRAINING_DEFAULTS).map(([task, defaults]) => `  ${task.padEnd(19)} ${describeTaskDefaults(defaults)}`),
    'From the first evaluation that meets the criterion on, the learning rate is lowered (see the task list), and',
    'best.ntm keeps the best validation result beside checkpoint.ntm.',
    '',
    'With --resume, the run keeps its config; only --steps, --time-budget, --stop-at, --stop-after, --eval-every,',
    '--checkpoint-every, --backend, --workers, --out and --plain may be given.',
  ].join('\n'),
  examples: [
    'ntm train copy',
    'ntm train copy --steps 2000 --out runs/copy-short',
    'ntm train repeat-copy --preset ntm-feed-forward --optimizer rmsprop --time-budget 1h',
    'ntm train copy --max-length 5 --memory-slots 16 --controller-size 32 --steps 500',
    'ntm train --resume runs/copy-short/checkpoint.ntm --steps 4000',
  ],
};

/** Flags that change what is trained; a resumed run keeps its own. */
const configFlags = [
  'preset',
  'seed',
  'batch-size',
  'gradient-shards',
  'optimizer',
  'learning-rate',
  'learning-rate-decay',
  'curriculum',
  'min-length',
  'max-length',
  'task-config',
  'memory-slots',
  'word-size',
  'controller-size',
  'heads',
  'shift-radius',
  'memory-init',
  'head-bias',
  'eval-sequences',
  'quick-eval-sequences',
] as const;

/** Stop conditions and evaluation cadence, which a resumed run may change. */
export interface StopOverrides {
  readonly maxSteps?: number;
  readonly timeBudgetSeconds?: number;
  /** The threshold of the task's criterion (`taskStopCriteria`); null for none. */
  readonly stopAt?: number | null;
  readonly stopAfterEvaluations?: number;
  readonly evaluationEvery?: number;
}

/** What `ntm train` was asked to do, checked, before anything slow starts. */
export type TrainingPlan = {
  readonly backend: string | undefined;
  /** Gradient threads asked for (`chooseWorkers` turns it into a count once the program is known). */
  readonly workers: WorkersRequest;
  readonly out: string | undefined;
  readonly checkpointEvery: number;
  readonly plain: boolean;
} & (
  | { readonly kind: 'new'; readonly config: TrainingConfig; readonly resolved: ResolvedTrainingConfig }
  | { readonly kind: 'resume'; readonly checkpoint: string; readonly task: TaskName | undefined; readonly overrides: StopOverrides }
);

/**
 * Turns `ntm train`'s flags into a checked plan: for a new run, the resolved training config
 * (every default filled in, exactly what `config.json` will hold); for `--resume`, the
 * checkpoint and the stop conditions to change. Any mistake is a {@link UsageError}.
 *
 * @example
 * ```ts
 * const plan = planTraining(parseCommandArguments(trainSpec, ['copy', '--steps', '100']));
 * plan.kind === 'new' && plan.resolved.maxSteps; // 100
 * ```
 */
export function planTraining(parsed: ParsedArguments): TrainingPlan {
  const { values } = parsed;
  const text = (name: string) => {
    const value = values[name];
    return typeof value === 'string' ? value : undefined;
  };
  const integer = (name: string, minimum = 1) => (text(name) === undefined ? undefined : parseIntegerFlag(name, text(name) as string, minimum));
  const backend = text('backend');
  checkBackendName(backend);
  const common = {
    backend,
    workers: text('workers') === undefined ? TRAIN_DEFAULTS.workers : parseWorkersFlag(text('workers') as string),
    out: checkOut(text('out')),
    checkpointEvery: integer('checkpoint-every') ?? TRAIN_DEFAULTS.checkpointEvery,
    plain: values['plain'] === true,
  };
  const stopAtText = text('stop-at');
  const overrides: StopOverrides = {
    ...(integer('steps') === undefined ? {} : { maxSteps: integer('steps') }),
    ...(text('time-budget') === undefined ? {} : { timeBudgetSeconds: parseDurationFlag('time-budget', text('time-budget') as string) }),
    ...(stopAtText === undefined ? {} : { stopAt: stopAtText === 'none' ? null : parsePositiveNumberFlag('stop-at', stopAtText) }),
    ...(integer('stop-after') === undefined ? {} : { stopAfterEvaluations: integer('stop-after') }),
    ...(integer('eval-every') === undefined ? {} : { evaluationEvery: integer('eval-every') }),
  };
  const taskText = parsed.positionals[0];
  const resume = text('resume');
  if (resume !== undefined) {
    const fixed = configFlags.find((flag) => values[flag] !== undefined);
    if (fixed) {
      throw new UsageError(`--${fixed} cannot be combined with --resume: a resumed run keeps its config (see ntm train --help)`);
    }
    return { ...common, kind: 'resume', checkpoint: resume, task: taskText === undefined ? undefined : parseTaskName(taskText), overrides };
  }
  if (taskText === undefined) throw new UsageError('missing <task> (usage: ntm train <task> [options]); tasks: ' + TASK_NAMES.join(', '));
  const task = parseTaskName(taskText);
  const taskConfig = taskOverrides(task, text('task-config') === undefined ? {} : parseJsonObjectFlag('task-config', text('task-config') as string), {
    ...(integer('min-length') === undefined ? {} : { minLength: integer('min-length') }),
    ...(integer('max-length') === undefined ? {} : { maxLength: integer('max-length') }),
  });
  const variant = text('preset') === undefined ? 'ntm-lstm' : parseChoiceFlag('preset', text('preset') as string, PRESET_VARIANTS);
  const sizes = createTaskOrUsageError(task, taskConfig);
  const preset = paperPreset(task, variant, sizes);
  const model = overrideModel(taskModel(task, variant, sizes), variant, {
    memorySlots: integer('memory-slots'),
    wordSize: integer('word-size'),
    controllerSize: integer('controller-size'),
    heads: integer('heads'),
    shiftRadius: integer('shift-radius', 0),
    memoryInitialization: text('memory-init') === undefined ? undefined : parseChoiceFlag('memory-init', text('memory-init') as string, MEMORY_INITIALIZATIONS),
    headsInitialBias: text('head-bias') === undefined ? undefined : parseHeadBiasFlag(text('head-bias') as string),
  });
  const optimizerKind = text('optimizer') === undefined ? undefined : parseChoiceFlag('optimizer', text('optimizer') as string, ['adam', 'rmsprop'] as const);
  const learningRateFlag = text('learning-rate') === undefined ? undefined : parsePositiveNumberFlag('learning-rate', text('learning-rate') as string);
  const defaults = TASK_TRAINING_DEFAULTS[task];
  // Adam at the task's measured rate unless told otherwise; RMSProp at the paper's rate for the preset.
  const optimizer =
    optimizerKind === undefined && learningRateFlag === undefined
      ? undefined
      : (optimizerKind ?? 'adam') === 'adam'
        ? { kind: 'adam' as const, learningRate: learningRateFlag ?? defaults.optimizer.learningRate }
        : { kind: 'rmsprop' as const, learningRate: learningRateFlag ?? preset.learningRate };
  const curriculum = text('curriculum') === undefined ? undefined : parseCurriculumFlag(text('curriculum') as string, task);
  const decayText = text('learning-rate-decay');
  const config: TrainingConfig = {
    task,
    taskConfig,
    model,
    seed: text('seed') === undefined ? 1 : parseSeedFlag('seed', text('seed') as string),
    ...(integer('batch-size') === undefined ? {} : { batchSize: integer('batch-size') }),
    ...(integer('gradient-shards') === undefined ? {} : { gradientShards: integer('gradient-shards') }),
    ...(optimizer === undefined ? {} : { optimizer }),
    ...(curriculum === undefined ? {} : { curriculum }),
    ...(decayText === undefined ? {} : { learningRateDecay: parseLearningRateDecayFlag(decayText) }),
    evaluation: {
      ...(overrides.evaluationEvery === undefined ? {} : { every: overrides.evaluationEvery }),
      ...(integer('eval-sequences') === undefined ? {} : { sequences: integer('eval-sequences') }),
      ...(text('quick-eval-sequences') === undefined ? {} : { quickSequences: parseQuickEvaluationFlag(text('quick-eval-sequences') as string) }),
    },
    ...(overrides.maxSteps === undefined ? {} : { maxSteps: overrides.maxSteps }),
    ...(overrides.timeBudgetSeconds === undefined ? {} : { timeBudgetSeconds: overrides.timeBudgetSeconds }),
    ...taskStopCriteria(task, overrides.stopAt),
    ...(overrides.stopAfterEvaluations === undefined ? {} : { stopAfterEvaluations: overrides.stopAfterEvaluations }),
  };
  return { ...common, kind: 'new', config, resolved: resolveOrUsageError(config) };
}

/**
 * `--quick-eval-sequences`: a count of episodes, or `none`.
 * @example parseQuickEvaluationFlag('none') // null
 */
function parseQuickEvaluationFlag(text: string): number | null {
  if (text.trim() === 'none') return null;
  const value = /^\+?\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1) throw new UsageError(`--quick-eval-sequences must be none or an integer >= 1, got "${text}"`);
  return value;
}

/** One task's defaults in a line of `ntm train --help`. */
function describeTaskDefaults(defaults: TaskTrainingDefaults): string {
  const share = defaults.curriculum.kind === 'length' ? (defaults.curriculum.fullRangeShare ?? 0) : 0;
  const combined = share > 0 ? ` (${share} of batches from the full range)` : '';
  const curriculum = defaults.curriculum.kind === 'none' ? '' : `, curriculum ${defaults.curriculum.kind}${combined}`;
  const stop = `${describeStopCriteria(defaults.criteria)} ×${defaults.stopAfterEvaluations}, then lr ×${defaults.learningRateFactorAfterCriterion}`;
  const decay = defaults.learningRateDecay === null ? '' : ` ${describeLearningRateDecay(defaults.learningRateDecay)}`;
  const slots = defaults.memorySlots === null ? '' : `, ${defaults.memorySlots} memory slots`;
  const shifts = defaults.headsShiftRadius === null ? '' : `, shifts −${defaults.headsShiftRadius}…${defaults.headsShiftRadius}`;
  const heads = `${shifts}${Object.keys(defaults.headsInitialBias).length === 0 ? '' : `, head bias ${JSON.stringify(defaults.headsInitialBias)}`}`;
  const memory = `${defaults.memoryInitialization === 'constant' ? '' : `, M_0 ${defaults.memoryInitialization}`}${slots}${heads}`;
  return `batch ${defaults.batchSize}, adam ${defaults.optimizer.learningRate}${decay}${curriculum}${memory}, validation ${defaults.evaluation.sequences}; stop at ${stop}`;
}

/** The fields `--curriculum length:…` may set, as {@link CurriculumConfig} names them. */
const CURRICULUM_FLAG_FIELDS = ['start', 'increment', 'threshold', 'window', 'fullRangeShare'] as const;

/**
 * `--curriculum none`, `length`, or `length:` with some of its fields as `KEY=VALUE` pairs
 * (the others keep their defaults), checked as the trainer checks a config.
 *
 * @example parseCurriculumFlag('length', 'repeat-copy') // { kind: 'length' }
 * @example parseCurriculumFlag('length:start=4,fullRangeShare=0.2', 'repeat-copy') // { kind: 'length', start: 4, fullRangeShare: 0.2 }
 */
export function parseCurriculumFlag(text: string, task: TaskName): CurriculumConfig {
  const [kindText = '', fieldsText] = splitOnce(text.trim(), ':');
  const kind = parseChoiceFlag('curriculum', kindText, ['none', 'length'] as const);
  if (fieldsText === undefined) return { kind };
  if (kind === 'none') throw new UsageError(`--curriculum none takes no fields, got "${text}"`);
  const fields: Record<string, number> = {};
  for (const pair of fieldsText.split(',')) {
    const [key = '', value] = splitOnce(pair.trim(), '=');
    if (!(CURRICULUM_FLAG_FIELDS as readonly string[]).includes(key) || value === undefined || value.trim() === '' || !Number.isFinite(Number(value))) {
      throw new UsageError(`--curriculum length:KEY=VALUE,… takes the numbers ${CURRICULUM_FLAG_FIELDS.join(', ')}; "${pair.trim()}" in "${text}" is not one`);
    }
    fields[key] = Number(value);
  }
  const config = { kind, ...fields } as CurriculumConfig;
  try {
    resolveCurriculumConfig(config, task);
  } catch (error) {
    throw new UsageError(`--curriculum ${text}: ${(error as Error).message}`);
  }
  return config;
}

/** `a:b:c` → `['a', 'b:c']`; without the separator, `[text, undefined]`. */
function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + separator.length)];
}

/**
 * `--learning-rate-decay A,B,F` (a cosine decay from sequence A to B, to F times the rate),
 * `at:T,S,F` (from the first validation result that meets the task's criterion at threshold T,
 * over S sequences, to F times the rate) or `none`.
 *
 * @example parseLearningRateDecayFlag('30000,48000,0.1') // { startSequences: 30000, endSequences: 48000, floor: 0.1 }
 * @example parseLearningRateDecayFlag('at:0.03,10000,0.1') // { startAtCriterion: 0.03, sequences: 10000, floor: 0.1 }
 */
export function parseLearningRateDecayFlag(text: string): LearningRateDecay | null {
  if (text.trim() === 'none') return null;
  const fromProgress = text.trim().startsWith('at:');
  const parts = text
    .trim()
    .slice(fromProgress ? 3 : 0)
    .split(',')
    .map((part) => part.trim());
  const [first, second, floor] = parts.map(Number) as [number, number, number];
  if (parts.length !== 3 || parts.some((part) => part === '' || !Number.isFinite(Number(part)))) {
    throw new UsageError(
      `--learning-rate-decay must be none, three numbers A,B,F (sequences A < B, a factor 0 < F <= 1) or at:T,S,F (a criterion threshold T, S sequences, a factor F), got "${text}"`,
    );
  }
  try {
    return resolveLearningRateDecay(
      fromProgress ? { startAtCriterion: first, sequences: second, floor } : { startSequences: first, endSequences: second, floor },
    );
  } catch (error) {
    throw new UsageError(`--learning-rate-decay ${text}: ${(error as Error).message}`);
  }
}

/**
 * A decay in words, for the help and the training header.
 * @example describeLearningRateDecay({ startSequences: 30000, endSequences: 48000, floor: 0.1 }) // 'decaying to ×0.1 over sequences 30,000–48,000'
 * @example describeLearningRateDecay({ startAtCriterion: 0.03, sequences: 10000, floor: 0.1 }) // 'decaying to ×0.1 over 10,000 sequences once the criterion holds at 0.03'
 */
export function describeLearningRateDecay(decay: LearningRateDecay): string {
  const count = (n: number) => n.toLocaleString('en-US');
  if ('startAtCriterion' in decay)
    return `decaying to ×${decay.floor} over ${count(decay.sequences)} sequences once the criterion holds at ${decay.startAtCriterion}`;
  return `decaying to ×${decay.floor} over sequences ${count(decay.startSequences)}–${count(decay.endSequences)}`;
}

/** `--out`, which must name a folder: an empty one would write the run into the working folder. */
function checkOut(out: string | undefined): string | undefined {
  if (out !== undefined && out.trim() === '') throw new UsageError(`--out must name a run directory, got ${JSON.stringify(out)}`);
  return out;
}

/**
 * A training config checked by the trainer; its errors name the field, and since every field
 * came from a flag here, they are usage errors.
 * @example resolveOrUsageError({ task: 'copy', batchSize: 0 }) // UsageError: batchSize must be a positive integer, got 0
 */
export function resolveOrUsageError(config: unknown): ResolvedTrainingConfig {
  try {
    return resolveTrainingConfig(config);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * `--head-bias`: `none` (every head's bias 0, as the paper's heads start) or a JSON object of
 * `heads.initialBias`, which the model config checks field by field.
 *
 * @example parseHeadBiasFlag('none') // {}
 * @example parseHeadBiasFlag('{"write":{"shiftWeighting":[0,0,3]}}') // { write: { shiftWeighting: [0, 0, 3] } }
 */
export function parseHeadBiasFlag(text: string): HeadsInitialBias {
  return text.trim() === 'none' ? {} : (parseJsonObjectFlag('head-bias', text) as HeadsInitialBias);
}

/**
 * The preset's model with `--memory-slots`, `--word-size`, `--controller-size`, `--heads`,
 * `--shift-radius`, `--memory-init` and `--head-bias` applied (the controller size to every
 * layer: the paper's controllers are uniform; `--heads` to both groups: the paper's "one head"
 * is one read and one write head). A new shift radius re-centres the model's head
 * bias (`recentreShiftBias`), so that a task's walking heads still walk; `--head-bias`, given
 * too, replaces it and must have 2N + 1 shift logits.
 *
 * @example overrideModel(paperPreset('copy', 'ntm-lstm', task).model, 'ntm-lstm', { memorySlots: 16 }) // memory 16 × 20
 * @example overrideModel(taskModel('priority-sort', 'ntm-lstm', task), 'ntm-lstm', { shiftRadius: 3 }) // read heads walk +1 among −3…3
 * @example overrideModel(taskModel('priority-sort', 'ntm-lstm', task), 'ntm-lstm', { heads: 1 }) // one read and one write head, not five of each
 */
export function overrideModel(
  model: ModelConfig,
  variant: PresetVariant,
  overrides: {
    readonly memorySlots?: number | undefined;
    readonly wordSize?: number | undefined;
    readonly controllerSize?: number | undefined;
    readonly heads?: number | undefined;
    readonly shiftRadius?: number | undefined;
    readonly memoryInitialization?: MemoryInitialization | undefined;
    readonly headsInitialBias?: HeadsInitialBias | undefined;
  },
): ModelConfig {
  const { memorySlots, wordSize, controllerSize, heads, shiftRadius, memoryInitialization, headsInitialBias } = overrides;
  if (model.kind === 'lstm') {
    if ([memorySlots, wordSize, heads, shiftRadius, memoryInitialization, headsInitialBias].some((value) => value !== undefined)) {
      throw new UsageError(
        `--memory-slots, --word-size, --heads, --shift-radius, --memory-init and --head-bias do not apply to --preset ${variant} (an LSTM has no memory)`,
      );
    }
    return controllerSize === undefined ? model : { ...model, layerSizes: model.layerSizes.map(() => controllerSize) };
  }
  const controller = model.controller ?? { kind: 'lstm', layerSizes: [100] };
  return {
    ...model,
    memory: {
      ...model.memory,
      ...(memorySlots === undefined ? {} : { slots: memorySlots }),
      ...(wordSize === undefined ? {} : { wordSize }),
      ...(memoryInitialization === undefined ? {} : { initialization: memoryInitialization }),
    },
    ...(shiftRadius === undefined && headsInitialBias === undefined && heads === undefined
      ? {}
      : {
          heads: {
            ...model.heads,
            ...(heads === undefined ? {} : { readHeads: heads, writeHeads: heads }),
            ...(shiftRadius === undefined ? {} : { shiftRadius, initialBias: recentreShiftBias(model.heads?.initialBias ?? {}, shiftRadius) }),
            ...(headsInitialBias === undefined ? {} : { initialBias: headsInitialBias }),
          },
        }),
    controller:
      controllerSize === undefined
        ? controller
        : controller.kind === 'lstm'
          ? { ...controller, layerSizes: controller.layerSizes.map(() => controllerSize) }
          : { ...controller, hiddenSizes: controller.hiddenSizes.map(() => controllerSize) },
  };
}
