import { colourOf, hexColour } from './colour-maps.js';
import type { Colour, Figure, FigureItem, HeatMapItem } from './figure.js';

/**
 * Writes a figure as a self-contained SVG document (no scripts, no external fonts or
 * images). Heat-map cells that would be drawn in the background colour are left out, which
 * keeps a 128-slot weighting (mostly zeros) small; each heat map is a `<g class="heatmap">`
 * with `data-label`, `data-rows` and `data-columns`, then a frame.
 *
 * @example
 * ```ts
 * writeFileSync('episode.svg', figureToSvg(episodeFigure({ trace, batch, title: 'copy' })));
 * ```
 */
export function figureToSvg(figure: Figure): string {
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${figure.width}" height="${figure.height}" viewBox="0 0 ${figure.width} ${figure.height}" ` +
      `font-family="DejaVu Sans, Helvetica, Arial, sans-serif" shape-rendering="crispEdges">`,
    `<rect width="${figure.width}" height="${figure.height}" fill="${hexColour(figure.background)}"/>`,
  ];
  for (const item of figure.items) parts.push(itemToSvg(item, figure.background));
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function itemToSvg(item: FigureItem, background: Colour): string {
  switch (item.kind) {
    case 'heatmap':
      return heatMapToSvg(item, background);
    case 'rectangle':
      return (
        `<rect x="${number(item.x)}" y="${number(item.y)}" width="${number(item.width)}" height="${number(item.height)}" ` +
        `fill="${item.fill ? hexColour(item.fill) : 'none'}"${item.stroke ? ` stroke="${hexColour(item.stroke)}"` : ''}/>`
      );
    case 'polyline':
      return (
        `<polyline points="${item.points.map(([x, y]) => `${number(x)},${number(y)}`).join(' ')}" fill="none" ` +
        `stroke="${hexColour(item.stroke)}" stroke-width="${item.strokeWidth}" stroke-linejoin="round" shape-rendering="geometricPrecision"` +
        `${item.dashed ? ' stroke-dasharray="6 4"' : ''}/>`
      );
    case 'polygon':
      return `<polygon points="${item.points.map(([x, y]) => `${number(x)},${number(y)}`).join(' ')}" fill="${hexColour(item.fill)}" stroke="none"/>`;
    case 'text': {
      const anchor = item.anchor === 'start' ? '' : ` text-anchor="${item.anchor}"`;
      const rotate = item.vertical ? ` transform="rotate(-90 ${number(item.x)} ${number(item.y)})"` : '';
      const weight = item.bold ? ' font-weight="bold"' : '';
      return `<text x="${number(item.x)}" y="${number(item.y)}" font-size="${item.size}" fill="${hexColour(item.fill)}"${anchor}${weight}${rotate}>${escapeXml(item.text)}</text>`;
    }
  }
}

function heatMapToSvg(item: HeatMapItem, background: Colour): string {
  const cells: string[] = [];
  const backgroundHex = hexColour(background);
  for (let row = 0; row < item.rows; row++) {
    for (let column = 0; column < item.columns; column++) {
      const fill = hexColour(colourOf(item.values[row * item.columns + column] as number, item.colourMap, item.scale));
      if (fill === backgroundHex) continue;
      const x = item.x + column * item.cellWidth;
      const y = item.y + row * item.cellHeight;
      cells.push(`<rect x="${number(x)}" y="${number(y)}" width="${number(item.cellWidth)}" height="${number(item.cellHeight)}" fill="${fill}"/>`);
    }
  }
  const width = item.columns * item.cellWidth;
  const height = item.rows * item.cellHeight;
  return [
    `<g class="heatmap" data-label="${escapeXml(item.label)}" data-rows="${item.rows}" data-columns="${item.columns}">`,
    ...cells,
    `<rect class="frame" x="${number(item.x)}" y="${number(item.y)}" width="${number(width)}" height="${number(height)}" fill="none" stroke="#adb5bd"/>`,
    '</g>',
  ].join('\n');
}

/** Numbers with at most two decimals: enough for pixels, and short. */
function number(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/**
 * Escapes text for XML content and attributes.
 * @example escapeXml('a < b & "c"') // 'a &lt; b &amp; &quot;c&quot;'
 */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (character) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[character] as string);
}
