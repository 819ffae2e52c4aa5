import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TfjsFlavor } from '@ntm/backend-tfjs';
import type { TaskName } from '@ntm/tasks';
import { TASK_TRAINING_DEFAULTS } from '@ntm/trainer';
import type { ConvergeRun } from '../converge/converge-results.js';
import { readSweepRuns } from '../converge/sweep-runs.js';
import type { ComparedResults } from './read-converge-files.js';

/** The fields of a sweep's `sweep.json` (the spec as `ntm sweep` resolved it) that a comparison reads. */
interface SweepSpecFile {
  readonly name: string;
  readonly backend?: string | null;
  readonly grid: Readonly<Record<string, readonly unknown[] | undefined>>;
  readonly budget: { readonly stopAt?: number | null | 'task'; readonly evalEvery?: number | null };
}

/**
 * A sweep's folder (written by `ntm sweep`: `report.json` and `sweep.json`) as one side of a
 * comparison: its runs' validation curves, and the settings a curve depends on, from the spec
 * (a setting the grid leaves out is the task's default). It must hold one configuration of a
 * task whose criterion is bit errors per sequence. Throws an Error saying what is missing or
 * does not fit.
 *
 * @example comparedSweep('apps/bench/results/sweeps/copy-shards').plan.batchSize // 8
 */
export function comparedSweep(folder: string): ComparedResults {
  const spec = JSON.parse(readFileSync(join(folder, 'sweep.json'), 'utf8')) as SweepSpecFile;
  const only = (axis: string): unknown => {
    const values = spec.grid[axis];
    if (values !== undefined && values.length > 1) {
      throw new Error(
        `its grid has ${values.length} values of ${axis} (${values.map((value) => JSON.stringify(value)).join(', ')}); a side of a comparison is one configuration`,
      );
    }
    return values?.[0];
  };
  const seeds = spec.grid['seed'] ?? [];
  for (const axis of Object.keys(spec.grid)) if (axis !== 'seed') only(axis);
  const task = only('task') as TaskName;
  const defaults = TASK_TRAINING_DEFAULTS[task];
  if (defaults === undefined) throw new Error(`its task is ${JSON.stringify(task)}, which is none of the tasks`);
  const criterion = defaults.criteria.stopAtBitErrors;
  const stopAt = spec.budget.stopAt;
  const target = typeof stopAt === 'number' ? stopAt : criterion;
  if (target === null) throw new Error(`its task, ${task}, stops on cost, but a comparison draws bit errors per sequence`);
  const runs: ConvergeRun[] = readSweepRuns(join(folder, 'report.json'));
  if (runs.length === 0) throw new Error(`report.json has no finished run (the grid has ${seeds.length} seeds)`);
  return {
    plan: {
      backend: (spec.backend ?? 'tfjs-wasm').replace(/^tfjs-/, '') as TfjsFlavor,
      batchSize: (only('batchSize') as number | undefined) ?? defaults.batchSize,
      curriculum: (only('curriculum') as 'none' | 'length' | undefined) ?? defaults.curriculum.kind,
      targetBitErrors: target,
    },
    runs,
    origin: `Sweep ${spec.name} (ntm sweep; its minutes are training time, on whatever else the machine ran then).`,
  };
}
