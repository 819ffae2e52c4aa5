import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@ntm/machine/node';
import { CommandError, UsageError } from '../errors.js';
import { RUN_FILES } from '../run-directory.js';
import { checkFreshTestSeed, type FreshTestReport, type FreshTestRun, freshTestFiles, freshTestMarkdown, summariseFreshTest } from './fresh-test-set.js';
import { readOutcomeFile, RESULT_FILE, type RunOutcome } from './run-outcome.js';
import { type ScoredCheckpoint, scoreOnTestSet } from './run-test-set.js';
import { readSweepFile, runDirectoryOf } from './sweep-folder.js';
import type { SweepTest } from './sweep-spec.js';
import { expandSweep } from './sweep-runs.js';

/** Options of {@link scoreSweepOnFreshTestSet}. */
export interface FreshTestOptions {
  /** The `ntm` program that scores each checkpoint (`ntm eval --json`, a process of its own). */
  readonly script: string | URL;
  readonly test: SweepTest;
  /** Which checkpoint of each run to score (default `last`, as the sweep's own test set does). */
  readonly checkpoint?: ScoredCheckpoint;
  /** Checkpoints scored at once. */
  readonly parallel: number;
  /** How the report's header says to remake it. */
  readonly command: string;
  /** Told once the seed is accepted, with the number of runs to score. */
  readonly onStart?: (runs: number) => void;
  /** Told as each run is scored. */
  readonly onScored?: (run: FreshTestRun) => void;
}

/**
 * Scores every finished run of a sweep folder on a fresh test set and writes
 * `fresh-test-<seed>.md` and `fresh-test-<seed>.json` beside its report
 * (`fresh-test-best-<seed>.*` when scoring each run's `best.ntm`). Refuses a seed some
 * decision read (the sweep's test set, the runs' validation set) before scoring anything, and a
 * folder with no finished run to score, whose earlier files it leaves as they were.
 *
 * @example
 * ```ts
 * const { report } = await scoreSweepOnFreshTestSet('sweeps/sort', { script, test: { sequences: 1000, seed: 6868, lengths: null }, parallel: 2, command });
 * report.summaries[0].testCost?.median;
 * ```
 */
export async function scoreSweepOnFreshTestSet(sweepDirectory: string, options: FreshTestOptions): Promise<{ report: FreshTestReport; files: string[] }> {
  const spec = readSweepFile(sweepDirectory);
  const runs = expandSweep(spec);
  const checkpoint = options.checkpoint ?? 'last';
  const finished = runs.flatMap((run) => {
    const directory = runDirectoryOf(sweepDirectory, run.id);
    const resultPath = join(directory, RESULT_FILE);
    if (!existsSync(resultPath) || !existsSync(join(directory, checkpoint === 'best' ? RUN_FILES.best : RUN_FILES.checkpoint))) return [];
    return [{ run, directory, outcome: readOutcomeFile(resultPath) }];
  });
  checkFreshTestSeed(spec, options.test.seed, [...new Set(finished.map(({ directory }) => validationSeedOf(directory)))]);
  // Nothing to score (a report folder without its runs, say) leaves any earlier file of this seed as it was.
  if (finished.length === 0)
    throw new UsageError(
      `sweep ${spec.name} has no finished run with a ${checkpoint === 'best' ? RUN_FILES.best : RUN_FILES.checkpoint} in ${join(sweepDirectory, 'runs')}; nothing to score (run the sweep first)`,
    );
  options.onStart?.(finished.length);
  const scored: (FreshTestRun | null)[] = finished.map(() => null);
  let next = 0;
  // A few `ntm eval` processes at once, each taking the next unscored run.
  const worker = async () => {
    while (next < finished.length) {
      const index = next++;
      const { run, directory, outcome } = finished[index] as { run: (typeof runs)[number]; directory: string; outcome: RunOutcome };
      const test = await scoreOnTestSet(options.script, directory, options.test, spec.backend, checkpoint);
      if (test === null) continue;
      const sequencesSeen = test.checkpointSequencesSeen ?? outcome.sequencesSeen;
      const result: FreshTestRun = { id: run.id, configuration: run.configuration, seed: run.settings.seed, sequencesSeen, test };
      scored[index] = result;
      options.onScored?.(result);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.parallel, finished.length)) }, worker));
  const scoredRuns = scored.filter((run): run is FreshTestRun => run !== null);
  const scoredIds = new Set(scoredRuns.map((run) => run.id));
  const report: FreshTestReport = {
    format: 'ntm-sweep-fresh-test',
    formatVersion: 1,
    sweep: spec.name,
    test: options.test,
    checkpoint,
    runs: scoredRuns,
    summaries: summariseFreshTest(scoredRuns),
    unscored: runs.filter((run) => !scoredIds.has(run.id)).map((run) => run.id),
  };
  const names = freshTestFiles(options.test.seed, checkpoint);
  const files = [join(sweepDirectory, names.markdown), join(sweepDirectory, names.json)];
  writeFileAtomic(files[0] as string, new TextEncoder().encode(freshTestMarkdown(spec, report, options.command)));
  writeFileAtomic(files[1] as string, new TextEncoder().encode(`${JSON.stringify(report, null, 2)}\n`));
  return { report, files };
}

/** The seed of the validation set a run's stop rule watched, from its resolved config. */
function validationSeedOf(runDirectory: string): number {
  const path = join(runDirectory, RUN_FILES.config);
  try {
    const config = JSON.parse(readFileSync(path, 'utf8')) as { evaluation?: { seed?: number } };
    return config.evaluation?.seed ?? Number.NaN;
  } catch (error) {
    // Without it the seed cannot be checked as fresh: refuse rather than guess.
    throw new CommandError(`cannot read the run's resolved config ${path} (written by ntm train): ${(error as Error).message}`);
  }
}
