/**
 * A small SVG line chart for the learning curve: several series over shared axes with the
 * ticks of `ntm plot` (`linearTicks` of `@ntm/figures`). Rendered as a string (no chart library), redrawn as points arrive.
 */
import { formatTick, linearTicks } from '@ntm/figures';
import { escapeHtml } from '../common/escape-html.js';

/** One series: a line, or dots (the held-out evaluations). */
export interface ChartSeries {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
  readonly colour: string;
  readonly style: 'line' | 'dots';
  readonly width?: number;
}

/** What to draw. */
export interface LineChartSpec {
  readonly width: number;
  readonly height: number;
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly ChartSeries[];
}

/**
 * An exponential moving average of a series' y values (the noisy per-batch cost, smoothed).
 * @example smoothed([[0, 4], [1, 2]], 0.5) // [[0, 4], [1, 3]]
 */
export function smoothed(points: readonly (readonly [number, number])[], weight: number): [number, number][] {
  let average: number | null = null;
  return points.map(([x, y]) => {
    average = average === null ? y : weight * average + (1 - weight) * y;
    return [x, average];
  });
}

/**
 * The chart as an SVG string.
 * @example container.innerHTML = renderLineChart({ width: 640, height: 280, title: 'Cost', xLabel: 'sequences', yLabel: 'bits', series });
 */
export function renderLineChart(spec: LineChartSpec): string {
  const margin = { left: 52, right: 16, top: 26, bottom: 38 };
  const plotWidth = spec.width - margin.left - margin.right;
  const plotHeight = spec.height - margin.top - margin.bottom;
  const all = spec.series.flatMap((series) => series.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const xMax = Math.max(1, ...all.map(([x]) => x));
  const yMax = Math.max(1e-9, ...all.map(([, y]) => y));
  const xTicks = linearTicks(0, xMax, 6);
  const yTicks = linearTicks(0, yMax, 5);
  const xTop = xTicks[xTicks.length - 1] as number;
  const yTop = yTicks[yTicks.length - 1] as number;
  const sx = (x: number) => margin.left + (x / xTop) * plotWidth;
  const sy = (y: number) => margin.top + plotHeight - (y / yTop) * plotHeight;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${spec.width}" height="${spec.height}" viewBox="0 0 ${spec.width} ${spec.height}" role="img" aria-label="${escapeHtml(spec.title)}">`,
    `<text class="chart-title" x="${margin.left}" y="16">${escapeHtml(spec.title)}</text>`,
  ];
  for (const tick of yTicks) {
    parts.push(`<line class="chart-grid" x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${sy(tick)}" y2="${sy(tick)}" />`);
    parts.push(`<text class="chart-label" x="${margin.left - 6}" y="${sy(tick) + 4}" text-anchor="end">${formatTick(tick)}</text>`);
  }
  for (const tick of xTicks) {
    parts.push(`<text class="chart-label" x="${sx(tick)}" y="${margin.top + plotHeight + 15}" text-anchor="middle">${formatTick(tick)}</text>`);
  }
  parts.push(
    `<line class="chart-axis" x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${margin.top + plotHeight}" y2="${margin.top + plotHeight}" />`,
    `<line class="chart-axis" x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${margin.top + plotHeight}" />`,
    `<text class="chart-label" x="${margin.left + plotWidth / 2}" y="${spec.height - 6}" text-anchor="middle">${escapeHtml(spec.xLabel)}</text>`,
    `<text class="chart-label" transform="translate(13 ${margin.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(spec.yLabel)}</text>`,
  );
  let legendX = margin.left + plotWidth;
  for (const series of [...spec.series].reverse()) {
    const label = escapeHtml(series.name);
    legendX -= 14 + label.length * 6.2;
    parts.push(
      `<rect x="${legendX}" y="8" width="10" height="10" fill="${series.colour}" />`,
      `<text class="chart-label" x="${legendX + 13}" y="17">${label}</text>`,
    );
    legendX -= 12;
  }
  for (const series of spec.series) {
    const points = series.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    if (series.style === 'line' && points.length > 1) {
      const path = points.map(([x, y], index) => `${index === 0 ? 'M' : 'L'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join('');
      parts.push(`<path d="${path}" fill="none" stroke="${series.colour}" stroke-width="${series.width ?? 1.5}" stroke-linejoin="round" />`);
    } else {
      for (const [x, y] of points) parts.push(`<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="3" fill="${series.colour}" />`);
    }
  }
  parts.push('</svg>');
  return parts.join('');
}
