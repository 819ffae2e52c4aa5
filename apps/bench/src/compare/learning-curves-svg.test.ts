import { describe, expect, it } from 'vitest';
import { syntheticResults, syntheticRun } from './__fixtures__/synthetic-converge.js';
import { learningCurves } from './learning-curves.js';
import { learningCurvesSvg } from './learning-curves-svg.js';
import { poolRuns } from './pool-runs.js';

// Before: seed 1 converges at the 3rd evaluation. After: seed 1 reaches 0 errors (no logarithm) at the 4th.
const before = poolRuns('before', [{ path: 'before.json', results: syntheticResults([syntheticRun(1, [30, 2, 0.05])], {}) }]);
const after = poolRuns('after', [{ path: 'after.json', results: syntheticResults([syntheticRun(1, [31, 5, 0.5, 0], 15)]) }]);

const chart = (axis: 'sequences' | 'minutes') =>
  learningCurvesSvg({ title: 'Learning <curves>', xLabel: 'Sequences seen (thousands)', curves: learningCurves([before, after], axis), targetBitErrors: 0.1 });

/** The `points` of each polyline, as [x, y] pairs. */
const polylines = (svg: string) =>
  [...svg.matchAll(/<polyline points="([^"]*)"/g)].map((match) => (match[1] as string).split(' ').map((pair) => pair.split(',').map(Number)));
/** The y of the tick label `label` on the y axis. */
const yTick = (svg: string, label: string) => Number(new RegExp(`<text x="64" y="([\\d.]+)"[^>]*>${label}</text>`).exec(svg)?.[1]);

describe('learningCurvesSvg', () => {
  const svg = chart('sequences');

  it('is one self-contained SVG document of 900 × 500', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="900" height="500" viewBox="0 0 900 500"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<svg/g)).toHaveLength(1);
    expect(svg).not.toMatch(/href|<script|<image|url\(/);
    // The title is escaped.
    expect(svg).toContain('<title>Learning &lt;curves&gt;</title>');
  });

  it('draws one polyline per run, with one point per evaluation, left to right', () => {
    const lines = polylines(svg);
    expect(lines.map((points) => points.length)).toEqual([3, 4]);
    for (const points of lines) {
      const xs = points.map(([x]) => x as number);
      expect(xs).toEqual([...xs].sort((a, b) => a - b));
      for (const [x, y] of points) {
        expect(x).toBeGreaterThanOrEqual(72);
        expect(x).toBeLessThanOrEqual(690);
        expect(y).toBeGreaterThanOrEqual(52);
        expect(y).toBeLessThanOrEqual(440);
      }
    }
  });

  it('puts bit errors on a log axis from 0.01 to 100, a value of 0 drawn at 0.01, and no NaN or Infinity anywhere', () => {
    expect(['0.01', '0.1', '1', '10', '100'].map((label) => yTick(svg, label))).toEqual([440, 343, 246, 149, 52]);
    const [beforeLine, afterLine] = polylines(svg);
    // 0.05 lies between 0.01 and 0.1: log10(5) of a decade above 0.01.
    expect(beforeLine?.[2]?.[1]).toBeCloseTo(440 - Math.log10(5) * 97, 0);
    expect(afterLine?.[3]?.[1]).toBe(440);
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it('marks the target with a dashed line at 0.1', () => {
    const target = /<line class="target" x1="72" y1="([\d.]+)" x2="690" y2="([\d.]+)"[^>]*stroke-dasharray/.exec(svg);
    expect(target?.slice(1).map(Number)).toEqual([343, 343]);
    expect(svg).toContain('>target 0.1</text>');
  });

  it('names every line in the legend, before and after in different colours, converged runs with an end marker', () => {
    const legend = [...svg.matchAll(/<text class="legend"[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]);
    expect(legend).toEqual(['before, seed 1', 'after, seed 1']);
    const strokes = [...svg.matchAll(/<polyline [^>]*stroke="(#[0-9a-f]{6})"/g)].map((match) => match[1]);
    expect(new Set(strokes).size).toBe(2);
    // Both runs converged (0.05 and 0 are below 0.1): a dot at each line's end, and one in the legend.
    expect(svg.match(/<circle /g)).toHaveLength(3);
  });

  it('scales x to the data: thousands of sequences, or training minutes', () => {
    const xTicks = (text: string) => [...text.matchAll(/<text x="[\d.]+" y="458"[^>]*>([^<]*)<\/text>/g)].map((match) => Number(match[1]));
    // Up to 6,400 sequences (after's 4 evaluations).
    expect(xTicks(svg)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // Up to 1.5 min (before's 3 evaluations of 30 s).
    expect(xTicks(chart('minutes'))).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1, 1.2, 1.4, 1.6]);
  });

  it('leaves out evaluations whose bit errors were NaN (null in the file)', () => {
    const withNaN = poolRuns('after', [{ path: 'nan.json', results: syntheticResults([syntheticRun(2, [31, null, 4])]) }]);
    const text = learningCurvesSvg({ title: 't', xLabel: 'x', curves: learningCurves([withNaN], 'sequences'), targetBitErrors: 0.1 });
    expect(polylines(text).map((points) => points.length)).toEqual([2]);
    expect(text).not.toMatch(/NaN|Infinity/);
  });
});
