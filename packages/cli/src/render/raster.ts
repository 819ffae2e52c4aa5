import { GLYPH, glyphPixels } from './bitmap-font.js';
import { colourOf } from './colour-maps.js';
import type { Colour, Figure, FigureItem, HeatMapItem, PolygonItem, PolylineItem, TextItem } from './figure.js';
import type { RgbaImage } from './png.js';

/**
 * Draws a figure into RGBA pixels, the same layout the SVG writer draws: heat-map cells and
 * rectangles as filled pixels, lines stamped along their length, text in the 5 × 7 bitmap
 * font (scaled by whole pixels, capitals only). Coordinates are rounded to whole pixels.
 *
 * @example
 * ```ts
 * writeFileSync('episode.png', encodePng(figureToPixels(episodeFigure(trace, batch))));
 * ```
 */
export function figureToPixels(figure: Figure): RgbaImage {
  const width = Math.ceil(figure.width);
  const height = Math.ceil(figure.height);
  const canvas = new Canvas(width, height);
  canvas.fillRectangle(0, 0, width, height, figure.background);
  for (const item of figure.items) drawItem(canvas, item);
  return { width, height, pixels: canvas.pixels };
}

class Canvas {
  readonly pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Uint8Array(width * height * 4);
  }

  setPixel(x: number, y: number, colour: Colour): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const offset = (y * this.width + x) * 4;
    this.pixels[offset] = colour[0];
    this.pixels[offset + 1] = colour[1];
    this.pixels[offset + 2] = colour[2];
    this.pixels[offset + 3] = 255;
  }

  /** Fills the pixels whose centres lie inside [x, x + width) × [y, y + height). */
  fillRectangle(x: number, y: number, width: number, height: number, colour: Colour): void {
    const left = Math.max(0, Math.round(x));
    const top = Math.max(0, Math.round(y));
    const right = Math.min(this.width, Math.round(x + width));
    const bottom = Math.min(this.height, Math.round(y + height));
    for (let row = top; row < bottom; row++) for (let column = left; column < right; column++) this.setPixel(column, row, colour);
  }

  strokeRectangle(x: number, y: number, width: number, height: number, colour: Colour): void {
    const left = Math.round(x);
    const top = Math.round(y);
    const right = Math.round(x + width) - 1;
    const bottom = Math.round(y + height) - 1;
    for (let column = left; column <= right; column++) {
      this.setPixel(column, top, colour);
      this.setPixel(column, bottom, colour);
    }
    for (let row = top; row <= bottom; row++) {
      this.setPixel(left, row, colour);
      this.setPixel(right, row, colour);
    }
  }
}

function drawItem(canvas: Canvas, item: FigureItem): void {
  switch (item.kind) {
    case 'heatmap':
      drawHeatMap(canvas, item);
      return;
    case 'rectangle':
      if (item.fill) canvas.fillRectangle(item.x, item.y, item.width, item.height, item.fill);
      if (item.stroke) canvas.strokeRectangle(item.x, item.y, item.width, item.height, item.stroke);
      return;
    case 'polyline':
      drawPolyline(canvas, item);
      return;
    case 'polygon':
      fillPolygon(canvas, item);
      return;
    case 'text':
      drawText(canvas, item);
      return;
  }
}

/** Even-odd scanline fill: a pixel is inside when its centre is. */
function fillPolygon(canvas: Canvas, item: PolygonItem): void {
  const { points } = item;
  if (points.length < 3) return;
  const top = Math.max(0, Math.floor(Math.min(...points.map(([, y]) => y))));
  const bottom = Math.min(canvas.height - 1, Math.ceil(Math.max(...points.map(([, y]) => y))));
  for (let row = top; row <= bottom; row++) {
    const centre = row + 0.5;
    const crossings: number[] = [];
    for (let index = 0; index < points.length; index++) {
      const [x0, y0] = points[index] as readonly [number, number];
      const [x1, y1] = points[(index + 1) % points.length] as readonly [number, number];
      if ((y0 <= centre && y1 > centre) || (y1 <= centre && y0 > centre)) crossings.push(x0 + ((centre - y0) / (y1 - y0)) * (x1 - x0));
    }
    crossings.sort((a, b) => a - b);
    for (let index = 0; index + 1 < crossings.length; index += 2) {
      for (let column = Math.ceil((crossings[index] as number) - 0.5); column < (crossings[index + 1] as number) - 0.5; column++) {
        canvas.setPixel(column, row, item.fill);
      }
    }
  }
}

function drawHeatMap(canvas: Canvas, item: HeatMapItem): void {
  // Cell edges are rounded, not cell sizes, so that fractional cells tile without gaps.
  for (let row = 0; row < item.rows; row++) {
    const top = Math.round(item.y + row * item.cellHeight);
    const bottom = Math.round(item.y + (row + 1) * item.cellHeight);
    for (let column = 0; column < item.columns; column++) {
      const left = Math.round(item.x + column * item.cellWidth);
      const right = Math.round(item.x + (column + 1) * item.cellWidth);
      const colour = colourOf(item.values[row * item.columns + column] as number, item.colourMap, item.scale);
      canvas.fillRectangle(left, top, right - left, bottom - top, colour);
    }
  }
  canvas.strokeRectangle(item.x, item.y, item.columns * item.cellWidth, item.rows * item.cellHeight, [173, 181, 189]);
}

function drawPolyline(canvas: Canvas, item: PolylineItem): void {
  const radius = Math.max(0, Math.round(item.strokeWidth) - 1) / 2;
  let travelled = 0;
  for (let index = 1; index < item.points.length; index++) {
    const [x0, y0] = item.points[index - 1] as readonly [number, number];
    const [x1, y1] = item.points[index] as readonly [number, number];
    const length = Math.hypot(x1 - x0, y1 - y0);
    const steps = Math.max(1, Math.ceil(length * 2));
    for (let step = 0; step <= steps; step++) {
      const along = (step / steps) * length;
      // Dashes of 6 pixels on, 4 off, as the SVG's stroke-dasharray.
      if (item.dashed && (travelled + along) % 10 >= 6) continue;
      const x = x0 + ((x1 - x0) * step) / steps;
      const y = y0 + ((y1 - y0) * step) / steps;
      for (let dy = -Math.floor(radius); dy <= Math.ceil(radius); dy++) {
        for (let dx = -Math.floor(radius); dx <= Math.ceil(radius); dx++) canvas.setPixel(Math.round(x + dx), Math.round(y + dy), item.stroke);
      }
    }
    travelled += length;
  }
}

/**
 * The bitmap font's scale for a font size: 1 font pixel per screen pixel up to 13 px text,
 * 2 up to 22 px, and so on.
 * @example fontScale(12) // 1
 */
export function fontScale(size: number): number {
  return Math.max(1, Math.round(size / 9));
}

function drawText(canvas: Canvas, item: TextItem): void {
  const scale = fontScale(item.size);
  const width = item.text.length * GLYPH.advance * scale - scale;
  const start = item.anchor === 'start' ? 0 : item.anchor === 'middle' ? -width / 2 : -width;
  [...item.text].forEach((character, index) => {
    const pixels = glyphPixels(character);
    for (let row = 0; row < GLYPH.height; row++) {
      for (let column = 0; column < GLYPH.width; column++) {
        if (!pixels[row * GLYPH.width + column]) continue;
        for (let dy = 0; dy < scale; dy++) {
          for (let dx = 0; dx < scale; dx++) {
            // Along the text, and down from the glyph's top; the baseline is the glyph's bottom.
            const along = Math.round(start) + index * GLYPH.advance * scale + column * scale + dx;
            const down = row * scale + dy - GLYPH.height * scale;
            // Vertical text is the horizontal text turned a quarter left about (x, y).
            const x = item.vertical ? Math.round(item.x) + down : Math.round(item.x) + along;
            const y = item.vertical ? Math.round(item.y) - along : Math.round(item.y) + down;
            canvas.setPixel(x, y, item.fill);
          }
        }
      }
    }
  });
}
