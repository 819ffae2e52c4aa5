import { planDifferences, type PooledSide } from '../compare/pool-runs.js';
import { type SideSummary, type Spread, summarizeSide } from '../compare/side-summary.js';
import { formatCount, formatNumber, formatRatio, markdownTable } from './format.js';

/** The file names of the two plots, relative to the Markdown file (they are written beside it). */
export interface CompareImages {
  readonly sequences: string;
  readonly minutes: string;
}

/**
 * Two sets of convergence runs, before and after a change, as Markdown: how to read the plots,
 * the plots, then per side its files (with their machine lines), one row per seed and a summary
 * line, and the after ÷ before ratio of the medians.
 *
 * @example
 * ```ts
 * const markdown = formatCompareMarkdown(before, after, { sequences: 'learning-curves.svg', minutes: 'learning-curves-time.svg' });
 * writeFileSync('results/learning-curves.md', markdown);
 * ```
 */
export function formatCompareMarkdown(before: PooledSide, after: PooledSide, images: CompareImages): string {
  const target = before.files[0]?.results.plan.targetBitErrors ?? after.files[0]?.results.plan.targetBitErrors ?? 0.1;
  const summaries = { before: summarizeSide(before), after: summarizeSide(after) };
  const lines = [
    '## ntm learning curves: before and after',
    '',
    `Each line is one training run of the copy task: its held-out bit errors per sequence at each evaluation (log scale; ` +
      `values below 0.01, such as 0, drawn at 0.01), before the change in blues, after it in oranges; the dashed line is the ` +
      `target, ${formatNumber(target, 1)} bit errors per sequence. Seed noise: a change that only rounds floats differently ` +
      `(another summation order, a fused kernel) sends the same seed along a different trajectory, so compare the spread of the ` +
      `before lines with the spread of the after lines, not seed by seed. Against sequences seen the two spreads should ` +
      `overlap; against training minutes a speed-up moves the after lines to the left.`,
    '',
    `![Held-out bit errors per sequence against sequences seen, before (blues) and after (oranges)](${images.sequences})`,
    '',
    `![Held-out bit errors per sequence against training wall minutes, before (blues) and after (oranges)](${images.minutes})`,
    '',
    ...sideSection('Before', before, summaries.before),
    '',
    ...sideSection('After', after, summaries.after),
    '',
    '### After ÷ before',
    '',
    ratioLine(summaries.before, summaries.after),
  ];
  const notes = [...before.notes, ...after.notes, ...planDifferences([before, after]).map((difference) => `The files' ${difference}`)];
  if (notes.length > 0) lines.push('', ...notes.map((note) => `- ${note}`));
  return `${lines.join('\n')}\n`;
}

function sideSection(title: string, side: PooledSide, summary: SideSummary): string[] {
  const several = side.files.length > 1;
  const files = side.files.map(({ path, results }, index) => {
    const { plan } = results;
    const setting = `tfjs-${plan.backend}, batch ${plan.batchSize}, curriculum ${plan.curriculum}, ${results.runs.length} run${results.runs.length === 1 ? '' : 's'}`;
    return `${index + 1}. \`${path}\` (${setting}). ${results.origin}`;
  });
  const header = ['Seed', ...(several ? ['File'] : []), 'Converged', 'Sequences to target', 'Training wall (min)', 'NaN events', 'Final bit errors/seq'];
  const align = header.map((name) => (name === 'Converged' ? 'left' : 'right') as 'left' | 'right');
  const rows = side.runs.map(({ run, fileIndex }) => [
    String(run.seed),
    ...(several ? [String(fileIndex + 1)] : []),
    run.converged ? 'yes' : `no (${run.stopReason})`,
    run.converged ? formatCount(run.sequencesSeen) : '–',
    formatNumber(run.trainingSeconds / 60),
    String(run.nanEvents),
    formatNumber(run.finalBitErrors),
  ]);
  return [`### ${title}`, '', ...files, '', side.runs.length === 0 ? '(no runs)' : markdownTable(header, rows, align), '', `${title}: ${summaryLine(summary)}`];
}

/**
 * `3 of 3 runs converged; sequences to the target: median 60,800 (52,800–72,000); training wall: median 13.9 min (12.0–15.1).`
 */
function summaryLine(summary: SideSummary): string {
  const { sequencesToTarget, trainingMinutes } = summary;
  if (sequencesToTarget === null || trainingMinutes === null) return `no run of ${summary.runs} converged.`;
  const range = (spread: Spread, format: (value: number) => string) => `${format(spread.minimum)}–${format(spread.maximum)}`;
  return (
    `${summary.converged} of ${summary.runs} runs converged; ` +
    `sequences to the target: median ${formatCount(sequencesToTarget.median)} (${range(sequencesToTarget, formatCount)}); ` +
    `training wall: median ${formatNumber(trainingMinutes.median)} min (${range(trainingMinutes, (value) => formatNumber(value))}).`
  );
}

function ratioLine(before: SideSummary, after: SideSummary): string {
  if (!before.sequencesToTarget || !after.sequencesToTarget || !before.trainingMinutes || !after.trainingMinutes) {
    return 'No ratio: a side has no converged run.';
  }
  return (
    `Medians over the converged runs: sequences to the target ${formatRatio(after.sequencesToTarget.median / before.sequencesToTarget.median)}, ` +
    `training wall ${formatRatio(after.trainingMinutes.median / before.trainingMinutes.median)}. ` +
    `With a few seeds a side, read the sequences ratio against the before runs' own min–max spread.`
  );
}
