import {
  type HeadsInitialBias,
  MEMORY_INITIALIZATIONS,
  validateInitialBias,
  type MemoryInitialization,
  PRESET_VARIANTS,
  type PresetVariant,
} from '@ntm/machine';
import { TASK_NAMES, type TaskName } from '@ntm/tasks';
import { resolveCurriculumConfig, resolveLearningRateDecay, TASK_TRAINING_DEFAULTS, type LearningRateDecay } from '@ntm/trainer';
import { parse as parseYaml } from 'yaml';
import { parseDurationFlag } from '../arguments.js';
import { UsageError } from '../errors.js';
import type { CurriculumSetting } from './sweep-runs.js';

/**
 * The model settings a sweep may override: the same as `ntm train`'s flags of those names
 * (`memoryInit`: `--memory-init`; `headBias`: `--head-bias`, `none` or an object).
 */
export interface ModelOverrides {
  readonly memorySlots?: number;
  readonly wordSize?: number;
  readonly controllerSize?: number;
  /** `--heads`: n read and n write heads. */
  readonly heads?: number;
  /** `--shift-radius`: shifts −n…n (the paper's 1; the task's head bias is re-centred). */
  readonly shiftRadius?: number;
  readonly memoryInit?: MemoryInitialization;
  readonly headBias?: 'none' | HeadsInitialBias;
}

/**
 * The axes of a sweep's grid: every run is one combination of one value from each. An axis
 * the spec leaves out has one value, `ntm train`'s default.
 */
export interface SweepGrid {
  readonly task: readonly TaskName[];
  readonly preset: readonly PresetVariant[];
  readonly seed: readonly number[];
  readonly optimizer: readonly ('adam' | 'rmsprop')[];
  /** `null`: the optimiser's default rate (`ntm train` without `--learning-rate`). */
  readonly learningRate: readonly (number | null)[];
  /** `null`: the trainer's default batch size. */
  readonly batchSize: readonly (number | null)[];
  /** `null`: the task's default curriculum. */
  readonly curriculum: readonly (CurriculumSetting | null)[];
  /** Task overrides (`--task-config`); `{}` is the paper's task. */
  readonly taskConfig: readonly Readonly<Record<string, unknown>>[];
  /** Model size overrides; `{}` is the preset's. */
  readonly model: readonly ModelOverrides[];
  /** A learning-rate decay (`--learning-rate-decay`); `'none'`: a constant rate; `null`: the task's default. */
  readonly learningRateDecay: readonly (LearningRateDecay | 'none' | null)[];
}

/** When each run stops: whichever comes first. */
export interface SweepBudget {
  /** Stop at this step (`--steps`); null for no step limit. */
  readonly steps: number | null;
  /** Seconds of training per run, across resumes (`--time-budget`); null for no limit. */
  readonly seconds: number | null;
  /**
   * The threshold of each run's task criterion (`--stop-at`: bit errors per sequence, the
   * fraction over the Bayes optimum for N-grams, the cost for priority sort); `'task'`: the
   * task's default; null: never stops early.
   */
  readonly stopAt: number | null | 'task';
  /** How many evaluations in a row must meet it before a run stops (`--stop-after`); null: the task's default. */
  readonly stopAfter: number | null;
  /** Held-out evaluation every this many steps (`--eval-every`; null: the trainer's default). */
  readonly evalEvery: number | null;
  /** Sequences in the held-out set (`--eval-sequences`; null: the trainer's default). */
  readonly evalSequences: number | null;
  /** A checkpoint every this many steps (`--checkpoint-every`): what a resumed run loses at most. */
  readonly checkpointEvery: number;
}

/** A checked sweep spec, every default filled in. */
export interface SweepSpec {
  /** Names the sweep's folder and its jobs on a queue: letters, digits, `.`, `_`, `-`. */
  readonly name: string;
  readonly grid: SweepGrid;
  readonly budget: SweepBudget;
  /**
   * A test set every finished run is scored on (`ntm eval --json`), apart from the held-out set
   * the stop rule watches, so that a run stopped by one lucky evaluation shows as such; null
   * for none.
   */
  readonly test: SweepTest | null;
  /** The backend every run trains on (`--backend`); null: the fastest that starts. How runs are computed, not what they learn, so not a grid axis. */
  readonly backend: SweepBackend | null;
}

/** A sweep's test set: episodes drawn like the training data from a seed of its own, and optionally longer ones. */
export interface SweepTest {
  readonly sequences: number;
  readonly seed: number;
  /** Sizes for the generalisation table (`ntm eval --lengths`); null: none. */
  readonly lengths: readonly number[] | null;
}

/**
 * The backends a sweep can train on.
 * @example SWEEP_BACKENDS.includes('tfjs-wasm') // true
 */
export const SWEEP_BACKENDS = ['tfjs-wasm', 'tfjs-cpu'] as const;
/** `tfjs-wasm` or `tfjs-cpu`. */
export type SweepBackend = (typeof SWEEP_BACKENDS)[number];

/**
 * The defaults of a spec's budget: each task's own stop rule (as `ntm train` has it), a
 * checkpoint every 200 steps so that a run given to another worker repeats little, and a
 * one-hour limit so that a run that never converges still ends.
 * @example SWEEP_BUDGET_DEFAULTS.stopAt // 'task'
 */
export const SWEEP_BUDGET_DEFAULTS: SweepBudget = Object.freeze({
  steps: null,
  seconds: 3600,
  stopAt: 'task',
  stopAfter: null,
  evalEvery: null,
  evalSequences: null,
  checkpointEvery: 200,
});

/** Seeds are 32-bit, as `ntm train --seed` takes them. */
const MAX_SEED = 2 ** 32 - 1;

const gridKeys = ['task', 'preset', 'seed', 'optimizer', 'learningRate', 'batchSize', 'curriculum', 'taskConfig', 'model', 'learningRateDecay'] as const;
const budgetKeys = ['steps', 'time', 'stopAt', 'stopAfter', 'evalEvery', 'evalSequences', 'checkpointEvery'] as const;
const modelKeys = ['memorySlots', 'wordSize', 'controllerSize', 'heads', 'shiftRadius', 'memoryInit', 'headBias'] as const;

/**
 * Reads a sweep spec from the text of a JSON or YAML file (YAML is a superset of JSON, so
 * one parser reads both) and checks every field. Each mistake is a {@link UsageError} that
 * names the file, the field, the value and what was expected.
 *
 * The file's shape (every field optional but `grid.task`; a list or a single value on each
 * axis; seeds also as `{ from, to }`):
 *
 * ```yaml
 * name: copy-seeds            # default: the file's name
 * backend: tfjs-wasm          # default: the fastest that starts
 * grid:
 *   task: copy
 *   preset: ntm-lstm
 *   seed: { from: 1, to: 10 }
 *   optimizer: adam
 *   learningRate: [1e-3, 3e-4]
 *   batchSize: 32
 *   curriculum: [length, { kind: length, start: 4, fullRangeShare: 0.2 }]
 *   taskConfig: [{}, { maxLength: 10 }]
 *   model: { memorySlots: 64, memoryInit: learned }   # heads: 2; shiftRadius: 2; headBias: none, or { write: { shiftWeighting: [0, 0, 3] } }
 *   learningRateDecay: [none, { startAtCriterion: 0.03, sequences: 10000, floor: 0.1 }]
 * test: { sequences: 1000, seed: 4242, lengths: [120] }   # default: no test set
 * budget:
 *   steps: 20000
 *   time: 20m                 # seconds, or 90s, 10m, 1h30m
 *   stopAt: 0.1               # the task's criterion at 0.1; "task" (default) or "none"
 *   stopAfter: 3              # evaluations in a row that meet it (default: the task's)
 *   evalEvery: 100
 *   checkpointEvery: 200
 * ```
 *
 * @example
 * ```ts
 * const spec = parseSweepSpec('grid: { task: copy, seed: [1, 2] }', 'seeds.yaml');
 * spec.name; // 'seeds'
 * spec.grid.seed; // [1, 2]
 * ```
 */
export function parseSweepSpec(text: string, source: string): SweepSpec {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new UsageError(`sweep spec ${source} is not valid JSON or YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const fail: Fail = Object.assign(
    (field: string, value: unknown, expected: string): never => {
      throw new UsageError(`sweep spec ${source}: ${field} must be ${expected}, got ${describe(value)}`);
    },
    { source },
  );
  const root = objectOrFail(raw, 'the file', fail, ['name', 'grid', 'budget', 'test', 'backend']);
  const name = root['name'] === undefined ? defaultName(source) : root['name'];
  if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) {
    fail('name', name, 'up to 64 letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
  const grid = objectOrFail(root['grid'] ?? fail('grid', undefined, 'an object with at least grid.task'), 'grid', fail, gridKeys);
  if (grid['task'] === undefined) fail('grid.task', undefined, `one of ${TASK_NAMES.join(', ')}, or a list of them`);
  const axis = <T>(key: (typeof gridKeys)[number], fallback: T, check: (value: unknown, field: string) => T): readonly T[] => {
    const value = grid[key];
    if (value === undefined) return [fallback];
    if (key === 'seed' && isRange(value)) return seedRange(value, fail) as T[];
    const values = Array.isArray(value) ? value : [value];
    if (values.length === 0) fail(`grid.${key}`, value, 'a value or a non-empty list');
    const checked = values.map((item, index) => check(item, Array.isArray(value) ? `grid.${key}[${index}]` : `grid.${key}`));
    const seen = new Set(checked.map((item) => JSON.stringify(item)));
    if (seen.size !== checked.length) fail(`grid.${key}`, value, 'a list without repeats');
    return checked;
  };
  const choice =
    <const C extends string>(choices: readonly C[]) =>
    (value: unknown, field: string): C =>
      typeof value === 'string' && (choices as readonly string[]).includes(value) ? (value as C) : fail(field, value, `one of ${choices.join(', ')}`);
  const integer = (minimum: number) => (value: unknown, field: string) =>
    Number.isSafeInteger(value) && (value as number) >= minimum ? (value as number) : fail(field, value, `an integer >= ${minimum}`);
  const positive = (value: unknown, field: string) =>
    typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fail(field, value, 'a number > 0');
  const tasks = axis('task', 'copy', choice(TASK_NAMES));
  // Checked here, field by field, so that a bad bias stops the sweep before any run starts
  // (against the model's shift radius: the spec's, else that of each task in the grid, which is
  // the paper's 1 unless the task's defaults say otherwise).
  const taskShiftRadii = [...new Set(tasks.map((task) => TASK_TRAINING_DEFAULTS[task].headsShiftRadius ?? 1))];
  const headBias = (value: unknown, field: string, shiftRadii: readonly number[]): 'none' | HeadsInitialBias => {
    if (value === 'none') return value;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return fail(field, value, 'none or an object like { write: { shiftWeighting: [0, 0, 3] } }');
    }
    try {
      return shiftRadii.map((shiftRadius) => validateInitialBias(value, shiftRadius, field))[0] as HeadsInitialBias;
    } catch (error) {
      throw new UsageError(`sweep spec ${source}: ${(error as Error).message}`);
    }
  };
  const modelOverrides = (value: unknown, field: string): ModelOverrides => {
    const object = objectOrFail(value, field, fail, modelKeys);
    return Object.fromEntries(
      modelKeys
        .filter((key) => object[key] !== undefined)
        .map((key) => [
          key,
          key === 'memoryInit'
            ? choice(MEMORY_INITIALIZATIONS)(object[key], `${field}.${key}`)
            : key === 'headBias'
              ? headBias(
                  object[key],
                  `${field}.${key}`,
                  object['shiftRadius'] === undefined ? taskShiftRadii : [integer(0)(object['shiftRadius'], `${field}.shiftRadius`)],
                )
              : integer(key === 'shiftRadius' ? 0 : 1)(object[key], `${field}.${key}`),
        ]),
    );
  };
  const spec: SweepSpec = {
    name: name as string,
    grid: {
      task: tasks,
      preset: axis('preset', 'ntm-lstm', choice(PRESET_VARIANTS)),
      seed: axis('seed', 1, (value, field) =>
        Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= MAX_SEED
          ? (value as number)
          : fail(field, value, `an integer from 0 to ${MAX_SEED} (seeds are 32-bit)`),
      ),
      optimizer: axis('optimizer', 'adam', choice(['adam', 'rmsprop'] as const)),
      learningRate: axis('learningRate', null, positive),
      batchSize: axis('batchSize', null, integer(1)),
      curriculum: axis<CurriculumSetting | null>('curriculum', null, (value, field) => {
        if (typeof value === 'string') return choice(['none', 'length'] as const)(value, field);
        const object = objectOrFail(value, field, fail);
        if (object['kind'] !== 'length') fail(`${field}.kind`, object['kind'], 'length (the curriculum with fields to set)');
        try {
          resolveCurriculumConfig(object, 'copy'); // checks the fields; every run's own task is checked when it starts
        } catch (error) {
          throw new UsageError(`sweep spec ${source}: ${field}: ${(error as Error).message}`);
        }
        return object as CurriculumSetting;
      }),
      taskConfig: axis('taskConfig', {}, (value, field) => objectOrFail(value, field, fail)),
      model: axis('model', {}, modelOverrides),
      learningRateDecay: axis<LearningRateDecay | 'none' | null>('learningRateDecay', null, (value, field) => {
        if (value === 'none') return 'none';
        try {
          return resolveLearningRateDecay(value) ?? fail(field, value, 'none or a decay object');
        } catch (error) {
          throw new UsageError(`sweep spec ${source}: ${field}: ${(error as Error).message}`);
        }
      }),
    },
    budget: parseBudget(root['budget'], fail),
    test: parseTest(root['test'], fail),
    backend: root['backend'] === undefined ? null : choice(SWEEP_BACKENDS)(root['backend'], 'backend'),
  };
  return spec;
}

/** Throws the spec's one-line error; `source` names the file. */
type Fail = ((field: string, value: unknown, expected: string) => never) & { readonly source: string };

function parseBudget(raw: unknown, fail: Fail): SweepBudget {
  if (raw === undefined) return SWEEP_BUDGET_DEFAULTS;
  const budget = objectOrFail(raw, 'budget', fail, budgetKeys);
  const integer = (key: string, minimum = 1) => {
    const value = budget[key];
    return Number.isSafeInteger(value) && (value as number) >= minimum ? (value as number) : fail(`budget.${key}`, value, `an integer >= ${minimum}`);
  };
  const optional = <T>(key: string, read: () => T, fallback: T): T => (budget[key] === undefined ? fallback : read());
  const seconds = optional(
    'time',
    () => {
      const value = budget['time'];
      if (value === 'none') return null;
      try {
        return parseDurationFlag('time', String(value));
      } catch {
        return fail('budget.time', value, 'a duration such as 90 (seconds), 90s, 10m, 1h30m, or "none"');
      }
    },
    SWEEP_BUDGET_DEFAULTS.seconds,
  );
  const stopAt = optional<number | null | 'task'>(
    'stopAt',
    () => {
      const value = budget['stopAt'];
      if (value === 'none') return null;
      if (value === 'task') return 'task';
      return typeof value === 'number' && Number.isFinite(value) && value > 0
        ? value
        : fail('budget.stopAt', value, 'a number > 0 (the threshold of the task\'s criterion), "task" (its default) or "none"');
    },
    SWEEP_BUDGET_DEFAULTS.stopAt,
  );
  const steps = optional('steps', () => integer('steps'), SWEEP_BUDGET_DEFAULTS.steps);
  if (steps === null && seconds === null && stopAt === null) {
    fail('budget', raw, 'at least one of steps, time or stopAt, so that every run ends');
  }
  return {
    steps,
    seconds,
    stopAt,
    stopAfter: optional<number | null>('stopAfter', () => integer('stopAfter'), SWEEP_BUDGET_DEFAULTS.stopAfter),
    evalEvery: optional('evalEvery', () => integer('evalEvery'), SWEEP_BUDGET_DEFAULTS.evalEvery),
    evalSequences: optional('evalSequences', () => integer('evalSequences'), SWEEP_BUDGET_DEFAULTS.evalSequences),
    checkpointEvery: optional('checkpointEvery', () => integer('checkpointEvery'), SWEEP_BUDGET_DEFAULTS.checkpointEvery),
  };
}

function parseTest(raw: unknown, fail: Fail): SweepTest | null {
  if (raw === undefined || raw === 'none') return null;
  const test = objectOrFail(raw, 'test', fail, ['sequences', 'seed', 'lengths']);
  const integer = (key: string, value: unknown, minimum: number, maximum = Number.MAX_SAFE_INTEGER) =>
    Number.isSafeInteger(value) && (value as number) >= minimum && (value as number) <= maximum
      ? (value as number)
      : fail(`test.${key}`, value, `an integer from ${minimum} to ${maximum}`);
  const lengths = test['lengths'];
  if (lengths !== undefined && (!Array.isArray(lengths) || lengths.length === 0)) fail('test.lengths', lengths, 'a non-empty list of sizes');
  return {
    sequences: integer('sequences', test['sequences'] ?? 1000, 1, 1_000_000),
    seed: integer('seed', test['seed'] ?? 4242, 0, MAX_SEED),
    lengths: lengths === undefined ? null : (lengths as unknown[]).map((value, index) => integer(`lengths[${index}]`, value, 1, 10_000)),
  };
}

function objectOrFail(value: unknown, field: string, fail: Fail, keys?: readonly string[]): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail(field, value, 'an object');
  const object = value as Record<string, unknown>;
  const unknown = keys ? Object.keys(object).find((key) => !keys.includes(key)) : undefined;
  if (unknown !== undefined) {
    const where = field === 'the file' ? '' : `${field}.`;
    throw new UsageError(`sweep spec ${fail.source}: unknown field ${where}${unknown}; expected one of ${keys?.join(', ')}`);
  }
  return object;
}

function isRange(value: unknown): value is { from: unknown; to: unknown } {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && 'from' in value;
}

function seedRange(value: { from: unknown; to: unknown }, fail: Fail): number[] {
  const { from, to } = value;
  if (!Number.isSafeInteger(from) || (from as number) < 0) fail('grid.seed.from', from, 'an integer >= 0');
  if (!Number.isSafeInteger(to) || (to as number) < (from as number) || (to as number) > MAX_SEED)
    fail('grid.seed.to', to, `an integer from ${from} (from) to ${MAX_SEED}`);
  if ((to as number) - (from as number) >= 10_000) fail('grid.seed', value, 'a range of at most 10,000 seeds');
  return Array.from({ length: (to as number) - (from as number) + 1 }, (_, index) => (from as number) + index);
}

/** `sweeps/copy-seeds.yaml` → `copy-seeds`. */
function defaultName(source: string): string {
  const file = source.split(/[\\/]/).pop() ?? 'sweep';
  return file.replace(/\.(ya?ml|json)$/i, '').replace(/[^A-Za-z0-9._-]/g, '-') || 'sweep';
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * A checked spec in the file format {@link parseSweepSpec} reads, every default written out
 * (so the file says exactly what ran); reading it back gives the same spec.
 *
 * @example parseSweepSpec(JSON.stringify(sweepSpecToFile(spec)), 'sweep.json') // equal to spec
 */
export function sweepSpecToFile(spec: SweepSpec): Record<string, unknown> {
  const grid = Object.fromEntries(Object.entries(spec.grid).filter(([, values]) => !(values.length === 1 && values[0] === null)));
  const { budget } = spec;
  return {
    name: spec.name,
    ...(spec.backend === null ? {} : { backend: spec.backend }),
    grid,
    budget: {
      ...(budget.steps === null ? {} : { steps: budget.steps }),
      time: budget.seconds === null ? 'none' : budget.seconds,
      stopAt: budget.stopAt === null ? 'none' : budget.stopAt,
      ...(budget.stopAfter === null ? {} : { stopAfter: budget.stopAfter }),
      ...(budget.evalEvery === null ? {} : { evalEvery: budget.evalEvery }),
      ...(budget.evalSequences === null ? {} : { evalSequences: budget.evalSequences }),
      checkpointEvery: budget.checkpointEvery,
    },
    ...(spec.test === null
      ? {}
      : { test: { sequences: spec.test.sequences, seed: spec.test.seed, ...(spec.test.lengths === null ? {} : { lengths: spec.test.lengths }) } }),
  };
}
