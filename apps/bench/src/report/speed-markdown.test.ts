import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SPEED_PLAN } from '../speed/speed-plan.js';
import { workersRatios, type SpeedResults, type SpeedRow, type SubjectMeasurement } from '../speed/speed-results.js';
import { formatNumber } from './format.js';
import { formatSpeedMarkdown } from './speed-markdown.js';

/** The shipped full run, with its library-with-workers measurements taken out (as results from before they existed). */
const shippedRun = JSON.parse(readFileSync(new URL('../../results/latest.json', import.meta.url), 'utf8')) as SpeedResults;
const shipped: SpeedResults = {
  ...shippedRun,
  plan: { ...shippedRun.plan, parallel: null },
  rows: shippedRun.rows.map((row) => ({ ...row, libraryWorkers: null, workersRatios: null })),
};

const tableLines = (markdown: string) => markdown.split('\n').filter((line) => line.startsWith('| tfjs-') || line.startsWith('| Backend'));

describe('formatSpeedMarkdown', () => {
  it('formats results without the library-with-workers rows as before', () => {
    const [header, ...rows] = tableLines(formatSpeedMarkdown(shipped));
    expect(header).toMatch(/^\| Backend \| Batch \| Library seq\/s \| Baseline seq\/s \| Ratio \| Forward ms\/seq/);
    expect(rows).toHaveLength(shipped.rows.length);
  });

  it('adds the library with workers, its speed and its ratios to the baseline and to the library, where it ran', () => {
    const withWorkers = (row: SpeedRow): SpeedRow => {
      if (row.backend !== 'wasm' || !row.library.training) return { ...row, libraryWorkers: null, workersRatios: null };
      const training = { ...row.library.training, sequencesPerSecond: row.library.training.sequencesPerSecond * 1.5 };
      const libraryWorkers: SubjectMeasurement = { ...row.library, implementation: 'library-workers', training };
      return { ...row, libraryWorkers, workersRatios: workersRatios(libraryWorkers, row.library, row.baseline) };
    };
    const results: SpeedResults = { ...shipped, plan: { ...shipped.plan, parallel: DEFAULT_SPEED_PLAN.parallel }, rows: shipped.rows.map(withWorkers) };
    const markdown = formatSpeedMarkdown(results);
    const [header, , ...rows] = tableLines(markdown);
    expect(header).toMatch(/^\| Backend \| Batch \| Library seq\/s \| Baseline seq\/s \| Ratio \| Library, 2 workers seq\/s \| Ratio \| vs library \| Forward/);
    const wasm32 = rows.find((row) => row.startsWith('| tfjs-wasm | 32 |'))?.split(' | ');
    const original = shipped.rows.find((row) => row.backend === 'wasm' && row.batchSize === 32);
    const speed = (original?.library.training?.sequencesPerSecond as number) * 1.5;
    expect(wasm32?.[5]).toBe(formatNumber(speed));
    expect(wasm32?.[7]).toBe('1.50×');
    // tfjs-cpu did not run it: empty cells keep the columns aligned.
    expect(
      rows
        .find((row) => row.startsWith('| tfjs-cpu | 32 |'))
        ?.split(' | ')
        .slice(5, 8),
    ).toEqual(['', '', '']);
    expect(markdown).toContain('Library, 2 workers: the same trainer with data-parallel gradients on 2 threads');
  });
});
