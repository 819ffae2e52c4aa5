import type { ConvergeRun } from '../converge/converge-results.js';
import type { CompareSide, ConvergeFile } from './read-converge-files.js';

/** One run of a side, with the file it came from (its index in the side's files). */
export interface PooledRun {
  readonly run: ConvergeRun;
  readonly fileIndex: number;
}

/** One side of a comparison: its files, their runs pooled (one per seed), and what pooling left out. */
export interface PooledSide {
  readonly side: CompareSide;
  readonly files: readonly ConvergeFile[];
  /** By seed, smallest first. */
  readonly runs: readonly PooledRun[];
  readonly notes: readonly string[];
}

/**
 * Pools the runs of one side's files. A seed is one run: when a seed appears again (in a later
 * file, or twice in one), the first is kept and a note says which was dropped.
 *
 * @example
 * ```ts
 * const before = poolRuns('before', readConvergeFiles('before', ['a/converge.json', 'b/converge.json']));
 * before.runs.map(({ run }) => run.seed); // [1, 2, 3]
 * ```
 */
export function poolRuns(side: CompareSide, files: readonly ConvergeFile[]): PooledSide {
  const kept = new Map<number, PooledRun>();
  const notes: string[] = [];
  files.forEach((file, fileIndex) => {
    for (const run of file.results.runs) {
      const first = kept.get(run.seed);
      if (first === undefined) {
        kept.set(run.seed, { run, fileIndex });
      } else {
        notes.push(`${side}: seed ${run.seed} appears again in ${file.path}; kept the run from ${files[first.fileIndex]?.path}.`);
      }
    }
  });
  const runs = [...kept.values()].sort((a, b) => a.run.seed - b.run.seed);
  return { side, files, runs, notes };
}

/**
 * What differs between the files' plans in ways that change a learning curve (backend, batch
 * size, curriculum, target): one sentence per setting, empty when they all agree. Budgets and
 * evaluation cadences may differ freely.
 *
 * @example planDifferences([before, after]) // ['batch size differs: 32 in a/converge.json, 16 in b/converge.json.']
 */
export function planDifferences(sides: readonly PooledSide[]): string[] {
  const files = sides.flatMap((side) => side.files);
  const settings = [
    ['backend', (file: ConvergeFile) => `tfjs-${file.results.plan.backend}`],
    ['batch size', (file: ConvergeFile) => String(file.results.plan.batchSize)],
    ['curriculum', (file: ConvergeFile) => file.results.plan.curriculum],
    ['target bit errors per sequence', (file: ConvergeFile) => String(file.results.plan.targetBitErrors)],
  ] as const;
  const differences: string[] = [];
  for (const [name, read] of settings) {
    if (new Set(files.map(read)).size > 1) {
      differences.push(`${name} differs: ${files.map((file) => `${read(file)} in ${file.path}`).join(', ')}.`);
    }
  }
  return differences;
}
