import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@ntm/machine/node';
import { writePicture } from '../picture-file.js';
import { sweepCurvesFigure } from '@ntm/figures';
import { readOutcomeFile, RESULT_FILE, runOutcomeFromLog, type RunOutcome } from './run-outcome.js';
import { readSweepFile, runDirectoryOf } from './sweep-folder.js';
import { SWEEP_METRIC_LABELS, sweepMetric } from './sweep-metric.js';
import { medianCurve, summariseSweep, sweepReportMarkdown, type ConfigurationSummary } from './sweep-report.js';
import { expandSweep } from './sweep-runs.js';

/**
 * The files `ntm sweep report` writes into the sweep's folder.
 * @example join(sweepDirectory, SWEEP_REPORT_FILES.markdown) // 'sweeps/s/report.md'
 */
export const SWEEP_REPORT_FILES = { markdown: 'report.md', json: 'report.json', png: 'curves.png', svg: 'curves.svg' } as const;

/** The smallest figure the log-scale picture draws. */
const plotFloor = 0.01;

/** What `report.json` holds: the summaries and every finished run's result, for programs (the bench reads it). */
export interface SweepReportJson {
  readonly format: 'ntm-sweep-report';
  readonly formatVersion: 1;
  readonly name: string;
  readonly summaries: readonly ConfigurationSummary[];
  readonly outcomes: readonly RunOutcome[];
}

/**
 * Reads every finished run of a sweep folder and writes the report: `report.md` (a table
 * per configuration), `report.json`, and the learning curves as `curves.png` and
 * `curves.svg`. Runs not finished yet are counted as such, not left out silently.
 *
 * @example
 * ```ts
 * const { summaries, files } = writeSweepReport('sweeps/copy-seeds');
 * summaries[0].minutesToCriterion?.median;
 * ```
 */
export function writeSweepReport(sweepDirectory: string, options: { readonly machine?: string } = {}): { summaries: ConfigurationSummary[]; files: string[] } {
  const spec = readSweepFile(sweepDirectory);
  const runs = expandSweep(spec);
  const outcomes = new Map<string, RunOutcome>();
  const { metric, criterion } = sweepMetric(spec);
  for (const run of runs) {
    const runDirectory = runDirectoryOf(sweepDirectory, run.id);
    const path = join(runDirectory, RESULT_FILE);
    if (existsSync(path)) outcomes.set(run.id, withOptimalCosts(readOutcomeFile(path), runDirectory, metric === 'costOverOptimal'));
  }
  const summaries = summariseSweep(runs, outcomes);
  const files = Object.values(SWEEP_REPORT_FILES).map((file) => join(sweepDirectory, file));
  // A log axis has no place for 0 (or below), which converged runs reach: they are drawn at the floor.
  const floor = (value: number) => Math.max(value, plotFloor);
  const curves = summaries.map((summary) => ({
    label: `${summary.configuration} (${summary.finished} seeds)`,
    points: medianCurve(
      runs.filter((run) => run.configuration === summary.configuration).flatMap((run) => outcomes.get(run.id) ?? []),
      metric,
    ).map((point) => ({
      sequences: point.sequences,
      lower: floor(point.lower),
      median: floor(point.median),
      upper: floor(point.upper),
    })),
  }));
  const figure = sweepCurvesFigure(curves, {
    title: `sweep ${spec.name}`,
    subtitle: `median over seeds, band between the quartiles; below ${plotFloor} drawn at ${plotFloor}`,
    yLabel: `held-out ${SWEEP_METRIC_LABELS[metric]}`,
    criterion,
    logScale: true,
  });
  writePicture(join(sweepDirectory, SWEEP_REPORT_FILES.png), figure);
  writePicture(join(sweepDirectory, SWEEP_REPORT_FILES.svg), figure);
  const json: SweepReportJson = { format: 'ntm-sweep-report', formatVersion: 1, name: spec.name, summaries, outcomes: [...outcomes.values()] };
  writeFileAtomic(join(sweepDirectory, SWEEP_REPORT_FILES.json), new TextEncoder().encode(`${JSON.stringify(json, null, 2)}\n`));
  const markdown = sweepReportMarkdown(spec, summaries, { picture: SWEEP_REPORT_FILES.png, ...options });
  writeFileAtomic(join(sweepDirectory, SWEEP_REPORT_FILES.markdown), new TextEncoder().encode(markdown));
  return { summaries, files };
}

/**
 * A result written before evaluations recorded the Bayes optimum gets it from the run's log,
 * which always had it, so that an N-grams sweep's older runs still draw their curves.
 */
function withOptimalCosts(outcome: RunOutcome, runDirectory: string, needed: boolean): RunOutcome {
  if (!needed || outcome.evaluations.every((evaluation) => evaluation.optimalCost !== undefined)) return outcome;
  const fromLog = runOutcomeFromLog(runDirectory, outcome);
  return fromLog === null ? outcome : { ...outcome, evaluations: fromLog.evaluations };
}
