import { createHash } from 'node:crypto';
import type { PresetVariant } from '@ntm/machine';
import type { TaskName } from '@ntm/tasks';
import { TASK_TRAINING_DEFAULTS, type CurriculumConfig, type LearningRateDecay } from '@ntm/trainer';
import type { WorkersRequest } from '../commands/train-workers.js';
import type { ModelOverrides, SweepBackend, SweepBudget, SweepSpec } from './sweep-spec.js';

/** One point of a sweep's grid: everything that makes one run differ from another. */
export interface RunSettings {
  readonly task: TaskName;
  readonly preset: PresetVariant;
  readonly seed: number;
  readonly optimizer: 'adam' | 'rmsprop';
  readonly learningRate: number | null;
  readonly batchSize: number | null;
  /** null: the task's default; an object: a length curriculum with some of its fields set. */
  readonly curriculum: CurriculumSetting | null;
  readonly taskConfig: Readonly<Record<string, unknown>>;
  readonly model: ModelOverrides;
  /** A learning-rate decay; `'none'`: a constant rate; null: the task's default. */
  readonly learningRateDecay: LearningRateDecay | 'none' | null;
}

/** One run of a sweep: its stable id, and what it trains. */
export interface SweepRun {
  /**
   * Made from the run's settings alone (not from the rest of the grid), so adding seeds or
   * settings to a sweep leaves the ids, and so the folders, of its existing runs as they were.
   */
  readonly id: string;
  /** The run's settings without its seed: the runs of one configuration share it. */
  readonly configuration: string;
  readonly settings: RunSettings;
}

/**
 * Every run of a sweep: the grid's combinations in a fixed order (configurations in the
 * order their values are listed, seeds innermost).
 *
 * @example
 * ```ts
 * expandSweep(parseSweepSpec('grid: { task: copy, seed: [1, 2] }', 's.yaml')).map((run) => run.id);
 * // ['copy-ntm-lstm-adam-s1', 'copy-ntm-lstm-adam-s2']
 * ```
 */
export function expandSweep(spec: SweepSpec): SweepRun[] {
  const { grid } = spec;
  const runs: SweepRun[] = [];
  for (const task of grid.task)
    for (const preset of grid.preset)
      for (const optimizer of grid.optimizer)
        for (const learningRate of grid.learningRate)
          for (const batchSize of grid.batchSize)
            for (const curriculum of grid.curriculum)
              for (const taskConfig of grid.taskConfig)
                for (const model of grid.model)
                  for (const learningRateDecay of grid.learningRateDecay)
                    for (const seed of grid.seed) {
                      const settings: RunSettings = {
                        task,
                        preset,
                        seed,
                        optimizer,
                        learningRate,
                        batchSize,
                        curriculum,
                        taskConfig,
                        model,
                        learningRateDecay,
                      };
                      const configuration = configurationName(settings);
                      runs.push({ id: `${configuration}-s${seed}`, configuration, settings });
                    }
  return runs;
}

/**
 * A readable name for a configuration: task, preset and optimiser, then only the settings
 * that differ from the defaults, and a short hash of any overrides.
 * @example configurationName({ task: 'copy', preset: 'ntm-lstm', optimizer: 'adam', learningRate: 3e-4, batchSize: 8, … }) // 'copy-ntm-lstm-adam-lr0.0003-b8'
 */
export function configurationName(settings: RunSettings): string {
  const parts: string[] = [settings.task, settings.preset, settings.optimizer];
  if (settings.learningRate !== null) parts.push(`lr${settings.learningRate}`);
  if (settings.batchSize !== null) parts.push(`b${settings.batchSize}`);
  // An explicit 'none' is named only where the task's default is another curriculum: 'none' was
  // every task's default when ids were first made, and runs named then keep their names.
  const namedNone = settings.curriculum === 'none' && TASK_TRAINING_DEFAULTS[settings.task].curriculum.kind !== 'none';
  const curriculumFields = typeof settings.curriculum === 'object' && settings.curriculum !== null;
  if (settings.curriculum === 'length' || curriculumFields) parts.push('curriculum-length');
  else if (namedNone) parts.push('curriculum-none');
  // The decay and a curriculum's fields join the hash only when set, so that runs named before
  // they existed keep their names.
  const overrides = {
    taskConfig: settings.taskConfig,
    model: settings.model,
    ...(settings.learningRateDecay === null ? {} : { learningRateDecay: settings.learningRateDecay }),
    ...(curriculumFields ? { curriculum: settings.curriculum } : {}),
  };
  if (Object.keys(settings.taskConfig).length > 0 || Object.keys(settings.model).length > 0 || settings.learningRateDecay !== null || curriculumFields) {
    parts.push(`o${shortHash(canonicalJson(overrides))}`);
  }
  return parts.join('-');
}

/**
 * The arguments of the `ntm train` invocation that trains (or, with `resume`, continues) a
 * run into `runDirectory`: every run of a sweep is a plain `ntm train`, which a person can
 * copy and run alone.
 *
 * @example
 * ```ts
 * trainArguments(run, spec.budget, 'sweeps/s/runs/copy-ntm-lstm-adam-s1', { resume: false });
 * // ['train', 'copy', '--preset', 'ntm-lstm', '--seed', '1', …, '--out', 'sweeps/s/runs/copy-ntm-lstm-adam-s1', '--plain']
 * ```
 */
export function trainArguments(
  run: SweepRun,
  budget: SweepBudget,
  runDirectory: string,
  options: { readonly resume: boolean; readonly secondsLeft?: number | null; readonly backend?: SweepBackend | null; readonly workers?: WorkersRequest },
): string[] {
  const { settings } = run;
  const stopping = [
    ...(options.backend ? ['--backend', options.backend] : []),
    ...(budget.steps === null ? [] : ['--steps', String(budget.steps)]),
    ...timeBudget(options.secondsLeft === undefined ? budget.seconds : options.secondsLeft),
    ...(budget.stopAt === 'task' ? [] : ['--stop-at', budget.stopAt === null ? 'none' : String(budget.stopAt)]),
    ...(budget.stopAfter === null ? [] : ['--stop-after', String(budget.stopAfter)]),
    ...(budget.evalEvery === null ? [] : ['--eval-every', String(budget.evalEvery)]),
    '--checkpoint-every',
    String(budget.checkpointEvery),
    // One thread by default: a sweep runs one run per core. A run's result does not depend on it.
    '--workers',
    String(options.workers ?? 1),
    '--plain',
  ];
  if (options.resume) return ['train', '--resume', `${runDirectory}/checkpoint.ntm`, ...stopping];
  return [
    'train',
    settings.task,
    '--preset',
    settings.preset,
    '--seed',
    String(settings.seed),
    '--optimizer',
    settings.optimizer,
    ...(settings.learningRate === null ? [] : ['--learning-rate', String(settings.learningRate)]),
    ...(settings.batchSize === null ? [] : ['--batch-size', String(settings.batchSize)]),
    ...(settings.curriculum === null ? [] : ['--curriculum', curriculumFlag(settings.curriculum)]),
    ...(Object.keys(settings.taskConfig).length === 0 ? [] : ['--task-config', JSON.stringify(settings.taskConfig)]),
    ...(settings.model.memorySlots === undefined ? [] : ['--memory-slots', String(settings.model.memorySlots)]),
    ...(settings.model.wordSize === undefined ? [] : ['--word-size', String(settings.model.wordSize)]),
    ...(settings.model.shiftRadius === undefined ? [] : ['--shift-radius', String(settings.model.shiftRadius)]),
    ...(settings.model.controllerSize === undefined ? [] : ['--controller-size', String(settings.model.controllerSize)]),
    ...(settings.model.heads === undefined ? [] : ['--heads', String(settings.model.heads)]),
    ...(settings.model.memoryInit === undefined ? [] : ['--memory-init', settings.model.memoryInit]),
    ...(settings.model.headBias === undefined
      ? []
      : ['--head-bias', typeof settings.model.headBias === 'string' ? settings.model.headBias : JSON.stringify(settings.model.headBias)]),
    ...(settings.learningRateDecay === null ? [] : ['--learning-rate-decay', learningRateDecayFlag(settings.learningRateDecay)]),
    ...(budget.evalSequences === null ? [] : ['--eval-sequences', String(budget.evalSequences)]),
    '--out',
    runDirectory,
    ...stopping,
  ];
}

/** `--time-budget` for what is left; a resumed run whose time is spent gets one second, and ends at once. */
function timeBudget(seconds: number | null): string[] {
  return seconds === null ? [] : ['--time-budget', String(Math.max(1, Math.ceil(seconds)))];
}

/** JSON with object keys sorted, so that equal settings always hash alike. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/**
 * A decay as `ntm train --learning-rate-decay` takes it.
 * @example learningRateDecayFlag({ startAtCriterion: 0.03, sequences: 10000, floor: 0.1 }) // 'at:0.03,10000,0.1'
 */
function learningRateDecayFlag(decay: LearningRateDecay | 'none'): string {
  if (decay === 'none') return 'none';
  if ('startAtCriterion' in decay) return `at:${decay.startAtCriterion},${decay.sequences},${decay.floor}`;
  return `${decay.startSequences},${decay.endSequences},${decay.floor}`;
}

/**
 * A sweep's curriculum setting: a kind, or a length curriculum with some of its fields set.
 * @example const combined: CurriculumSetting = { kind: 'length', fullRangeShare: 0.2 };
 */
export type CurriculumSetting = 'none' | 'length' | Extract<CurriculumConfig, { kind: 'length' }>;

/**
 * A curriculum as `ntm train --curriculum` takes it.
 * @example curriculumFlag({ kind: 'length', start: 4, fullRangeShare: 0.2 }) // 'length:start=4,fullRangeShare=0.2'
 */
function curriculumFlag(curriculum: CurriculumSetting): string {
  if (typeof curriculum === 'string') return curriculum;
  const { kind, ...fields } = curriculum;
  const pairs = Object.entries(fields).map(([key, value]) => `${key}=${value}`);
  return pairs.length === 0 ? kind : `${kind}:${pairs.join(',')}`;
}
