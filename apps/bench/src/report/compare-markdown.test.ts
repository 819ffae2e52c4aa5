import { describe, expect, it } from 'vitest';
import { syntheticResults, syntheticRun } from '../compare/__fixtures__/synthetic-converge.js';
import { poolRuns } from '../compare/pool-runs.js';
import { formatCompareMarkdown } from './compare-markdown.js';

const images = { sequences: 'learning-curves.svg', minutes: 'learning-curves-time.svg' };
/** A run converging at evaluation `evaluations` (1,600 sequences each), `seconds` of training each. */
const convergingAt = (seed: number, evaluations: number, seconds: number, nanEvents = 0) =>
  syntheticRun(seed, [...Array.from({ length: evaluations - 1 }, () => 20), 0.05], seconds, nanEvents);

// Before: seeds 1-3 in two files, seed 3 twice (the second copy is dropped). After: seeds 1-3, seed 2 out of budget.
const before = poolRuns('before', [
  { path: 'base/a.json', results: syntheticResults([convergingAt(1, 20, 30), convergingAt(3, 40, 30)]) },
  { path: 'base/b.json', results: syntheticResults([convergingAt(2, 30, 30, 2), convergingAt(3, 10, 30)]) },
]);
const after = poolRuns('after', [
  { path: 'new/c.json', results: syntheticResults([convergingAt(1, 24, 12), syntheticRun(2, [20, 3, 0.4], 12), convergingAt(3, 36, 12)]) },
]);
const markdown = formatCompareMarkdown(before, after, images);
const rows = (text: string) => text.split('\n').filter((line) => /^\| \d/.test(line));

describe('formatCompareMarkdown', () => {
  it('embeds both plots and says how to read them', () => {
    expect(markdown).toContain('](learning-curves.svg)');
    expect(markdown).toContain('](learning-curves-time.svg)');
    expect(markdown).toMatch(/!\[Held-out bit errors per sequence against sequences seen[^\]]*\]\(learning-curves\.svg\)/);
    expect(markdown).toContain('compare the spread of the before lines with the spread of the after lines, not seed by seed');
  });

  it("lists each side's files with their settings and machine lines", () => {
    expect(markdown).toContain(
      '1. `base/a.json` (tfjs-wasm, batch 8, curriculum none, 2 runs). Machine: Test CPU · 2 cores · Node v20.20.0 · tfjs 4.22.0 (WASM SIMD on, one thread, fused kernels wasm-simd) · load average 1.5 at start, 2.5 at end · 2026-11-25 · commit abc1234',
    );
    expect(markdown).toContain('2. `base/b.json` (tfjs-wasm, batch 8, curriculum none, 2 runs). Machine: Test CPU');
    expect(markdown).toContain('1. `new/c.json` (tfjs-wasm, batch 8, curriculum none, 3 runs).');
  });

  it('gives one row per seed: converged, sequences to the target, training minutes, NaN events, final bit errors', () => {
    const [beforeRows, afterRows] = markdown.split('### After').map(rows);
    expect(beforeRows).toEqual([
      // 20 evaluations of 1,600 sequences; 20 × 30 s + 1 s = 10.0 min.
      '| 1 | 1 | yes | 32,000 | 10.0 | 0 | 0.0500 |',
      '| 2 | 2 | yes | 48,000 | 15.0 | 2 | 0.0500 |',
      // Seed 3's first run (file 1) is kept.
      '| 3 | 1 | yes | 64,000 | 20.0 | 0 | 0.0500 |',
    ]);
    expect(afterRows?.slice(0, 3)).toEqual([
      '| 1 | yes | 38,400 | 4.82 | 0 | 0.0500 |',
      '| 2 | no (time-budget) | – | 0.617 | 0 | 0.400 |',
      '| 3 | yes | 57,600 | 7.22 | 0 | 0.0500 |',
    ]);
    expect(markdown).toContain('| Seed | File | Converged | Sequences to target | Training wall (min) | NaN events | Final bit errors/seq |');
    expect(markdown).toContain('| Seed | Converged | Sequences to target | Training wall (min) | NaN events | Final bit errors/seq |');
  });

  it('sums each side up over its converged runs: median, min and max of sequences and minutes', () => {
    expect(markdown).toContain(
      'Before: 3 of 3 runs converged; sequences to the target: median 48,000 (32,000–64,000); training wall: median 15.0 min (10.0–20.0).',
    );
    // Two converged runs: the median is their mean, (38,400 + 57,600) / 2 and (4.82 + 7.22) / 2.
    expect(markdown).toContain(
      'After: 2 of 3 runs converged; sequences to the target: median 48,000 (38,400–57,600); training wall: median 6.02 min (4.82–7.22).',
    );
    // 48,000 / 48,000 and 6.0167 / 15.0167.
    expect(markdown).toContain('Medians over the converged runs: sequences to the target 1.00×, training wall 0.401×.');
  });

  it('notes the dropped repeat of a seed, and settings that differ between the files', () => {
    expect(markdown).toContain('- before: seed 3 appears again in base/b.json; kept the run from base/a.json.');
    const results = syntheticResults([convergingAt(1, 5, 10)]);
    const other = poolRuns('after', [{ path: 'x.json', results: { ...results, plan: { ...results.plan, backend: 'cpu' } } }]);
    expect(formatCompareMarkdown(before, other, images)).toContain(
      "- The files' backend differs: tfjs-wasm in base/a.json, tfjs-wasm in base/b.json, tfjs-cpu in x.json.",
    );
  });

  it('says so when a side has no converged run', () => {
    const none = poolRuns('after', [{ path: 'n.json', results: syntheticResults([syntheticRun(4, [30, 20])]) }]);
    const text = formatCompareMarkdown(before, none, images);
    expect(text).toContain('After: no run of 1 converged.');
    expect(text).toContain('No ratio: a side has no converged run.');
  });
});
