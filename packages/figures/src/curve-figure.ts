import { formatTick, linearTicks, logTicks } from './axis-ticks.js';
import { COLOURS, textWidth, tint, type Colour, type Figure, type FigureItem } from './figure.js';
import { placeGuideLabel, type Box, type Trace } from './guide-label.js';

/** One line of a chart. */
export interface CurveSeries {
  readonly label: string;
  readonly points: readonly (readonly [x: number, y: number])[];
  readonly colour: Colour;
  /** A band drawn under the line in a pale tint of its colour: `[x, low, high]` (the quartiles over seeds, say). */
  readonly band?: readonly (readonly [x: number, low: number, high: number])[];
}

/** One chart: its y-axis title, its lines, and optionally a dashed horizontal guide. */
export interface CurvePanel {
  readonly yLabel: string;
  readonly series: readonly CurveSeries[];
  readonly guide?: { readonly value: number; readonly label: string };
}

/** What {@link curveFigure} draws. */
export interface CurvePicture {
  readonly title: string;
  readonly subtitle?: string;
  readonly xLabel: string;
  readonly panels: readonly CurvePanel[];
  /** Log-scale y axes (costs fall over orders of magnitude); values ≤ 0 are left out. */
  readonly logScale?: boolean;
}

const plotWidth = 460;
const plotHeight = 260;
const margin = { left: 64, right: 20, top: 72, bottom: 56 } as const;

/**
 * Lays out line charts side by side with shared x-axis title: axes with "nice" ticks, grid
 * lines, a legend in each chart, and an optional dashed guide (a convergence threshold).
 *
 * @example
 * ```ts
 * const figure = curveFigure({
 *   title: 'copy', xLabel: 'sequences seen',
 *   panels: [{ yLabel: 'cost (bits per sequence)', series: [{ label: 'held-out', points: [[0, 80], [3200, 40]], colour: COLOURS.series[0] }] }],
 * });
 * ```
 */
export function curveFigure(picture: CurvePicture): Figure {
  const items: FigureItem[] = [{ kind: 'text', x: 16, y: 28, text: picture.title, size: 16, anchor: 'start', fill: COLOURS.text, bold: true }];
  if (picture.subtitle) items.push({ kind: 'text', x: 16, y: 48, text: picture.subtitle, size: 12, anchor: 'start', fill: COLOURS.mutedText });
  const allX = picture.panels.flatMap((panel) => panel.series.flatMap((series) => series.points.map(([x]) => x))).filter(Number.isFinite);
  const xTicks = linearTicks(Math.min(0, ...allX), allX.length === 0 ? 1 : Math.max(...allX), 5);
  picture.panels.forEach((panel, index) => {
    const left = margin.left + index * (margin.left + plotWidth + margin.right);
    drawPanel(items, panel, left, margin.top, xTicks, picture);
  });
  const width = picture.panels.length * (margin.left + plotWidth + margin.right) + 16;
  return { width, height: margin.top + plotHeight + margin.bottom, background: COLOURS.background, items };
}

function drawPanel(items: FigureItem[], panel: CurvePanel, left: number, top: number, xTicks: readonly number[], picture: CurvePicture): void {
  const logScale = picture.logScale ?? false;
  const usable = (y: number) => Number.isFinite(y) && (!logScale || y > 0);
  const ys = panel.series
    .flatMap((series) => [...series.points.map(([, y]) => y), ...(series.band ?? []).flatMap(([, low, high]) => [low, high])])
    .filter(usable);
  if (panel.guide && usable(panel.guide.value)) ys.push(panel.guide.value);
  const yTicks = logScale
    ? logTicks(ys.length === 0 ? 0.1 : Math.min(...ys), ys.length === 0 ? 10 : Math.max(...ys))
    : linearTicks(Math.min(0, ...ys), ys.length === 0 ? 1 : Math.max(...ys), 5);
  const xMinimum = xTicks[0] as number;
  const xMaximum = xTicks[xTicks.length - 1] as number;
  const yMinimum = yTicks[0] as number;
  const yMaximum = yTicks[yTicks.length - 1] as number;
  const toX = (x: number) => left + ((x - xMinimum) / (xMaximum - xMinimum || 1)) * plotWidth;
  const yPosition = (y: number) => (logScale ? Math.log10(y) : y);
  const toY = (y: number) => top + plotHeight - ((yPosition(y) - yPosition(yMinimum)) / (yPosition(yMaximum) - yPosition(yMinimum) || 1)) * plotHeight;

  for (const tick of yTicks) {
    const y = toY(tick);
    items.push({
      kind: 'polyline',
      points: [
        [left, y],
        [left + plotWidth, y],
      ],
      stroke: COLOURS.grid,
      strokeWidth: 1,
    });
    items.push({ kind: 'text', x: left - 6, y: y + 4, text: formatTick(tick), size: 10, anchor: 'end', fill: COLOURS.mutedText });
  }
  for (const tick of xTicks) {
    const x = toX(tick);
    items.push({
      kind: 'polyline',
      points: [
        [x, top],
        [x, top + plotHeight],
      ],
      stroke: COLOURS.grid,
      strokeWidth: 1,
    });
    items.push({ kind: 'text', x, y: top + plotHeight + 16, text: formatTick(tick), size: 10, anchor: 'middle', fill: COLOURS.mutedText });
  }
  items.push({ kind: 'rectangle', x: left, y: top, width: plotWidth, height: plotHeight, stroke: COLOURS.frame });
  items.push({ kind: 'text', x: left + plotWidth / 2, y: top + plotHeight + 40, text: picture.xLabel, size: 12, anchor: 'middle', fill: COLOURS.text });
  items.push({ kind: 'text', x: left - 44, y: top + plotHeight / 2, text: panel.yLabel, size: 12, anchor: 'middle', fill: COLOURS.text, vertical: true });

  if (panel.guide && usable(panel.guide.value)) {
    const y = toY(panel.guide.value);
    items.push({
      kind: 'polyline',
      points: [
        [left, y],
        [left + plotWidth, y],
      ],
      stroke: COLOURS.mutedText,
      strokeWidth: 1,
      dashed: true,
    });
  }
  // Bands first, every one, so that no band hides another series' line.
  for (const series of panel.series) {
    const band = (series.band ?? []).filter(([x, low, high]) => Number.isFinite(x) && usable(low) && usable(high));
    if (band.length < 2) continue;
    const upper = band.map(([x, , high]) => [toX(x), toY(high)] as const);
    const lower = band.map(([x, low]) => [toX(x), toY(low)] as const).reverse();
    items.push({ kind: 'polygon', points: [...upper, ...lower], fill: tint(series.colour, 0.75) });
  }
  for (const series of panel.series) {
    // A gap in the data (a NaN, a non-positive value on a log axis) breaks the line.
    let run: [number, number][] = [];
    const flush = () => {
      if (run.length > 1) items.push({ kind: 'polyline', points: run, stroke: series.colour, strokeWidth: 2 });
      if (run.length === 1) {
        const [x, y] = run[0] as [number, number];
        items.push({ kind: 'rectangle', x: x - 2, y: y - 2, width: 4, height: 4, fill: series.colour });
      }
      run = [];
    };
    for (const [x, y] of series.points) {
      if (usable(y) && Number.isFinite(x)) run.push([toX(x), toY(y)]);
      else flush();
    }
    flush();
  }
  // The legend, top right inside the chart.
  const legendWidth = Math.max(0, ...panel.series.map((series) => textWidth(series.label, 11))) + 30;
  const legend = { x: left + plotWidth - legendWidth - 14, y: top + 4, width: legendWidth + 10, height: panel.series.length * 16 + 6 };
  if (panel.guide && usable(panel.guide.value)) {
    const plot = { x: left, y: top, width: plotWidth, height: plotHeight };
    drawGuideLabel(items, panel.guide.label, toY(panel.guide.value), plot, legend, panel.series, { toX, toY, usable });
  }
  items.push({ kind: 'rectangle', ...legend, fill: COLOURS.background, stroke: COLOURS.grid });
  panel.series.forEach((series, index) => {
    const y = top + 16 + index * 16;
    const x = left + plotWidth - legendWidth - 8;
    items.push({
      kind: 'polyline',
      points: [
        [x, y - 4],
        [x + 20, y - 4],
      ],
      stroke: series.colour,
      strokeWidth: 2,
    });
    items.push({ kind: 'text', x: x + 26, y, text: series.label, size: 11, anchor: 'start', fill: COLOURS.text });
  });
}

/** How a chart maps data to pixels, and which values it can draw. */
interface ChartScale {
  readonly toX: (x: number) => number;
  readonly toY: (y: number) => number;
  readonly usable: (y: number) => boolean;
}

/** The guide's label, on top of the lines and bands where none of them (nor the legend) runs. */
function drawGuideLabel(items: FigureItem[], label: string, lineY: number, plot: Box, legend: Box, series: readonly CurveSeries[], scale: ChartScale): void {
  const legendTrace: Trace = [
    [legend.x, legend.y, legend.y + legend.height],
    [legend.x + legend.width, legend.y, legend.y + legend.height],
  ];
  const traces = [
    legendTrace,
    ...series.flatMap((one) => [
      ...pixelTraces(
        one.points.map(([x, y]) => [x, y, y] as const),
        scale,
      ),
      ...pixelTraces(one.band ?? [], scale),
    ]),
  ];
  const width = textWidth(label, 10);
  const place = placeGuideLabel(plot, lineY, { width, height: 12 }, traces);
  if (!place.clear) {
    items.push({
      kind: 'rectangle',
      x: place.anchor === 'start' ? place.x - 2 : place.x - width - 2,
      y: place.y - 10,
      width: width + 4,
      height: 13,
      fill: COLOURS.background,
    });
  }
  items.push({ kind: 'text', x: place.x, y: place.y, text: label, size: 10, anchor: place.anchor, fill: COLOURS.mutedText });
}

/** `[x, low, high]` in data units → pixel traces, broken where a value cannot be drawn. */
function pixelTraces(points: readonly (readonly [x: number, low: number, high: number])[], scale: ChartScale): Trace[] {
  const runs: [number, number, number][][] = [[]];
  for (const [x, low, high] of points) {
    if (Number.isFinite(x) && scale.usable(low) && scale.usable(high)) runs[runs.length - 1]?.push([scale.toX(x), scale.toY(high), scale.toY(low)]);
    else runs.push([]);
  }
  return runs.filter((run) => run.length > 0);
}
