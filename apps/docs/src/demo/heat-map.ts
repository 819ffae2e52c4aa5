/**
 * Heat maps on a canvas: a panel of `@ntm/figures`' episode figure (the very matrix, colour map
 * and scale that `ntm show` writes as SVG), with the demo's extras — the current time step
 * outlined, the steps after it faded (the episode is revealed as you step through it), and
 * crossed cells (wrong output bits). A canvas rather than the SVG, because the demo redraws
 * every panel at each step of the slider and of playback, and a 128-slot weighting is
 * thousands of SVG elements but one cheap canvas fill per cell.
 */
import { colourOf, type EpisodePanel } from '@ntm/figures';

/** What to draw: a panel's matrix and look, where the demo's step is. */
export type HeatMapSpec = Pick<EpisodePanel, 'rows' | 'columns' | 'values' | 'colourMap' | 'scale' | 'cellWidth' | 'cellHeight' | 'crossed'> & {
  /** Outlined column (the current time step), if any. */
  readonly currentColumn?: number;
  /** Columns after this one are faded. */
  readonly revealedUpTo?: number;
};

/** A cell of a heat map. */
export interface HeatMapCell {
  readonly row: number;
  readonly column: number;
}

/**
 * The canvas size in CSS pixels for a spec.
 * @example heatMapSize({ rows: 8, columns: 10, cellWidth: 12, cellHeight: 6, … }) // { width: 120, height: 48 }
 */
export function heatMapSize(spec: Pick<HeatMapSpec, 'rows' | 'columns' | 'cellWidth' | 'cellHeight'>): { width: number; height: number } {
  return { width: spec.columns * spec.cellWidth, height: spec.rows * spec.cellHeight };
}

/**
 * The cell under a point given in CSS pixels from the canvas's top-left corner, or null
 * outside the map.
 *
 * @example cellAt({ rows: 8, columns: 10, cellWidth: 12, cellHeight: 6 }, 30, 7) // { row: 1, column: 2 }
 */
export function cellAt(spec: Pick<HeatMapSpec, 'rows' | 'columns' | 'cellWidth' | 'cellHeight'>, x: number, y: number): HeatMapCell | null {
  const column = Math.floor(x / spec.cellWidth);
  const row = Math.floor(y / spec.cellHeight);
  if (column < 0 || row < 0 || column >= spec.columns || row >= spec.rows) return null;
  return { row, column };
}

/**
 * Draws a heat map, sizing the canvas for the screen's pixel ratio so cells stay sharp.
 *
 * @example
 * ```ts
 * const panel = episodePanels({ trace, batch }).find((p) => p.id === 'write-weighting-0');
 * if (panel) drawHeatMap(canvas, { ...panel, currentColumn: 4, revealedUpTo: 4 });
 * ```
 */
export function drawHeatMap(canvas: HTMLCanvasElement, spec: HeatMapSpec): void {
  const { width, height } = heatMapSize(spec);
  const ratio = Math.max(1, Math.round(globalThis.devicePixelRatio || 1));
  if (canvas.width !== width * ratio || canvas.height !== height * ratio) {
    canvas.width = width * ratio;
    canvas.height = height * ratio;
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
  }
  const context = canvas.getContext('2d');
  if (!context) return;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  const gridLines = spec.cellWidth >= 8 && spec.cellHeight >= 8;
  for (let column = 0; column < spec.columns; column++) {
    for (let row = 0; row < spec.rows; row++) {
      const [r, g, b] = colourOf(spec.values[row * spec.columns + column] as number, spec.colourMap, spec.scale);
      context.fillStyle = `rgb(${r} ${g} ${b})`;
      const inset = gridLines ? 0.5 : 0;
      context.fillRect(column * spec.cellWidth + inset, row * spec.cellHeight + inset, spec.cellWidth - 2 * inset, spec.cellHeight - 2 * inset);
    }
  }
  if (spec.crossed) {
    context.strokeStyle = 'rgb(214 39 40)';
    context.lineWidth = 1.5;
    for (let column = 0; column < spec.columns; column++) {
      for (let row = 0; row < spec.rows; row++) {
        if (!spec.crossed[row * spec.columns + column]) continue;
        const x = column * spec.cellWidth;
        const y = row * spec.cellHeight;
        context.beginPath();
        context.moveTo(x + 1, y + 1);
        context.lineTo(x + spec.cellWidth - 1, y + spec.cellHeight - 1);
        context.moveTo(x + spec.cellWidth - 1, y + 1);
        context.lineTo(x + 1, y + spec.cellHeight - 1);
        context.stroke();
      }
    }
  }
  if (spec.revealedUpTo !== undefined && spec.revealedUpTo < spec.columns - 1) {
    context.fillStyle = 'rgb(255 255 255 / 0.78)';
    const start = (spec.revealedUpTo + 1) * spec.cellWidth;
    context.fillRect(start, 0, width - start, height);
  }
  if (spec.currentColumn !== undefined && spec.currentColumn >= 0 && spec.currentColumn < spec.columns) {
    context.strokeStyle = 'rgb(230 120 0)';
    context.lineWidth = 2;
    context.strokeRect(spec.currentColumn * spec.cellWidth + 1, 1, spec.cellWidth - 2, height - 2);
  }
}
