import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatCompareMarkdown } from '../report/compare-markdown.js';
import { writeAtomically } from '../results-files.js';
import { learningCurves } from './learning-curves.js';
import { learningCurvesSvg } from './learning-curves-svg.js';
import { poolRuns } from './pool-runs.js';
import { readConvergeFiles } from './read-converge-files.js';

/** The names `--mode compare` writes in its output folder. */
export const COMPARE_FILE_NAMES = Object.freeze({
  sequences: 'learning-curves.svg',
  minutes: 'learning-curves-time.svg',
  markdown: 'learning-curves.md',
});

/**
 * `pnpm bench --mode compare`: reads the `converge.json` files of both sides (pooling each
 * side's runs), and writes into `outputFolder` the learning curves against sequences seen and
 * against training minutes (two SVGs) and `learning-curves.md`, which embeds them. Returns the
 * paths written, Markdown first.
 *
 * @example
 * ```ts
 * runCompare(['base/converge.json'], ['results/converge.json'], 'results');
 * // ['results/learning-curves.md', 'results/learning-curves.svg', 'results/learning-curves-time.svg']
 * ```
 */
export function runCompare(beforePaths: readonly string[], afterPaths: readonly string[], outputFolder: string): string[] {
  // Every file is read (and checked) before anything is written.
  const before = poolRuns('before', readConvergeFiles('before', beforePaths));
  const after = poolRuns('after', readConvergeFiles('after', afterPaths));
  const sides = [before, after];
  const targetBitErrors = (before.files[0] ?? after.files[0])?.results.plan.targetBitErrors ?? 0.1;
  const title = 'Copy task: held-out bit errors per sequence, before (blues) and after (oranges)';
  const sequencesSvg = learningCurvesSvg({ title, xLabel: 'Sequences seen (thousands)', curves: learningCurves(sides, 'sequences'), targetBitErrors });
  const minutesSvg = learningCurvesSvg({ title, xLabel: 'Training wall time (minutes)', curves: learningCurves(sides, 'minutes'), targetBitErrors });
  const markdown = formatCompareMarkdown(before, after, COMPARE_FILE_NAMES);

  mkdirSync(outputFolder, { recursive: true });
  const written: [string, string][] = [
    [join(outputFolder, COMPARE_FILE_NAMES.markdown), markdown],
    [join(outputFolder, COMPARE_FILE_NAMES.sequences), sequencesSvg],
    [join(outputFolder, COMPARE_FILE_NAMES.minutes), minutesSvg],
  ];
  for (const [path, text] of written) writeAtomically(path, text);
  return written.map(([path]) => path);
}
