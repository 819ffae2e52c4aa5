import { checkKnownFields, checkNonNegativeInteger, checkObject, checkOneOf, checkPositiveInteger, checkPositiveNumber, describeValue } from '@ntm/backend';
import { PRESET_VARIANTS, resolveModelConfig, type ModelConfig, type PresetVariant } from '@ntm/machine';
import { createTask, TASK_NAMES, type Task, type TaskName } from '@ntm/tasks';
import { resolveCurriculumConfig, type CurriculumConfig, type ResolvedCurriculumConfig } from './curriculum.js';
import { resolveOptimizerConfig, type OptimizerConfig, type ResolvedOptimizerConfig } from './optimizers/index.js';
import { TASKS_WITH_OPTIMAL_COST } from './stop-criteria.js';
import { TASK_TRAINING_DEFAULTS, taskModel } from './task-defaults.js';
import { resolveLearningRateDecay, type LearningRateDecay } from './learning-rate-decay.js';

/**
 * Everything a training run needs, as plain JSON (a run directory stores it beside its log).
 *
 * @example
 * ```ts
 * const config: TrainingConfig = {
 *   task: 'copy',
 *   model: { preset: 'ntm-lstm' },          // the paper's copy-task NTM with an LSTM controller
 *   optimizer: { kind: 'adam', learningRate: 1e-3 },
 *   batchSize: 32,
 *   seed: 1,
 *   stopAtBitErrors: 0.1,
 * };
 * ```
 */
export interface TrainingConfig {
  /** Which of the paper's tasks. */
  readonly task: TaskName;
  /** Overrides of the task's config (lengths, bits, …); default: the paper's. */
  readonly taskConfig?: Readonly<Record<string, unknown>>;
  /**
   * A full model config, or one of the paper's presets for this task (default `{ preset: 'ntm-lstm' }`),
   * with the task's measured initial memory ({@link taskModel}).
   */
  readonly model?: ModelConfig | { readonly preset: PresetVariant };
  /** Seeds the weights, the training batches and nothing else: an integer from 0 to 2³²−1 (default 1). */
  readonly seed?: number;
  /** Sequences per batch (default: the task's, {@link TASK_TRAINING_DEFAULTS}). */
  readonly batchSize?: number;
  /**
   * Default: the task's, Adam (Collier & Beel 2018, who made NTMs train reliably) at a measured
   * rate; the paper's RMSProp (momentum 0.9, the presets' learning rate) is `{ kind: 'rmsprop', learningRate }`.
   */
  readonly optimizer?: OptimizerConfig;
  /** Gradient clipping: elementwise to ±`elementwise` (paper: 10) and by global norm (Collier: 50); `null` turns one off. */
  readonly clipping?: { readonly elementwise?: number | null; readonly globalNorm?: number | null };
  /** Default: the task's. */
  readonly curriculum?: CurriculumConfig;
  /**
   * Evaluate on a fixed validation set every `every` steps (default: the task's cadence and size;
   * seed 999). With `quickSequences`, an evaluation scores only the set's first `quickSequences`
   * episodes while the last result was more than {@link QUICK_EVALUATION_FACTOR} times the stop
   * criterion's threshold away (copy: 1 bit error per sequence or more), where the full set would
   * only say the same more precisely; such a quick evaluation never counts towards the stop rule
   * or a decay's start, and keeps the best checkpoint only until the first full evaluation. `null` (the default but for copy) scores the full set
   * every time.
   */
  readonly evaluation?: { readonly every?: number; readonly sequences?: number; readonly seed?: number; readonly quickSequences?: number | null };
  /** Stop after this many training steps (batches). */
  readonly maxSteps?: number | null;
  /**
   * Stop after this much wall time: steps start while time remains (`Trainer.run`'s
   * `budgetOverrun` also holds back a step predicted to end too far past it).
   */
  readonly timeBudgetSeconds?: number | null;
  /** Stop once the validation bit errors per sequence fall below this (Collier's "converged": 0.1). Default null. */
  readonly stopAtBitErrors?: number | null;
  /** Stop once the validation cost, bits per sequence, falls below this (priority sort's criterion). Default null. */
  readonly stopAtCost?: number | null;
  /**
   * Stop once the validation cost is below (1 + this) × the Bayes-optimal cost of the same
   * sequences (dynamic N-grams only: 0.01 = within 1 %). Default null.
   */
  readonly stopAtCostOverOptimal?: number | null;
  /**
   * How many evaluations in a row must meet every stop criterion before the run stops
   * (default: the task's, 3). One evaluation is often below the criterion by luck, or just
   * before a collapse; requiring several in a row asks the model to stay there.
   */
  readonly stopAfterEvaluations?: number;
  /**
   * From the first evaluation that meets every stop criterion on, the learning rate is this
   * factor of the optimiser's (default: the task's, 0.3; 1 keeps it). Steps that large found the
   * solution, and steps that large can also leave it: a converged copy model lost it again
   * within 5,000 sequences at Adam 1e-3.
   */
  readonly learningRateFactorAfterCriterion?: number;
  /**
   * A cosine decay of the learning rate over the sequences seen (default: the task's, which is
   * none for every task), applied on top of {@link learningRateFactorAfterCriterion}; `null` for
   * none. See {@link LearningRateDecay}.
   */
  readonly learningRateDecay?: LearningRateDecay | null;
  /**
   * How many contiguous shards each batch's gradients are computed in (default
   * {@link DEFAULT_GRADIENT_SHARDS}; never more than the batch's sequences). Each shard's
   * gradients are computed on their own and combined as Σ (B_s / B) · g_s in shard order, in
   * float64: so the shards, not the threads, fix the result, and a seed gives the same weights,
   * bit for bit, whatever the number of {@link workers}. Part of the run: a checkpoint keeps it.
   */
  readonly gradientShards?: number;
  /**
   * Data parallelism: threads that compute the gradients of each batch (default 1: this thread
   * alone), shard i on thread i mod W; at most {@link gradientShards}. More than 1 needs
   * gradient workers passed to `Trainer.create` (in Node, `nodeGradientWorkers` of
   * `@ntm/trainer/node`). How this machine runs, not a part of the run: the result does not
   * depend on it.
   */
  readonly workers?: number;
}

/**
 * The default {@link TrainingConfig.gradientShards}: two, so that two cores can share every
 * batch and give the one-thread result. Splitting costs a single thread nothing: measured on
 * tfjs-wasm, two shards took 0.9–1.0× the time of the whole batch on every task at batch 8 and
 * on copy at batch 32 (each shard is cut to its own longest episode); four shards cost up to 1.3×.
 * @example DEFAULT_GRADIENT_SHARDS // 2
 */
export const DEFAULT_GRADIENT_SHARDS = 2;

/** A {@link TrainingConfig} with every default filled in and the model resolved for the task. */
export interface ResolvedTrainingConfig {
  readonly task: TaskName;
  readonly taskConfig: Readonly<Record<string, unknown>>;
  readonly model: ModelConfig;
  readonly seed: number;
  readonly batchSize: number;
  readonly optimizer: ResolvedOptimizerConfig;
  readonly clipping: { readonly elementwise: number | null; readonly globalNorm: number | null };
  readonly curriculum: ResolvedCurriculumConfig;
  readonly evaluation: { readonly every: number; readonly sequences: number; readonly seed: number; readonly quickSequences: number | null };
  readonly maxSteps: number | null;
  readonly timeBudgetSeconds: number | null;
  readonly stopAtBitErrors: number | null;
  readonly stopAtCost: number | null;
  readonly stopAtCostOverOptimal: number | null;
  readonly stopAfterEvaluations: number;
  readonly learningRateFactorAfterCriterion: number;
  readonly learningRateDecay: LearningRateDecay | null;
  readonly gradientShards: number;
  readonly workers: number;
}

const fields = [
  'task',
  'taskConfig',
  'model',
  'seed',
  'batchSize',
  'optimizer',
  'clipping',
  'curriculum',
  'evaluation',
  'maxSteps',
  'timeBudgetSeconds',
  'stopAtBitErrors',
  'stopAtCost',
  'stopAtCostOverOptimal',
  'stopAfterEvaluations',
  'learningRateFactorAfterCriterion',
  'learningRateDecay',
  'gradientShards',
  'workers',
];

/**
 * Checks a training config and fills in defaults; errors name the field, the value and what
 * is allowed. A model given as `{ preset }` becomes the paper's model for the task.
 *
 * @example
 * ```ts
 * resolveTrainingConfig({ task: 'copy', batchSize: 0 });
 * // RangeError: batchSize must be a positive integer, got 0
 * ```
 */
export function resolveTrainingConfig(config: unknown): ResolvedTrainingConfig {
  const given = checkObject('training config', config);
  checkKnownFields('training config', given, fields);
  const task = checkOneOf('task', given['task'], TASK_NAMES);
  const taskConfig = given['taskConfig'] === undefined ? {} : checkObject('taskConfig', given['taskConfig']);
  const taskInstance = createTask(task, taskConfig as never) as Task;
  const defaults = TASK_TRAINING_DEFAULTS[task];
  const model = resolveModel(given['model'], task, taskInstance);
  const clipping = given['clipping'] === undefined ? {} : checkObject('clipping', given['clipping']);
  const evaluation = given['evaluation'] === undefined ? {} : checkObject('evaluation', given['evaluation']);
  const resolvedSequences =
    evaluation['sequences'] === undefined ? defaults.evaluation.sequences : checkPositiveInteger('evaluation.sequences', evaluation['sequences']);
  const optional = (field: string, check: (field: string, value: unknown) => number) =>
    given[field] === undefined || given[field] === null ? null : check(field, given[field]);
  const clip = (field: 'elementwise' | 'globalNorm', fallback: number) =>
    clipping[field] === null ? null : checkPositiveNumber(`clipping.${field}`, clipping[field], fallback);
  const stopAtCostOverOptimal = optional('stopAtCostOverOptimal', (f, v) => checkPositiveNumber(f, v));
  if (stopAtCostOverOptimal !== null && !TASKS_WITH_OPTIMAL_COST.includes(task)) {
    throw new RangeError(
      `stopAtCostOverOptimal needs a task with a Bayes-optimal predictor (${TASKS_WITH_OPTIMAL_COST.join(', ')}), got task ${describeValue(task)} (use stopAtCost)`,
    );
  }
  const gradientShards = given['gradientShards'] === undefined ? DEFAULT_GRADIENT_SHARDS : checkPositiveInteger('gradientShards', given['gradientShards']);
  const workers = given['workers'] === undefined ? 1 : checkPositiveInteger('workers', given['workers']);
  if (workers > gradientShards) {
    throw new RangeError(
      `workers must be at most gradientShards (${gradientShards}): each thread computes whole shards, so a thread beyond them would idle; got workers ${workers} (raise gradientShards to ${workers}, or lower workers)`,
    );
  }
  return {
    task,
    taskConfig,
    model,
    seed: checkSeed('seed', given['seed'], 1),
    batchSize: given['batchSize'] === undefined ? defaults.batchSize : checkPositiveInteger('batchSize', given['batchSize']),
    optimizer: resolveOptimizerConfig(given['optimizer'] ?? defaults.optimizer),
    clipping: { elementwise: clip('elementwise', 10), globalNorm: clip('globalNorm', 50) },
    curriculum: resolveCurriculumConfig(given['curriculum'] ?? defaults.curriculum, task),
    evaluation: {
      every: evaluation['every'] === undefined ? defaults.evaluation.every : checkPositiveInteger('evaluation.every', evaluation['every']),
      sequences: resolvedSequences,
      seed: checkSeed('evaluation.seed', evaluation['seed'], 999),
      quickSequences: resolveQuickSequences(evaluation, defaults.evaluation, resolvedSequences),
    },
    maxSteps: optional('maxSteps', checkPositiveInteger),
    timeBudgetSeconds: optional('timeBudgetSeconds', (f, v) => checkPositiveNumber(f, v)),
    stopAtBitErrors: optional('stopAtBitErrors', (f, v) => checkPositiveNumber(f, v)),
    stopAtCost: optional('stopAtCost', (f, v) => checkPositiveNumber(f, v)),
    stopAtCostOverOptimal,
    stopAfterEvaluations:
      given['stopAfterEvaluations'] === undefined ? defaults.stopAfterEvaluations : checkPositiveInteger('stopAfterEvaluations', given['stopAfterEvaluations']),
    learningRateFactorAfterCriterion: checkFactor(
      'learningRateFactorAfterCriterion',
      given['learningRateFactorAfterCriterion'],
      defaults.learningRateFactorAfterCriterion,
    ),
    learningRateDecay: given['learningRateDecay'] === undefined ? defaults.learningRateDecay : resolveLearningRateDecay(given['learningRateDecay']),
    gradientShards,
    workers,
  };
}

/**
 * The largest seed: the generator is seeded from 32 bits, so larger seeds would silently give
 * the stream of a smaller one (2³² the same as 0). They are refused instead.
 * @example MAX_SEED // 4294967295
 */
export const MAX_SEED = 0xffffffff;

function checkFactor(field: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 1) {
    throw new RangeError(`${field} must be a number in (0, 1], got ${describeValue(value)}`);
  }
  return value;
}

function checkSeed(field: string, value: unknown, fallback: number): number {
  const seed = checkNonNegativeInteger(field, value, fallback);
  if (seed > MAX_SEED) throw new RangeError(`${field} must be an integer from 0 to ${MAX_SEED} (seeds are 32-bit), got ${seed}`);
  return seed;
}

function resolveModel(value: unknown, task: TaskName, taskInstance: Task): ModelConfig {
  const sizes = { inputSize: taskInstance.inputSize, outputSize: taskInstance.outputSize };
  if (value === undefined) return taskModel(task, 'ntm-lstm', sizes);
  const model = checkObject('model', value);
  if ('preset' in model) {
    const variant = checkOneOf('model.preset', model['preset'], PRESET_VARIANTS);
    return taskModel(task, variant, sizes);
  }
  const resolved = resolveModelConfig(model);
  if (resolved.inputSize !== sizes.inputSize || resolved.outputSize !== sizes.outputSize) {
    throw new RangeError(
      `model has inputSize ${resolved.inputSize} and outputSize ${resolved.outputSize}, but task ${task} has ${sizes.inputSize} inputs and ${sizes.outputSize} outputs (${describeValue(taskInstance.describe())})`,
    );
  }
  return model as unknown as ModelConfig;
}

/**
 * A quick evaluation scores the validation set's first `quickSequences` episodes while the last
 * result was more than this many times the stop criterion's threshold away.
 * @example QUICK_EVALUATION_FACTOR // 10: copy evaluates quickly while at 1 bit error per sequence or more
 */
export const QUICK_EVALUATION_FACTOR = 10;

/** `evaluation.quickSequences`: the task's default unless given; `null` for none; fewer than the full set's sequences. */
function resolveQuickSequences(evaluation: Record<string, unknown>, defaults: { readonly quickSequences?: number }, full: number): number | null {
  const given = evaluation['quickSequences'];
  // A full set given without a quick size gets no quick one: the default's size was chosen for the default's set.
  const quick = given === undefined ? (evaluation['sequences'] === undefined ? (defaults.quickSequences ?? null) : null) : given;
  if (quick === null) return null;
  const checked = checkPositiveInteger('evaluation.quickSequences', quick);
  if (checked >= full) throw new RangeError(`evaluation.quickSequences must be fewer than evaluation.sequences (${full}), got ${checked}`);
  return checked;
}
