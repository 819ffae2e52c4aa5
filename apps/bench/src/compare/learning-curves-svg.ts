import { decadeTicks, linearTicks } from './axis-ticks.js';
import type { LearningCurve } from './learning-curves.js';

/**
 * The log axis's floor: bit errors below it (a run that got every held-out bit right scores 0,
 * which has no logarithm) are drawn at it.
 */
export const BIT_ERROR_FLOOR = 0.01;

/** What {@link learningCurvesSvg} draws. */
export interface LearningCurvesChart {
  readonly title: string;
  /** The x axis's label, with its unit: `Sequences seen (thousands)`. */
  readonly xLabel: string;
  readonly curves: readonly LearningCurve[];
  /** Drawn as a dashed line: where a run counts as converged. */
  readonly targetBitErrors: number;
}

const WIDTH = 900;
const HEIGHT = 500;
// The plot's box; the legend sits to its right.
const LEFT = 72;
const RIGHT = 690;
const TOP = 52;
const BOTTOM = 440;
const LEGEND_X = 712;

/**
 * Before in blues and blue-greys, after in oranges: each side reads as one family, and
 * neighbouring seeds differ in lightness so that crossing lines stay apart.
 */
const PALETTES = {
  before: ['#08306b', '#4292e0', '#8fb8de', '#5b6b82', '#1f6fb4', '#a3adb8'],
  after: ['#a63603', '#f28e2b', '#fdb863', '#c45a1a', '#e8742a', '#d8a47f'],
} as const;
/** The target line: dark grey, so that it belongs to neither side. */
const TARGET_COLOUR = '#333333';

/**
 * Draws learning curves as a self-contained SVG (no scripts, fonts or images from elsewhere),
 * 900 × 500: one polyline per run, held-out bit errors per sequence on a log axis (values below
 * {@link BIT_ERROR_FLOOR} drawn at it), the target as a dashed line, a legend naming every line.
 *
 * @example
 * ```ts
 * const svg = learningCurvesSvg({
 *   title: 'Copy task: held-out bit errors per sequence',
 *   xLabel: 'Sequences seen (thousands)',
 *   curves: learningCurves([before, after], 'sequences'),
 *   targetBitErrors: 0.1,
 * });
 * writeFileSync('learning-curves.svg', svg);
 * ```
 */
export function learningCurvesSvg(chart: LearningCurvesChart): string {
  const { curves, targetBitErrors } = chart;
  const xs = curves.flatMap((curve) => curve.points.map((point) => point.x));
  const ys = curves.flatMap((curve) => curve.points.map((point) => point.y));
  const xTicks = linearTicks(Math.max(0, ...xs));
  const yTicks = decadeTicks(BIT_ERROR_FLOOR, Math.max(targetBitErrors, ...ys));
  const xMaximum = xTicks.at(-1) as number;
  const [logLow, logHigh] = [Math.log10(yTicks[0] as number), Math.log10(yTicks.at(-1) as number)];
  const xAt = (x: number) => LEFT + (x / xMaximum) * (RIGHT - LEFT);
  const yAt = (y: number) => BOTTOM - ((Math.log10(Math.max(BIT_ERROR_FLOOR, y)) - logLow) / (logHigh - logLow)) * (BOTTOM - TOP);
  const colourOf = colours(curves);

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<title>${escapeXml(chart.title)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${LEFT}" y="24" font-size="16" font-weight="bold" fill="#222">${escapeXml(chart.title)}</text>`,
  ];

  // Grid and ticks.
  for (const tick of xTicks) {
    const x = number(xAt(tick));
    parts.push(
      `<line x1="${x}" y1="${TOP}" x2="${x}" y2="${BOTTOM}" stroke="#e6e6e6"/>`,
      `<text x="${x}" y="${BOTTOM + 18}" text-anchor="middle" fill="#333">${tickLabel(tick)}</text>`,
    );
  }
  for (const tick of yTicks) {
    const y = number(yAt(tick));
    parts.push(
      `<line x1="${LEFT}" y1="${y}" x2="${RIGHT}" y2="${y}" stroke="#e6e6e6"/>`,
      `<text x="${LEFT - 8}" y="${y}" text-anchor="end" dominant-baseline="middle" fill="#333">${tickLabel(tick)}</text>`,
    );
  }
  parts.push(
    `<rect x="${LEFT}" y="${TOP}" width="${RIGHT - LEFT}" height="${BOTTOM - TOP}" fill="none" stroke="#555"/>`,
    `<text x="${(LEFT + RIGHT) / 2}" y="${BOTTOM + 42}" text-anchor="middle" fill="#222">${escapeXml(chart.xLabel)}</text>`,
    `<text transform="translate(20 ${(TOP + BOTTOM) / 2}) rotate(-90)" text-anchor="middle" fill="#222">Held-out bit errors per sequence (log scale)</text>`,
  );

  // The target, under the curves so that they stay visible where they cross it.
  const targetY = number(yAt(targetBitErrors));
  parts.push(
    `<line class="target" x1="${LEFT}" y1="${targetY}" x2="${RIGHT}" y2="${targetY}" stroke="${TARGET_COLOUR}" stroke-width="1.5" stroke-dasharray="7 5"/>`,
    // At the left, where the curves are still high.
    `<text x="${LEFT + 6}" y="${number(yAt(targetBitErrors) - 6)}" fill="${TARGET_COLOUR}">target ${tickLabel(targetBitErrors)}</text>`,
  );

  for (const curve of curves) {
    const { stroke, dash } = colourOf(curve);
    const points = curve.points.map((point) => `${number(xAt(point.x))},${number(yAt(point.y))}`).join(' ');
    parts.push(
      `<polyline points="${points}" fill="none" stroke="${stroke}" stroke-width="1.8" stroke-linejoin="round"${dash}><title>${escapeXml(curve.label)}</title></polyline>`,
    );
    const last = curve.points.at(-1);
    if (curve.converged && last) parts.push(`<circle cx="${number(xAt(last.x))}" cy="${number(yAt(last.y))}" r="3.5" fill="${stroke}"/>`);
  }

  // Legend: one entry per curve, then the target and the converged marker.
  const entries = curves.length + 2;
  const spacing = Math.min(20, (BOTTOM - TOP - 10) / entries);
  const legendY = (index: number) => number(TOP + 10 + index * spacing);
  curves.forEach((curve, index) => {
    const { stroke, dash } = colourOf(curve);
    const y = legendY(index);
    parts.push(
      `<line x1="${LEGEND_X}" y1="${y}" x2="${LEGEND_X + 26}" y2="${y}" stroke="${stroke}" stroke-width="2.5"${dash}/>`,
      `<text class="legend" x="${LEGEND_X + 34}" y="${y}" dominant-baseline="middle" fill="#222">${escapeXml(curve.label)}</text>`,
    );
  });
  const targetLegendY = legendY(curves.length);
  const markerLegendY = legendY(curves.length + 1);
  parts.push(
    `<line x1="${LEGEND_X}" y1="${targetLegendY}" x2="${LEGEND_X + 26}" y2="${targetLegendY}" stroke="${TARGET_COLOUR}" stroke-width="1.5" stroke-dasharray="7 5"/>`,
    `<text x="${LEGEND_X + 34}" y="${targetLegendY}" dominant-baseline="middle" fill="#222">target: ${tickLabel(targetBitErrors)} bit errors</text>`,
    `<circle cx="${LEGEND_X + 13}" cy="${markerLegendY}" r="3.5" fill="#555"/>`,
    `<text x="${LEGEND_X + 34}" y="${markerLegendY}" dominant-baseline="middle" fill="#222">converged (run ended)</text>`,
    '</svg>',
  );
  return `${parts.join('\n')}\n`;
}

/** Each side's runs take its palette's colours in turn; past the palette's end, dashed. */
function colours(curves: readonly LearningCurve[]): (curve: LearningCurve) => { stroke: string; dash: string } {
  const assigned = new Map<LearningCurve, { stroke: string; dash: string }>();
  const used = { before: 0, after: 0 };
  for (const curve of curves) {
    const palette = PALETTES[curve.side];
    const index = used[curve.side];
    used[curve.side] += 1;
    assigned.set(curve, {
      stroke: palette[index % palette.length] as string,
      dash: index >= palette.length ? ' stroke-dasharray="2 3"' : '',
    });
  }
  return (curve) => assigned.get(curve) ?? { stroke: '#555', dash: '' };
}

/** A coordinate with one decimal: enough at 900 pixels, and short. */
function number(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function tickLabel(value: number): string {
  return value >= 1000 ? value.toLocaleString('en-US') : String(value);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
