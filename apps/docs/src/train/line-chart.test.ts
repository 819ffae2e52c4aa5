import { describe, expect, it } from 'vitest';
import { renderLineChart, smoothed } from './line-chart.js';

describe('smoothed', () => {
  it('is an exponential moving average of y', () => {
    expect(
      smoothed(
        [
          [0, 4],
          [1, 2],
          [2, 2],
        ],
        0.5,
      ),
    ).toEqual([
      [0, 4],
      [1, 3],
      [2, 2.5],
    ]);
    expect(smoothed([], 0.9)).toEqual([]);
  });
});

describe('renderLineChart', () => {
  it('draws lines as paths and dots as circles inside an SVG, skipping non-finite points', () => {
    const svg = renderLineChart({
      width: 400,
      height: 200,
      title: 'Cost <bits>',
      xLabel: 'sequences',
      yLabel: 'bits',
      series: [
        {
          name: 'training',
          points: [
            [0, 8],
            [16, 6],
            [32, Number.NaN],
            [48, 4],
          ],
          colour: '#00f',
          style: 'line',
        },
        { name: 'held-out', points: [[32, 5]], colour: '#f80', style: 'dots' },
      ],
    });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200"')).toBe(true);
    expect(svg).toContain('Cost &lt;bits&gt;');
    expect(svg.match(/<path d="M[^"]*"/)?.[0].split('L')).toHaveLength(3); // three finite points
    expect(svg.match(/<circle /g)).toHaveLength(1);
    expect(svg.endsWith('</svg>')).toBe(true);
  });
});
