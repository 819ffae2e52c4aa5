import { describe, expect, it } from 'vitest';
import { COLOURS, type Figure } from './figure.js';
import { escapeXml, figureToSvg } from './svg.js';

describe('figureToSvg', () => {
  const figure: Figure = {
    width: 120,
    height: 80,
    background: COLOURS.background,
    items: [
      {
        kind: 'heatmap',
        label: 'w <1>',
        x: 10,
        y: 10,
        cellWidth: 5,
        cellHeight: 4,
        rows: 2,
        columns: 3,
        values: [0, 1, 0, 0.5, 0, 0],
        colourMap: 'sequential',
      },
      { kind: 'text', x: 5, y: 70, text: 'a < b & c', size: 12, anchor: 'middle', fill: COLOURS.text, vertical: true },
      {
        kind: 'polyline',
        points: [
          [0, 0],
          [10, 5.555],
        ],
        stroke: [255, 0, 0],
        strokeWidth: 2,
        dashed: true,
      },
      { kind: 'rectangle', x: 1, y: 2, width: 3, height: 4, stroke: [0, 0, 0] },
    ],
  };
  const svg = figureToSvg(figure);

  it("writes a self-contained SVG document of the figure's size", () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80" viewBox="0 0 120 80"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).not.toMatch(/<script|href=/);
  });

  it('draws only the heat-map cells that differ from the background, at their grid positions', () => {
    const group = /<g class="heatmap" data-label="w &lt;1&gt;" data-rows="2" data-columns="3">([\s\S]*?)<\/g>/.exec(svg)?.[1] ?? '';
    const cells = [...group.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="5" height="4" fill="(#[0-9a-f]{6})"\/>/g)].map(([, x, y, fill]) => [
      Number(x),
      Number(y),
      fill,
    ]);
    expect(cells).toEqual([
      [15, 10, '#08306b'], // row 0, column 1: value 1
      [10, 14, '#6baed6'], // row 1, column 0: value 0.5
    ]);
    expect(group).toContain('<rect class="frame" x="10" y="10" width="15" height="8" fill="none"');
  });

  it('escapes text, rotates vertical text and dashes dashed lines', () => {
    expect(svg).toContain('<text x="5" y="70" font-size="12" fill="#212529" text-anchor="middle" transform="rotate(-90 5 70)">a &lt; b &amp; c</text>');
    expect(svg).toContain('points="0,0 10,5.56"');
    expect(svg).toContain('stroke-dasharray="6 4"');
    expect(escapeXml(`"it's"`)).toBe('&quot;it&apos;s&quot;');
  });
});
