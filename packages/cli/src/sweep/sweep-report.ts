import type { TaskName } from '@ntm/tasks';
import { describeStopCriteria, TASK_TRAINING_DEFAULTS, taskStopCriteria } from '@ntm/trainer';
import type { RunOutcome } from './run-outcome.js';
import type { RunTestResult } from './run-test-set.js';
import { metricValue, SWEEP_METRIC_LABELS, sweepMetric, type SweepMetric } from './sweep-metric.js';
import type { RunSettings, SweepRun } from './sweep-runs.js';
import type { SweepSpec } from './sweep-spec.js';

/** The spread of a figure over seeds: quartiles by linear interpolation between order statistics. */
export interface Spread {
  readonly count: number;
  readonly minimum: number;
  readonly lowerQuartile: number;
  readonly median: number;
  readonly upperQuartile: number;
  readonly maximum: number;
}

/** One configuration (one grid point but the seed) summarised over its seeds. */
export interface ConfigurationSummary {
  readonly configuration: string;
  /** The settings the configuration's runs share (the first run's, seed and all). */
  readonly settings: RunSettings;
  readonly seeds: readonly number[];
  /** Runs with a result; the others have not finished yet. */
  readonly finished: number;
  readonly converged: number;
  /** Over the converged runs: sequences and minutes of training to the stop criterion. */
  readonly sequencesToCriterion: Spread | null;
  readonly minutesToCriterion: Spread | null;
  /** Over the finished runs: the last held-out evaluation's figures, per sequence. */
  readonly finalCost: Spread | null;
  readonly finalBitErrors: Spread | null;
  readonly nanEvents: number;
  /** Resumes from checkpoints over all runs (a crash, a kill, a worker's death). */
  readonly resumes: number;
  /** Over the finished runs scored on the sweep's test set: their bit errors per sequence there. */
  readonly testBitErrors: Spread | null;
  /** The same runs' test cost per sequence (bits). */
  readonly testCost: Spread | null;
  /** The same runs' test cost above the Bayes optimum of the test sequences, in percent (dynamic N-grams; else null). */
  readonly testCostOverOptimal: Spread | null;
  /** How many of those meet their stop criterion on the test set too (null without a criterion or a test set). */
  readonly testBelowCriterion: number | null;
  /** The test set's generalisation table: per size, the spread of bit errors per sequence. */
  readonly testGeneralisation: readonly { readonly size: number; readonly bitErrors: Spread | null }[];
}

/**
 * A sweep's stop rule in words: each task's own criterion, a threshold of it, or none.
 * @example budgetCriterionText(spec) // 'each task's own (copy: validation bit errors per sequence < 0.1, 3 evaluations in a row)'
 */
export function budgetCriterionText(spec: SweepSpec): string {
  const { stopAt, stopAfter } = spec.budget;
  if (stopAt === null) return 'none (every run trains to its budget)';
  const rule = (task: TaskName) => {
    const after = stopAfter ?? TASK_TRAINING_DEFAULTS[task].stopAfterEvaluations;
    return `validation ${describeStopCriteria(taskStopCriteria(task, stopAt === 'task' ? undefined : stopAt))}${after > 1 ? `, ${after} evaluations in a row` : ''}`;
  };
  return spec.grid.task.length === 1 ? rule(spec.grid.task[0] as TaskName) : spec.grid.task.map((task) => `${task}: ${rule(task)}`).join('; ');
}

/**
 * The quantile `q` (0…1) of sorted values, interpolating linearly between neighbours (the
 * usual "type 7" definition, as numpy's default).
 * @example quantile([1, 2, 3, 4], 0.5) // 2.5
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below] as number;
  return low + ((sorted[above] as number) - low) * (position - below);
}

/**
 * Minimum, quartiles and maximum of some values (null for none).
 * @example spreadOf([4, 1, 3, 2]) // { count: 4, minimum: 1, lowerQuartile: 1.75, median: 2.5, upperQuartile: 3.25, maximum: 4 }
 */
export function spreadOf(values: readonly number[]): Spread | null {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  return {
    count: sorted.length,
    minimum: sorted[0] as number,
    lowerQuartile: quantile(sorted, 0.25),
    median: quantile(sorted, 0.5),
    upperQuartile: quantile(sorted, 0.75),
    maximum: sorted[sorted.length - 1] as number,
  };
}

/**
 * Summarises a sweep per configuration, in the grid's order.
 *
 * @example
 * ```ts
 * const [copy] = summariseSweep(expandSweep(spec), outcomes);
 * copy.minutesToCriterion?.median; // 2.3
 * ```
 */
export function summariseSweep(runs: readonly SweepRun[], outcomes: ReadonlyMap<string, RunOutcome>): ConfigurationSummary[] {
  const byConfiguration = new Map<string, SweepRun[]>();
  for (const run of runs) byConfiguration.set(run.configuration, [...(byConfiguration.get(run.configuration) ?? []), run]);
  return [...byConfiguration].map(([configuration, members]) => {
    const finished = members.map((run) => outcomes.get(run.id)).filter((outcome): outcome is RunOutcome => outcome !== undefined);
    const converged = finished.filter((outcome) => outcome.converged);
    return {
      configuration,
      settings: (members[0] as SweepRun).settings,
      seeds: members.map((run) => run.settings.seed),
      finished: finished.length,
      converged: converged.length,
      sequencesToCriterion: spreadOf(converged.map((outcome) => outcome.sequencesSeen)),
      minutesToCriterion: spreadOf(converged.map((outcome) => outcome.trainingSeconds / 60)),
      finalCost: spreadOf(finished.map((outcome) => outcome.finalCost ?? Number.NaN)),
      finalBitErrors: spreadOf(finished.map((outcome) => outcome.finalBitErrors ?? Number.NaN)),
      nanEvents: finished.reduce((total, outcome) => total + outcome.nanEvents, 0),
      resumes: finished.reduce((total, outcome) => total + outcome.resumes, 0),
      ...testSummary(finished),
    };
  });
}

/** A configuration's figures on a test set, over its runs scored there. */
export type TestSetSummary = Pick<ConfigurationSummary, 'testBitErrors' | 'testCost' | 'testCostOverOptimal' | 'testBelowCriterion' | 'testGeneralisation'>;

function testSummary(finished: readonly RunOutcome[]): TestSetSummary {
  return summariseTestResults(finished.flatMap((outcome) => (outcome.test ? [outcome.test] : [])));
}

/**
 * Some runs' results on one test set, summarised over the runs: the spread of their cost, bit
 * errors (and excess over the Bayes optimum where there is one), how many meet their own
 * criterion, and the spread of each generalisation size's bit errors.
 *
 * @example summariseTestResults(tests).testCost?.median // 29.5
 */
export function summariseTestResults(tested: readonly RunTestResult[]): TestSetSummary {
  // Judged by each run's own criterion (its config's), where it has one.
  const judged = tested.filter((test) => test.meetsCriteria !== null && test.meetsCriteria !== undefined);
  const bitErrors = tested.map((test) => test.bitErrors ?? Number.NaN);
  const sizes = [...new Set(tested.flatMap((test) => test.generalisation.map((row) => row.size)))].sort((a, b) => a - b);
  return {
    testBitErrors: spreadOf(bitErrors),
    testCost: spreadOf(tested.map((test) => test.cost ?? Number.NaN)),
    testCostOverOptimal: tested.some((test) => test.optimalCost) ? spreadOf(tested.map((test) => metricValue(test, 'costOverOptimal') ?? Number.NaN)) : null,
    testBelowCriterion: judged.length === 0 ? null : judged.filter((test) => test.meetsCriteria === true).length,
    testGeneralisation: sizes.map((size) => ({
      size,
      bitErrors: spreadOf(tested.map((test) => test.generalisation.find((row) => row.size === size)?.bitErrors ?? Number.NaN)),
    })),
  };
}

/**
 * The median and quartiles of a held-out figure (`metric`, bit errors unless given) of a
 * configuration's runs at each number of sequences seen where any of them was evaluated. A run
 * that has stopped (converged, say) keeps its last value from there on, so that the band does
 * not narrow just because the fast seeds have left; one marked `endsAtLastEvaluation` (stopped by
 * hand before its criterion, say) leaves the band there instead, since its later value is unknown.
 *
 * @example medianCurve(outcomes) // [{ sequences: 1600, lower: 30.1, median: 31.5, upper: 33.0 }, …]
 */
export function medianCurve(
  outcomes: readonly (Pick<RunOutcome, 'evaluations'> & { readonly endsAtLastEvaluation?: boolean })[],
  metric: SweepMetric = 'bitErrors',
): { sequences: number; lower: number; median: number; upper: number }[] {
  const xs = [...new Set(outcomes.flatMap((outcome) => outcome.evaluations.map((evaluation) => evaluation.sequencesSeen)))].sort((a, b) => a - b);
  const curve: { sequences: number; lower: number; median: number; upper: number }[] = [];
  for (const x of xs) {
    const values: number[] = [];
    for (const outcome of outcomes) {
      const last = outcome.evaluations[outcome.evaluations.length - 1];
      if (outcome.endsAtLastEvaluation && last !== undefined && x > last.sequencesSeen) continue;
      let value: number | null = null;
      for (const evaluation of outcome.evaluations) {
        if (evaluation.sequencesSeen > x) break;
        value = metricValue(evaluation, metric);
      }
      if (value !== null && Number.isFinite(value)) values.push(value);
    }
    const sorted = values.sort((a, b) => a - b);
    if (sorted.length === 0) continue;
    curve.push({ sequences: x, lower: quantile(sorted, 0.25), median: quantile(sorted, 0.5), upper: quantile(sorted, 0.75) });
  }
  return curve;
}

/**
 * The report as Markdown: what was swept, then a table with a row per configuration.
 *
 * @example writeFileSync('report.md', sweepReportMarkdown(spec, summaries, { picture: 'curves.png' }));
 */
export function sweepReportMarkdown(
  spec: SweepSpec,
  summaries: readonly ConfigurationSummary[],
  options: { readonly picture?: string; readonly machine?: string } = {},
): string {
  const { budget } = spec;
  const criterion = budgetCriterionText(spec);
  const limits = [
    budget.steps === null ? null : `${budget.steps} steps`,
    budget.seconds === null ? null : `${formatMinutes(budget.seconds / 60)} min of training`,
  ]
    .filter((limit) => limit !== null)
    .join(' or ');
  const lines = [
    `# Sweep ${spec.name}`,
    '',
    `Stop criterion: ${criterion}; budget per run: ${limits || 'none'}.`,
    'Sequences and minutes to the criterion are over the converged runs: median (lower–upper quartile) [min–max].',
    "Minutes are the trainer's training time (steps and held-out evaluations), summed over resumes.",
    ...(spec.test === null
      ? []
      : [
          `Test set: each finished run's last checkpoint scored on ${spec.test.sequences} episodes of seed ${spec.test.seed} (\`ntm eval\`), which no stop decision saw: median (quartiles) [range] of its figures.`,
        ]),
    ...(options.machine ? [`Machine: ${options.machine}.`] : []),
    '',
  ];
  const test = spec.test;
  const { metric } = sweepMetric(spec);
  const sizes = [...new Set(summaries.flatMap((summary) => summary.testGeneralisation.map((row) => row.size)))];
  // The test figure of the grid's metric leads; N-grams shows its cost beside the excess.
  const testFigures: { header: string; spread: (summary: ConfigurationSummary) => Spread | null }[] =
    metric === 'bitErrors'
      ? [{ header: 'test bit errors', spread: (summary) => summary.testBitErrors }]
      : [
          { header: 'test cost', spread: (summary) => summary.testCost },
          ...(metric === 'costOverOptimal'
            ? [{ header: 'test cost above the optimum (%)', spread: (summary: ConfigurationSummary) => summary.testCostOverOptimal }]
            : []),
        ];
  const testHeaders =
    test === null
      ? []
      : [
          ...testFigures.map(({ header }) => `${header} (${test.sequences} sequences, seed ${test.seed})`),
          ...(budget.stopAt === null ? [] : [`meets the criterion on the test set`]),
          ...sizes.map((size) => `test bit errors at ${size}`),
        ];
  const headers = [
    'configuration',
    'seeds',
    'converged',
    'sequences to criterion',
    'minutes to criterion',
    'final held-out cost',
    'final held-out bit errors',
    'NaN events',
    'resumes',
    ...testHeaders,
  ];
  lines.push(`| ${headers.join(' | ')} |`, `| --- |${' ---: |'.repeat(headers.length - 1)}`);
  for (const summary of summaries) {
    const unfinished = summary.seeds.length - summary.finished;
    const testCells =
      test === null
        ? []
        : [
            ...testFigures.map(({ spread }) => formatSpread(spread(summary), formatFigure)),
            ...(budget.stopAt === null ? [] : [summary.testBelowCriterion === null ? '–' : `${summary.testBelowCriterion}/${summary.testCost?.count ?? 0}`]),
            ...sizes.map((size) => formatSpread(summary.testGeneralisation.find((row) => row.size === size)?.bitErrors ?? null, formatFigure)),
          ];
    const cells = [
      summary.configuration,
      `${summary.seeds.length}${unfinished > 0 ? ` (${unfinished} unfinished)` : ''}`,
      `${summary.converged}/${summary.finished}`,
      formatSpread(summary.sequencesToCriterion, (value) => Math.round(value).toLocaleString('en-US')),
      formatSpread(summary.minutesToCriterion, formatMinutes),
      formatMedian(summary.finalCost),
      formatMedian(summary.finalBitErrors),
      String(summary.nanEvents),
      String(summary.resumes),
      ...testCells,
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  if (options.picture) {
    const figure = SWEEP_METRIC_LABELS[metric];
    lines.push(
      '',
      `![Held-out ${figure}: median and quartile band over seeds](${options.picture})`,
      '',
      `The picture: the validation set's ${figure} against sequences seen, the median over seeds with a band between the quartiles.`,
      'A run that stopped (converged) keeps its last value from there on, so the band does not narrow just because the fast seeds left; values below 0.01 are drawn at 0.01 (a log axis has no 0).',
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A spread as the reports print it: median (lower–upper quartile) [min–max], or the one value.
 * @example formatSpread(spreadOf([1, 2, 3, 4]), formatFigure) // '2.5 (1.75–3.25) [1–4]'
 */
export function formatSpread(spread: Spread | null, format: (value: number) => string): string {
  if (spread === null) return '–';
  if (spread.count === 1) return format(spread.median);
  return `${format(spread.median)} (${format(spread.lowerQuartile)}–${format(spread.upperQuartile)}) [${format(spread.minimum)}–${format(spread.maximum)}]`;
}

function formatMedian(spread: Spread | null): string {
  return spread === null ? '–' : formatFigure(spread.median);
}

/**
 * A figure to three significant digits, without trailing zeros.
 * @example formatFigure(29.4531) // '29.5'
 */
export function formatFigure(value: number): string {
  return String(Number(value.toPrecision(3)));
}

function formatMinutes(minutes: number): string {
  return minutes >= 10 ? minutes.toFixed(1) : minutes.toFixed(2);
}
