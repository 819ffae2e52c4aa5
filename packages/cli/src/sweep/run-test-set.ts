import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommandError } from '../errors.js';
import { RUN_FILES } from '../run-directory.js';
import type { SweepBackend, SweepTest } from './sweep-spec.js';

/** A finished run's scores on the sweep's test set: per sequence, as `ntm eval` reports them. */
export interface RunTestResult {
  readonly sequences: number;
  readonly seed: number;
  readonly cost: number | null;
  readonly bitErrors: number | null;
  /** The Bayes-optimal cost of the same sequences (dynamic N-grams; null elsewhere). */
  readonly optimalCost?: number | null;
  /** Whether the run meets its own stop criteria on the test set (null: it has none; absent in older results). */
  readonly meetsCriteria?: boolean | null;
  /** The generalisation table, one row per size asked for. */
  readonly generalisation: readonly { readonly size: number; readonly cost: number | null; readonly bitErrors: number | null }[];
  /** The sequences the scored checkpoint had seen (absent in older results; `best.ntm`'s are fewer than the run's). */
  readonly checkpointSequencesSeen?: number | null;
}

/**
 * Whether a run's stored test result is the one a sweep's test set asks for (a changed test
 * set in the spec scores the runs again, without training them again).
 * @example testResultMatches(outcome.test, spec.test) // false when the seed or sizes changed
 */
export function testResultMatches(result: RunTestResult | null | undefined, test: SweepTest): boolean {
  if (!result) return false;
  const sizes = result.generalisation.map((row) => row.size);
  return result.sequences === test.sequences && result.seed === test.seed && JSON.stringify(sizes) === JSON.stringify(test.lengths ?? []);
}

/**
 * Which of a run's checkpoints to score: `last` (`checkpoint.ntm`, where training stopped) or
 * `best` (`best.ntm`, the lowest validation result the run saw).
 */
export type ScoredCheckpoint = 'last' | 'best';

/**
 * Scores a run's checkpoint (the last unless told otherwise) on the test set with `ntm eval
 * --json` in a process of its own; null when the run left no such checkpoint (it diverged before
 * its first save).
 *
 * @example const test = await scoreOnTestSet('dist/ntm.js', runDirectory, { sequences: 1000, seed: 4242, lengths: [120] }, null);
 * @example const best = await scoreOnTestSet('dist/ntm.js', runDirectory, test, null, 'best'); // best.ntm
 */
export function scoreOnTestSet(
  script: string | URL,
  runDirectory: string,
  test: SweepTest,
  backend: SweepBackend | null,
  which: ScoredCheckpoint = 'last',
): Promise<RunTestResult | null> {
  const checkpoint = join(runDirectory, which === 'best' ? RUN_FILES.best : RUN_FILES.checkpoint);
  if (!existsSync(checkpoint)) return Promise.resolve(null);
  const program = typeof script === 'string' && !script.startsWith('file:') ? script : fileURLToPath(script);
  const argv = [
    program,
    'eval',
    checkpoint,
    '--sequences',
    String(test.sequences),
    '--seed',
    String(test.seed),
    ...(test.lengths === null ? [] : ['--lengths', test.lengths.join(',')]),
    ...(backend === null ? [] : ['--backend', backend]),
    '--json',
  ];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, argv, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new CommandError(`scoring ${checkpoint} on the test set failed: ${stderr.trim().split('\n').at(-1) ?? error.message}`));
        return;
      }
      const report = JSON.parse(stdout) as {
        sequencesSeen: number | null;
        heldOut: { cost: number | null; bitErrors: number | null; bayesOptimalCost?: number; meetsCriteria?: boolean | null };
        generalisation: { rows: { size: number; cost: number | null; bitErrors: number | null }[] } | null;
      };
      resolve({
        sequences: test.sequences,
        seed: test.seed,
        cost: report.heldOut.cost,
        bitErrors: report.heldOut.bitErrors,
        optimalCost: report.heldOut.bayesOptimalCost ?? null,
        meetsCriteria: report.heldOut.meetsCriteria ?? null,
        generalisation: (report.generalisation?.rows ?? []).map(({ size, cost, bitErrors }) => ({ size, cost, bitErrors })),
        checkpointSequencesSeen: report.sequencesSeen,
      });
    });
  });
}
