import { parseArgs } from 'node:util';
import { TFJS_FLAVORS, type TfjsFlavor } from '@ntm/backend-tfjs';
import { DEFAULT_CONVERGE_PLAN, type ConvergePlan } from './converge/converge-plan.js';
import { DEFAULT_SPEED_PLAN, QUICK_SPEED_PLAN, type SpeedPlan } from './speed/speed-plan.js';

/** A command line the benchmark cannot run; main prints the message and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** What a command line asks for. The two `*-worker` kinds are the parent's child processes, not for people. */
export type BenchCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'speed'; readonly plan: SpeedPlan; readonly outputFolder: string | null }
  | { readonly kind: 'converge'; readonly plan: ConvergePlan; readonly outputFolder: string | null }
  | { readonly kind: 'compare'; readonly beforeFiles: readonly string[]; readonly afterFiles: readonly string[]; readonly outputFolder: string | null }
  | { readonly kind: 'speed-worker'; readonly backend: TfjsFlavor; readonly plan: SpeedPlan; readonly resultFile: string };

/** The usage text of `pnpm bench --help`. */
export const USAGE = `Usage: pnpm bench [options]

Speed (default): the library and a naive op-by-op NTM, copy task length 20, the paper's
NTM-LSTM, for each backend and batch size. Writes results/latest.json and results/latest.md.
  --quick               CI smoke run: batches 1 and 8, two steps each (writes results/quick.*)
  --backends LIST       tfjs backends, default wasm,cpu
  --batches LIST        batch sizes, default 1,8,32,128
  --repetitions N       timed repetitions (median), default 3
  --cap DURATION        skip an implementation × batch predicted to take longer, default 75s

Convergence: --mode converge. A sweep (ntm sweep) of the copy task (lengths 1-20) over seeds,
each run until held-out bit errors < 0.1 per sequence. Writes results/converge.json and converge.md.
  --seeds LIST          one run per seed, default 1
  --parallel N          runs at once, each a process of its own, default one per core
  --budget DURATION     wall-time limit per run (90s, 20m, 1h), default 20m
  --backend NAME        wasm (default) or cpu
  --eval-every N        held-out evaluation every N steps, default 50
  --curriculum KIND     none (default) or length

Learning curves: --mode compare. Reads converge.json files (or ntm sweep folders of one
configuration) from before and after a change and writes learning-curves.svg (bit errors against sequences seen), learning-curves-time.svg
(against training minutes) and learning-curves.md (per seed: converged, sequences, minutes).
  --before FILE,…       converge.json files or sweep folders from before the change, comma-separated (pooled)
  --after FILE,…        converge.json files or sweep folders from after it

All modes: --out FOLDER (default apps/bench/results), --help.`;

/**
 * Parses the benchmark's command line (the arguments after `node dist/bench.js`).
 *
 * @example
 * ```ts
 * parseBenchArguments(['--mode', 'converge', '--seeds', '1,2,3', '--budget', '20m']);
 * // { kind: 'converge', plan: { seeds: [1, 2, 3], budgetSeconds: 1200, … }, outputFolder: null }
 * ```
 */
export function parseBenchArguments(argv: readonly string[]): BenchCommand {
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(argv);
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace(/\. To specify a positional argument.*$/s, '')}; see --help`);
  }
  const values = parsed.values;
  if (values.help) return { kind: 'help' };

  if (values.worker !== undefined) return parseWorker(values);

  const mode = values.mode ?? 'speed';
  if (mode !== 'speed' && mode !== 'converge' && mode !== 'compare') throw new UsageError(`--mode must be speed, converge or compare, got "${mode}"`);
  const outputFolder = values.out ?? null;
  const speedOnly = ['quick', 'backends', 'batches', 'repetitions', 'cap'] as const;
  const convergeOnly = ['seeds', 'parallel', 'budget', 'backend', 'eval-every', 'curriculum'] as const;
  const compareOnly = ['before', 'after'] as const;
  const given = (names: readonly (keyof typeof values)[]) => names.filter((name) => values[name] !== undefined);
  const reject = (names: readonly (keyof typeof values)[], belongsTo: string) => {
    const misplaced = given(names);
    if (misplaced.length > 0)
      throw new UsageError(`--${misplaced[0]} applies to ${belongsTo}, not to ${mode === 'speed' ? 'the speed benchmark' : `--mode ${mode}`}`);
  };

  if (mode === 'compare') {
    reject(speedOnly, 'the speed benchmark');
    reject(convergeOnly, '--mode converge');
    const files = (flag: 'before' | 'after', when: string) => {
      const text = values[flag];
      if (text === undefined) throw new UsageError(`--mode compare needs --${flag} FILE[,FILE…]: the converge.json files from ${when} the change`);
      return fileList(`--${flag}`, text);
    };
    return { kind: 'compare', beforeFiles: files('before', 'before'), afterFiles: files('after', 'after'), outputFolder };
  }

  reject(compareOnly, '--mode compare');
  if (mode === 'converge') {
    reject(speedOnly, 'the speed benchmark');
    const curriculum = values.curriculum ?? DEFAULT_CONVERGE_PLAN.curriculum;
    if (curriculum !== 'none' && curriculum !== 'length') throw new UsageError(`--curriculum must be none or length, got "${curriculum}"`);
    const plan: ConvergePlan = {
      ...DEFAULT_CONVERGE_PLAN,
      seeds: values.seeds === undefined ? DEFAULT_CONVERGE_PLAN.seeds : integerList('--seeds', values.seeds, 0),
      parallel: values.parallel === undefined ? DEFAULT_CONVERGE_PLAN.parallel : positiveInteger('--parallel', values.parallel),
      budgetSeconds: values.budget === undefined ? DEFAULT_CONVERGE_PLAN.budgetSeconds : parseDuration('--budget', values.budget),
      backend: values.backend === undefined ? DEFAULT_CONVERGE_PLAN.backend : flavor('--backend', values.backend),
      evaluationEvery: values['eval-every'] === undefined ? DEFAULT_CONVERGE_PLAN.evaluationEvery : positiveInteger('--eval-every', values['eval-every']),
      curriculum,
    };
    return { kind: 'converge', plan, outputFolder };
  }

  reject(convergeOnly, '--mode converge');
  const base = values.quick ? QUICK_SPEED_PLAN : DEFAULT_SPEED_PLAN;
  const plan: SpeedPlan = {
    ...base,
    backends: values.backends === undefined ? base.backends : [...new Set(values.backends.split(',').map((name) => flavor('--backends', name)))],
    // Smallest first: the skip rule predicts each batch from the smaller ones.
    batchSizes: values.batches === undefined ? base.batchSizes : integerList('--batches', values.batches, 1).sort((a, b) => a - b),
    repetitions: values.repetitions === undefined ? base.repetitions : positiveInteger('--repetitions', values.repetitions),
    capSeconds: values.cap === undefined ? base.capSeconds : parseDuration('--cap', values.cap),
  };
  return { kind: 'speed', plan, outputFolder };
}

/**
 * Reads a duration such as `90s`, `20m`, `1.5h` as seconds.
 * @example parseDuration('--budget', '20m') // 1200
 */
export function parseDuration(flag: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)(s|m|h)$/.exec(text.trim());
  if (!match) throw new UsageError(`${flag} must be a duration such as 90s, 20m or 1h, got "${text}"`);
  const seconds = Number(match[1]) * { s: 1, m: 60, h: 3600 }[match[2] as 's' | 'm' | 'h'];
  if (seconds <= 0) throw new UsageError(`${flag} must be longer than 0, got "${text}"`);
  return seconds;
}

function parseFlags(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      help: { type: 'boolean', short: 'h' },
      mode: { type: 'string' },
      quick: { type: 'boolean' },
      backends: { type: 'string' },
      batches: { type: 'string' },
      repetitions: { type: 'string' },
      cap: { type: 'string' },
      seeds: { type: 'string' },
      parallel: { type: 'string' },
      budget: { type: 'string' },
      backend: { type: 'string' },
      'eval-every': { type: 'string' },
      curriculum: { type: 'string' },
      before: { type: 'string' },
      after: { type: 'string' },
      out: { type: 'string' },
      // The parent's calls to its children.
      worker: { type: 'string' },
      plan: { type: 'string' },
      result: { type: 'string' },
    },
  });
}

function parseWorker(values: ReturnType<typeof parseFlags>['values']): BenchCommand {
  const resultFile = values.result;
  if (values.plan === undefined || resultFile === undefined) throw new UsageError('--worker needs --plan and --result');
  const plan = JSON.parse(values.plan) as SpeedPlan;
  if (values.worker === 'speed') return { kind: 'speed-worker', backend: flavor('--backend', values.backend ?? ''), plan, resultFile };
  throw new UsageError(`--worker must be speed, got "${values.worker}"`);
}

function flavor(flag: string, name: string): TfjsFlavor {
  if (!(TFJS_FLAVORS as readonly string[]).includes(name)) {
    throw new UsageError(`${flag} must name tfjs backends among ${TFJS_FLAVORS.join(', ')}, got "${name}"`);
  }
  return name as TfjsFlavor;
}

function fileList(flag: string, text: string): string[] {
  const paths = text.split(',').map((item) => item.trim());
  if (paths.some((path) => path.length === 0)) throw new UsageError(`${flag} must be a comma-separated list of converge.json files, got "${text}"`);
  return paths;
}

function positiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1) throw new UsageError(`${flag} must be a positive integer, got "${text}"`);
  return value;
}

function integerList(flag: string, text: string, minimum: number): number[] {
  const values = text.split(',').map((item) => item.trim());
  for (const item of values) {
    if (!/^\d+$/.test(item) || Number(item) < minimum) {
      throw new UsageError(`${flag} must be a comma-separated list of integers >= ${minimum}, got "${text}"`);
    }
  }
  return [...new Set(values.map(Number))];
}
