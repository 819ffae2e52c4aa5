import { describe, expect, it } from 'vitest';
import { glyphPixels } from './bitmap-font.js';
import { COLOURS, type Figure } from './figure.js';
import { figureToPixels } from './raster.js';

const pixelAt = (image: { width: number; pixels: Uint8Array }, x: number, y: number) => [
  ...image.pixels.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 4),
];

describe('figureToPixels', () => {
  it('fills the background and paints heat-map cells, rectangles and lines where the figure puts them', () => {
    const figure: Figure = {
      width: 20,
      height: 10,
      background: COLOURS.background,
      items: [
        { kind: 'heatmap', label: 'h', x: 2, y: 2, cellWidth: 3, cellHeight: 3, rows: 1, columns: 2, values: [1, 0], colourMap: 'sequential' },
        { kind: 'rectangle', x: 12, y: 1, width: 2, height: 2, fill: [255, 0, 0] },
        {
          kind: 'polyline',
          points: [
            [10, 8],
            [19, 8],
          ],
          stroke: [0, 200, 0],
          strokeWidth: 1,
        },
      ],
    };
    const image = figureToPixels(figure);
    expect([image.width, image.height]).toEqual([20, 10]);
    expect(pixelAt(image, 0, 0)).toEqual([255, 255, 255, 255]);
    expect(pixelAt(image, 3, 3)).toEqual([8, 48, 107, 255]); // inside the value-1 cell
    expect(pixelAt(image, 6, 3)).toEqual([255, 255, 255, 255]); // inside the value-0 cell
    expect(pixelAt(image, 2, 2)).toEqual([173, 181, 189, 255]); // the heat map's frame
    expect(pixelAt(image, 12, 1)).toEqual([255, 0, 0, 255]);
    expect(pixelAt(image, 14, 1)).toEqual([255, 255, 255, 255]); // just outside the rectangle
    expect(pixelAt(image, 15, 8)).toEqual([0, 200, 0, 255]);
  });

  it('draws text in the bitmap font, upright and turned a quarter left', () => {
    const base = { kind: 'text', size: 12, anchor: 'start', fill: [0, 0, 0] } as const;
    const upright = figureToPixels({ width: 10, height: 10, background: COLOURS.background, items: [{ ...base, x: 1, y: 8, text: 'T' }] });
    // "T": the top row is full, then a single centre column.
    for (let column = 0; column < 5; column++) expect(pixelAt(upright, 1 + column, 1)[0]).toBe(0);
    expect(pixelAt(upright, 3, 5)[0]).toBe(0);
    expect(pixelAt(upright, 1, 5)[0]).toBe(255);
    const turned = figureToPixels({ width: 10, height: 10, background: COLOURS.background, items: [{ ...base, x: 8, y: 8, text: 'T', vertical: true }] });
    // Turned left, the top bar becomes the left column and the stem runs rightwards.
    for (let row = 0; row < 5; row++) expect(pixelAt(turned, 1, 8 - row)[0]).toBe(0);
    expect(pixelAt(turned, 5, 6)[0]).toBe(0);
  });

  it('draws lower case as capitals and unknown characters as "?"', () => {
    expect(glyphPixels('a')).toEqual(glyphPixels('A'));
    expect(glyphPixels('β')).toEqual(glyphPixels('?'));
    expect(glyphPixels('1').filter(Boolean).length).toBeGreaterThan(0);
  });
});
