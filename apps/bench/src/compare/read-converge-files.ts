import { readFileSync, statSync } from 'node:fs';
import { UsageError } from '../arguments.js';
import type { ConvergePlan } from '../converge/converge-plan.js';
import type { ConvergeResults, ConvergeRun } from '../converge/converge-results.js';
import { describeMachineLine } from '../report/machine-line.js';
import { comparedSweep } from './sweep-folder.js';

/** Which side of a comparison a file belongs to: results from before a change, or after it. */
export type CompareSide = 'before' | 'after';

/** What a comparison reads of a side's file: the runs, and the settings a learning curve depends on. */
export interface ComparedResults {
  readonly plan: Pick<ConvergePlan, 'backend' | 'batchSize' | 'curriculum' | 'targetBitErrors'>;
  readonly runs: readonly ConvergeRun[];
  /** Where the runs come from, for the report: the machine and time of a benchmark, or the sweep. */
  readonly origin: string;
}

/** One `converge.json` (or sweep folder) as read: the path as given on the command line, and its contents. */
export interface ConvergeFile {
  readonly path: string;
  readonly results: ComparedResults;
}

/**
 * Reads the `converge.json` files of one side of a comparison, checking that each is a
 * convergence result (format `ntm-bench-converge`, version 1) with the fields the comparison
 * reads. A bad file stops the comparison with a {@link UsageError} naming the flag, the file and
 * what is wrong.
 *
 * @example
 * ```ts
 * readConvergeFiles('before', ['base/results/converge.json']);
 * // [{ path: 'base/results/converge.json', results: { format: 'ntm-bench-converge', runs: [...], … } }]
 * ```
 */
export function readConvergeFiles(side: CompareSide, paths: readonly string[]): ConvergeFile[] {
  return paths.map((path) => ({ path, results: readConvergeFile(side, path) }));
}

function readConvergeFile(side: CompareSide, path: string): ComparedResults {
  function fail(problem: string): never {
    throw new UsageError(`--${side} file ${path}: ${problem}`);
  }
  if (isFolder(path)) {
    try {
      return comparedSweep(path);
    } catch (error) {
      fail(`is a folder, so it must be a sweep's (ntm sweep's report.json and sweep.json), but ${(error as Error).message}`);
    }
  }
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') fail('not found');
    fail(`cannot be read (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    fail(`is not JSON (${(error as Error).message})`);
  }
  const problem = convergeResultsProblem(json);
  if (problem !== null) fail(problem);
  const results = json as ConvergeResults;
  return { plan: results.plan, runs: results.runs, origin: describeMachineLine(results.machine, results.backendInfo, results.finishedAt) };
}

type Kind = 'number' | 'number or null' | 'string' | 'boolean' | 'object' | 'object or null' | 'array';

/** The first way `json` is not a version-1 convergence result, or null when it is one. */
function convergeResultsProblem(json: unknown): string | null {
  if (!isObject(json)) return `expected a JSON object (a converge.json), got ${describe(json)}`;
  if (json.format !== 'ntm-bench-converge') {
    return `format must be "ntm-bench-converge", got ${describe(json.format)}; write one with pnpm bench --mode converge`;
  }
  if (json.formatVersion !== 1) return `formatVersion must be 1, got ${describe(json.formatVersion)}`;
  const topLevel =
    fieldProblem(json, 'finishedAt', 'string') ??
    fieldProblem(json, 'machine', 'object') ??
    fieldProblem(json, 'backendInfo', 'object or null') ??
    fieldProblem(json, 'plan', 'object') ??
    fieldProblem(json, 'runs', 'array');
  if (topLevel !== null) return topLevel;
  const machine = json.machine as Record<string, unknown>;
  const plan = json.plan as Record<string, unknown>;
  const found =
    fieldProblem(machine, 'cpuModel', 'string', 'machine') ??
    fieldProblem(machine, 'cores', 'number', 'machine') ??
    fieldProblem(machine, 'nodeVersion', 'string', 'machine') ??
    fieldProblem(plan, 'targetBitErrors', 'number', 'plan') ??
    fieldProblem(plan, 'batchSize', 'number', 'plan') ??
    fieldProblem(plan, 'backend', 'string', 'plan') ??
    fieldProblem(plan, 'curriculum', 'string', 'plan');
  if (found !== null) return found;
  const runs = json.runs as unknown[];
  for (const [index, run] of runs.entries()) {
    const problem = runProblem(run, `runs[${index}]`);
    if (problem !== null) return problem;
  }
  return null;
}

function runProblem(run: unknown, at: string): string | null {
  if (!isObject(run)) return `${at} must be an object, got ${describe(run)}`;
  const fields: [string, Kind][] = [
    ['seed', 'number'],
    ['converged', 'boolean'],
    ['stopReason', 'string'],
    ['sequencesSeen', 'number'],
    ['trainingSeconds', 'number'],
    ['nanEvents', 'number'],
    // JSON writes a NaN as null.
    ['finalBitErrors', 'number or null'],
    ['evaluations', 'array'],
  ];
  for (const [name, kind] of fields) {
    const problem = fieldProblem(run, name, kind, at);
    if (problem !== null) return problem;
  }
  for (const [index, evaluation] of (run.evaluations as unknown[]).entries()) {
    const where = `${at}.evaluations[${index}]`;
    if (!isObject(evaluation)) return `${where} must be an object, got ${describe(evaluation)}`;
    const problem =
      fieldProblem(evaluation, 'sequencesSeen', 'number', where) ??
      fieldProblem(evaluation, 'wallSeconds', 'number', where) ??
      fieldProblem(evaluation, 'bitErrors', 'number or null', where);
    if (problem !== null) return problem;
  }
  return null;
}

function fieldProblem(owner: Record<string, unknown>, name: string, kind: Kind, at?: string): string | null {
  const value = owner[name];
  const ok =
    kind === 'array'
      ? Array.isArray(value)
      : kind === 'object'
        ? isObject(value)
        : kind === 'object or null'
          ? value === null || isObject(value)
          : kind === 'number or null'
            ? value === null || typeof value === 'number'
            : typeof value === kind;
  if (ok) return null;
  const article = /^[aeiou]/.test(kind) ? 'an' : 'a';
  return `${at === undefined ? name : `${at}.${name}`} must be ${article} ${kind}, got ${describe(value)}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // reading it says why
  }
}
