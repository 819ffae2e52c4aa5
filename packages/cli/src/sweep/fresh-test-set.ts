import { UsageError } from '../errors.js';
import type { RunTestResult, ScoredCheckpoint } from './run-test-set.js';
import { metricValue, sweepMetric } from './sweep-metric.js';
import { formatFigure, formatSpread, summariseTestResults, type TestSetSummary } from './sweep-report.js';
import type { SweepSpec, SweepTest } from './sweep-spec.js';

/** One finished run of a sweep, scored on a fresh test set. */
export interface FreshTestRun {
  readonly id: string;
  readonly configuration: string;
  /** The run's training seed. */
  readonly seed: number;
  /** The sequences the scored checkpoint had seen (for `best.ntm`, fewer than the run's). */
  readonly sequencesSeen: number;
  readonly test: RunTestResult;
}

/** A configuration's runs on the fresh test set, summarised over seeds. */
export interface FreshTestSummary extends TestSetSummary {
  readonly configuration: string;
  readonly runs: number;
}

/** What `fresh-test-<seed>.json` holds, for programs. */
export interface FreshTestReport {
  readonly format: 'ntm-sweep-fresh-test';
  readonly formatVersion: 1;
  /** The sweep's name. */
  readonly sweep: string;
  readonly test: SweepTest;
  /** Which checkpoint of each run was scored (absent in files written before the choice existed: the last). */
  readonly checkpoint: ScoredCheckpoint;
  readonly runs: readonly FreshTestRun[];
  readonly summaries: readonly FreshTestSummary[];
  /** Runs of the sweep not scored: not finished, or finished without a checkpoint (diverged before their first save). */
  readonly unscored: readonly string[];
}

/**
 * The files `ntm sweep test` writes into a sweep's folder for one seed and checkpoint: the best
 * checkpoints' files are named apart, so that scoring them keeps the last checkpoints' files.
 * @example freshTestFiles(6868).markdown // 'fresh-test-6868.md'
 * @example freshTestFiles(6868, 'best').json // 'fresh-test-best-6868.json'
 */
export function freshTestFiles(seed: number, checkpoint: ScoredCheckpoint = 'last'): { readonly markdown: string; readonly json: string } {
  const stem = checkpoint === 'best' ? `fresh-test-best-${seed}` : `fresh-test-${seed}`;
  return { markdown: `${stem}.md`, json: `${stem}.json` };
}

/**
 * Refuses a test seed that some decision already read: the sweep's own test set, or a run's
 * validation set (which its stop rule watched). Scores there would not be fresh.
 *
 * @example checkFreshTestSeed(spec, 2929, [999]) // throws when spec.test.seed is 2929
 */
export function checkFreshTestSeed(spec: SweepSpec, seed: number, validationSeeds: readonly number[]): void {
  if (spec.test !== null && spec.test.seed === seed)
    throw new UsageError(`--seed ${seed} is sweep ${spec.name}'s own test set (test.seed in its sweep.json); a fresh test set needs a seed no decision read`);
  if (validationSeeds.includes(seed))
    throw new UsageError(`--seed ${seed} is the validation set the runs' stop rule watched (evaluation.seed in their config.json); expected another seed`);
}

/**
 * Summarises the scored runs per configuration, in the order the runs come.
 * @example summariseFreshTest(runs)[0].testCost?.median // 29.5
 */
export function summariseFreshTest(runs: readonly FreshTestRun[]): FreshTestSummary[] {
  const byConfiguration = new Map<string, FreshTestRun[]>();
  for (const run of runs) byConfiguration.set(run.configuration, [...(byConfiguration.get(run.configuration) ?? []), run]);
  return [...byConfiguration].map(([configuration, members]) => ({
    configuration,
    runs: members.length,
    ...summariseTestResults(members.map((member) => member.test)),
  }));
}

/**
 * The fresh test set as Markdown: the command, then a row per run and a row per configuration
 * (median (quartiles) [range] over seeds), the grid's metric first.
 *
 * @example writeFileSync('fresh-test-6868.md', freshTestMarkdown(spec, report, 'ntm sweep test sweeps/s --seed 6868'));
 */
export function freshTestMarkdown(spec: SweepSpec, report: FreshTestReport, command: string): string {
  const { test } = report;
  const { metric } = sweepMetric(spec);
  const sizes = [...new Set(report.runs.flatMap((run) => run.test.generalisation.map((row) => row.size)))].sort((a, b) => a - b);
  const withOptimum = metric === 'costOverOptimal';
  const judged = report.runs.some((run) => run.test.meetsCriteria !== null && run.test.meetsCriteria !== undefined);
  const lines = [
    `# Sweep ${spec.name} on a fresh test set (seed ${test.seed})${report.checkpoint === 'best' ? ', best checkpoints' : ''}`,
    '',
    `Each finished run's ${report.checkpoint === 'best' ? 'best checkpoint (best.ntm, its lowest validation result)' : 'last checkpoint'}, scored on ${test.sequences.toLocaleString('en-US')} episodes of seed ${test.seed} drawn like its training data.`,
    `No stop rule saw them${spec.test === null ? '' : ` (the sweep's own test set is seed ${spec.test.seed})`}, so no choice between settings has read these figures.`,
    'Remade by',
    '',
    `    ${command}`,
    '',
  ];
  const figureHeaders = ['cost (bits/seq)', 'bit errors (/seq)', ...(withOptimum ? ['above the optimum (%)'] : [])];
  const sizeHeaders = sizes.map((size) => `bit errors at ${size}`);
  const runHeaders = [
    'run',
    'seed',
    report.checkpoint === 'best' ? 'sequences seen (best.ntm)' : 'sequences seen',
    ...figureHeaders,
    ...(judged ? ['meets the criterion'] : []),
    ...sizeHeaders,
  ];
  lines.push(`| ${runHeaders.join(' | ')} |`, `| --- |${' ---: |'.repeat(runHeaders.length - 1)}`);
  for (const run of report.runs) {
    const over = metricValue(run.test, 'costOverOptimal');
    const cells = [
      run.id,
      String(run.seed),
      run.sequencesSeen.toLocaleString('en-US'),
      figureCell(run.test.cost),
      figureCell(run.test.bitErrors),
      ...(withOptimum ? [figureCell(over)] : []),
      ...(judged ? [run.test.meetsCriteria === true ? 'yes' : run.test.meetsCriteria === false ? 'no' : '–'] : []),
      ...sizes.map((size) => figureCell(run.test.generalisation.find((row) => row.size === size)?.bitErrors ?? null)),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  const summaryHeaders = ['configuration', 'runs', ...figureHeaders, ...(judged ? ['meet the criterion'] : []), ...sizeHeaders];
  lines.push(
    '',
    'Over seeds: median (lower–upper quartile) [min–max].',
    '',
    `| ${summaryHeaders.join(' | ')} |`,
    `| --- |${' ---: |'.repeat(summaryHeaders.length - 1)}`,
  );
  for (const summary of report.summaries) {
    const cells = [
      summary.configuration,
      String(summary.runs),
      formatSpread(summary.testCost, formatFigure),
      formatSpread(summary.testBitErrors, formatFigure),
      ...(withOptimum ? [formatSpread(summary.testCostOverOptimal, formatFigure)] : []),
      ...(judged ? [summary.testBelowCriterion === null ? '–' : `${summary.testBelowCriterion}/${summary.runs}`] : []),
      ...sizes.map((size) => formatSpread(summary.testGeneralisation.find((row) => row.size === size)?.bitErrors ?? null, formatFigure)),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  if (report.unscored.length > 0) lines.push('', `Not scored (unfinished, or no checkpoint): ${report.unscored.join(', ')}.`);
  return `${lines.join('\n')}\n`;
}

/**
 * A figure as the fresh-test report prints it: three significant digits, or '–' for none.
 * @example figureCell(29.4531) // '29.5'
 */
export function figureCell(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '–' : formatFigure(value);
}
