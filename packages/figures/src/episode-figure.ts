import { type EpisodePanel, type EpisodePanelOptions, type EpisodeSource, episodePanels } from './episode-panels.js';
import { COLOURS, textWidth, type Figure, type FigureItem, type HeatMapItem } from './figure.js';

/**
 * What {@link episodeFigure} draws: a traced episode, the batch it came from, the panels'
 * options (see {@link episodePanels}) and titles.
 */
export interface EpisodePicture extends EpisodeSource, EpisodePanelOptions {
  readonly title: string;
  readonly subtitle?: string;
  /** Time spans outlined on the inputs, targets or outputs, each with a label (the query of a recall episode). */
  readonly marks?: readonly EpisodeMark[];
  /** A small scatter plot beside the memory (priority sort's write location against priority). */
  readonly scatter?: EpisodeScatter;
}

/** An outlined time span of {@link EpisodePicture.marks}: steps `fromStep`…`toStep` inclusive. */
export interface EpisodeMark {
  readonly panel: 'inputs' | 'targets' | 'outputs';
  readonly fromStep: number;
  readonly toStep: number;
  readonly label: string;
}

/** The scatter plot of {@link EpisodePicture.scatter}: points in data units, axes over the given ranges. */
export interface EpisodeScatter {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xRange: readonly [number, number];
  readonly yRange: readonly [number, number];
  readonly points: readonly (readonly [x: number, y: number])[];
}

/** The colour of marks: an orange that stands out on the blue heat maps. */
const MARK_COLOUR = [230, 85, 13] as const;
/** The colour of crossed cells (wrong output bits). */
const CROSS_COLOUR = [214, 39, 40] as const;

const labelSize = 12;
/** Room above each panel for its title. */
const titleHeight = 18;
/** Room under each panel: for the labels of marks, and air before the next row's title. */
const rowGap = 22;
const columnGap = 36;
const margin = 16;

/**
 * Lays out one episode like Figure 6 of Graves et al. (2014), as SVG-ready items: the panels of
 * {@link episodePanels} in their grid (inputs, targets, adds and write weightings on the left;
 * outputs, reads and read weightings on the right; the memory after the last step beside
 * them), each titled above, time running left to right under a shared step axis; then the
 * task's marks and scatter plot, and a key of the two colour maps. Signed panels are scaled to
 * their largest magnitude, given in their title.
 *
 * @example
 * ```ts
 * let trace!: EpisodeTrace;
 * backend.tidy(() => { const run = model.run(inputs, { trace: true }); trace = run.trace!; return run.logits; });
 * const svg = figureToSvg(episodeFigure({ trace, batch, title: 'copy, length 20' }));
 * ```
 */
export function episodeFigure(picture: EpisodePicture): Figure {
  const panels = episodePanels(picture, picture);
  const items: FigureItem[] = [{ kind: 'text', x: margin, y: 28, text: picture.title, size: 16, anchor: 'start', fill: COLOURS.text, bold: true }];
  if (picture.subtitle) items.push({ kind: 'text', x: margin, y: 48, text: picture.subtitle, size: 12, anchor: 'start', fill: COLOURS.mutedText });

  // The grid: each column as wide as its widest panel or title, each row as tall as its tallest panel.
  const width = (panel: EpisodePanel) => Math.max(panel.columns * panel.cellWidth, textWidth(titleOf(panel), labelSize));
  const height = (panel: EpisodePanel) => panel.rows * panel.cellHeight;
  const columnCount = Math.max(0, ...panels.map((panel) => panel.gridColumn));
  const rowCount = Math.max(0, ...panels.map((panel) => panel.gridRow));
  const columnLeft: number[] = [];
  for (let column = 1, x = margin; column <= columnCount; column++) {
    columnLeft[column] = x;
    const widest = Math.max(-1, ...panels.filter((panel) => panel.gridColumn === column).map(width));
    x += widest < 0 ? 0 : widest + columnGap; // an empty column takes no room
  }
  const rowTop: number[] = [];
  for (let row = 1, y = 68; row <= rowCount; row++) {
    rowTop[row] = y;
    const tallest = Math.max(-1, ...panels.filter((panel) => panel.gridRow === row).map(height));
    y += tallest < 0 ? 0 : titleHeight + tallest + rowGap;
  }
  const place = new Map<string, { x: number; y: number; panel: EpisodePanel }>();
  for (const panel of panels) {
    const x = columnLeft[panel.gridColumn] as number;
    const y = (rowTop[panel.gridRow] as number) + titleHeight;
    place.set(panel.id, { x, y, panel });
    items.push({ kind: 'text', x, y: y - 6, text: titleOf(panel), size: labelSize, anchor: 'start', fill: COLOURS.text });
    items.push({
      kind: 'heatmap',
      label: panel.title,
      x,
      y,
      cellWidth: panel.cellWidth,
      cellHeight: panel.cellHeight,
      rows: panel.rows,
      columns: panel.columns,
      values: panel.values,
      colourMap: panel.colourMap,
      scale: panel.scale,
    });
    if (panel.crossed) items.push(...crossItems(panel, x, y));
  }
  let right = Math.max(margin, ...[...place.values()].map(({ x, panel }) => x + width(panel)));
  let bottom = Math.max(68, ...[...place.values()].map(({ y, panel }) => y + height(panel)));

  for (const mark of picture.marks ?? []) {
    const placed = place.get(mark.panel);
    if (!placed || mark.fromStep >= placed.panel.columns) continue;
    const { x: panelX, y, panel } = placed;
    const x = panelX + mark.fromStep * panel.cellWidth - 1;
    const markWidth = (Math.min(mark.toStep, panel.columns - 1) - mark.fromStep + 1) * panel.cellWidth + 2;
    items.push({ kind: 'rectangle', x, y: y - 1, width: markWidth, height: height(panel) + 2, stroke: MARK_COLOUR });
    items.push({ kind: 'text', x: x + markWidth / 2, y: y + height(panel) + 13, text: mark.label, size: 10, anchor: 'middle', fill: MARK_COLOUR });
  }

  // Under each column: the time axis under its lowest time panel, or the memory's size under it.
  for (let column = 1; column <= columnCount; column++) {
    const inColumn = [...place.values()].filter(({ panel }) => panel.gridColumn === column);
    const lowest = inColumn.reduce<(typeof inColumn)[number] | undefined>((low, next) => (!low || next.y > low.y ? next : low), undefined);
    if (!lowest) continue;
    const { x, y, panel } = lowest;
    const under = y + height(panel);
    if (panel.axis === 'word') {
      items.push({ kind: 'text', x, y: under + 14, text: `${panel.rows} slots × ${panel.columns}`, size: 10, anchor: 'start', fill: COLOURS.mutedText });
      bottom = Math.max(bottom, under + 14);
      continue;
    }
    const steps = panel.columns;
    const tickEvery = [1, 2, 5, 10, 20, 50, 100].find((every) => (steps / every) * textWidth('000', 10) < steps * panel.cellWidth * 0.6) ?? 200;
    for (let step = 0; step < steps; step += tickEvery) {
      items.push({
        kind: 'text',
        x: x + (step + 0.5) * panel.cellWidth,
        y: under + 14,
        text: String(step),
        size: 10,
        anchor: 'middle',
        fill: COLOURS.mutedText,
      });
    }
    items.push({ kind: 'text', x: x + (steps * panel.cellWidth) / 2, y: under + 30, text: 'time step', size: 12, anchor: 'middle', fill: COLOURS.mutedText });
    bottom = Math.max(bottom, under + 30);
  }

  if (picture.scatter) {
    const top = place.get('memory')?.y ?? place.get('write-weighting-0')?.y ?? 68;
    const placed = scatterItems(picture.scatter, right + 56, top - titleHeight + 6);
    items.push(...placed.items);
    right = Math.max(right, placed.right);
    bottom = Math.max(bottom, placed.bottom);
  }

  // Colour keys.
  const keyY = bottom + 24;
  const key = (x: number, label: string, colourMap: HeatMapItem['colourMap'], from: number) => {
    items.push({
      kind: 'heatmap',
      label: `key: ${label}`,
      x,
      y: keyY,
      cellWidth: 4,
      cellHeight: 8,
      rows: 1,
      columns: 24,
      values: Array.from({ length: 24 }, (_, index) => from + ((1 - from) * index) / 23),
      colourMap,
    });
    items.push({ kind: 'text', x: x + 104, y: keyY + 8, text: label, size: 10, anchor: 'start', fill: COLOURS.mutedText });
  };
  key(margin, '0 to 1: bits, weightings', 'sequential', 0);
  key(margin + 300, '-max to +max: adds, reads, memory', 'diverging', -1);
  right = Math.max(right, margin + 300 + 104 + textWidth('-max to +max: adds, reads, memory', 10));

  return { width: Math.ceil(right + margin), height: Math.ceil(keyY + 24), background: COLOURS.background, items };
}

/** A panel's title as drawn: signed panels say the magnitude drawn at full colour. */
function titleOf(panel: EpisodePanel): string {
  return panel.colourMap === 'sequential' ? panel.title : `${panel.title} (±${Number(panel.scale.toPrecision(2))})`;
}

/** A cross over each crossed cell (a wrong output bit). */
function crossItems(panel: EpisodePanel, x: number, y: number): FigureItem[] {
  const items: FigureItem[] = [];
  const { cellWidth: w, cellHeight: h } = panel;
  for (let row = 0; row < panel.rows; row++) {
    for (let column = 0; column < panel.columns; column++) {
      if (!panel.crossed?.[row * panel.columns + column]) continue;
      const left = x + column * w;
      const top = y + row * h;
      items.push({
        kind: 'polyline',
        points: [
          [left + 1, top + 1],
          [left + w - 1, top + h - 1],
        ],
        stroke: CROSS_COLOUR,
        strokeWidth: 1.5,
      });
      items.push({
        kind: 'polyline',
        points: [
          [left + w - 1, top + 1],
          [left + 1, top + h - 1],
        ],
        stroke: CROSS_COLOUR,
        strokeWidth: 1.5,
      });
    }
  }
  return items;
}

/** A scatter plot's items: a framed square of 200 px, ticks at both ends of each range, axis titles. */
function scatterItems(scatter: EpisodeScatter, x: number, y: number): { items: FigureItem[]; right: number; bottom: number } {
  const size = 200;
  const top = y + 16;
  const [xMin, xMax] = scatter.xRange;
  const [yMin, yMax] = scatter.yRange;
  const px = (value: number) => x + ((value - xMin) / (xMax - xMin || 1)) * size;
  const py = (value: number) => top + size - ((value - yMin) / (yMax - yMin || 1)) * size;
  const items: FigureItem[] = [
    { kind: 'text', x, y: y + 6, text: scatter.title, size: labelSize, anchor: 'start', fill: COLOURS.text },
    { kind: 'rectangle', x, y: top, width: size, height: size, stroke: COLOURS.frame },
    ...scatter.points.map(
      ([pointX, pointY]): FigureItem => ({ kind: 'rectangle', x: px(pointX) - 3, y: py(pointY) - 3, width: 6, height: 6, fill: COLOURS.series[0] }),
    ),
    { kind: 'text', x, y: top + size + 14, text: formatEnd(xMin), size: 10, anchor: 'start', fill: COLOURS.mutedText },
    { kind: 'text', x: x + size, y: top + size + 14, text: formatEnd(xMax), size: 10, anchor: 'end', fill: COLOURS.mutedText },
    { kind: 'text', x: x + size / 2, y: top + size + 28, text: scatter.xLabel, size: 12, anchor: 'middle', fill: COLOURS.mutedText },
    { kind: 'text', x: x - 4, y: top + size, text: formatEnd(yMin), size: 10, anchor: 'end', fill: COLOURS.mutedText },
    { kind: 'text', x: x - 4, y: top + 8, text: formatEnd(yMax), size: 10, anchor: 'end', fill: COLOURS.mutedText },
    { kind: 'text', x: x + size + 14, y: top + size / 2, text: scatter.yLabel, size: 12, anchor: 'middle', fill: COLOURS.mutedText, vertical: true },
  ];
  return { items, right: x + size + 24, bottom: top + size + 36 };
}

function formatEnd(value: number): string {
  return String(Number(value.toPrecision(3)));
}
