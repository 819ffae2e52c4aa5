import { curveFigure } from './curve-figure.js';
import { COLOURS, type Figure } from './figure.js';

/** One configuration's curve over seeds: the median and the quartiles at each number of sequences seen. */
export interface BandedCurve {
  readonly label: string;
  readonly points: readonly { readonly sequences: number; readonly lower: number; readonly median: number; readonly upper: number }[];
}

/**
 * A sweep's learning curves as the paper plots its Figures 3, 4 and 7: a held-out figure (bit
 * errors per sequence unless `yLabel` says otherwise) against thousands of sequences seen, one
 * line per configuration (the median over seeds) over a pale band from the lower to the upper
 * quartile, and the stop criterion dashed.
 *
 * @example
 * ```ts
 * writePicture('curves.png', sweepCurvesFigure([{ label: 'adam 1e-3 (10 seeds)', points: medianCurve(outcomes) }], { title: 'copy', criterion: 0.1 }));
 * ```
 */
export function sweepCurvesFigure(
  curves: readonly BandedCurve[],
  options: { readonly title: string; readonly subtitle?: string; readonly yLabel?: string; readonly criterion: number | null; readonly logScale?: boolean },
): Figure {
  return curveFigure({
    title: options.title,
    ...(options.subtitle ? { subtitle: options.subtitle } : {}),
    xLabel: 'sequences seen (thousands)',
    logScale: options.logScale ?? false,
    panels: [
      {
        yLabel: options.yLabel ?? 'held-out bit errors per sequence',
        series: curves.map((curve, index) => ({
          label: curve.label,
          colour: COLOURS.series[index % COLOURS.series.length] as (typeof COLOURS.series)[number],
          points: curve.points.map((point) => [point.sequences / 1000, point.median] as const),
          band: curve.points.map((point) => [point.sequences / 1000, point.lower, point.upper] as const),
        })),
        ...(options.criterion === null ? {} : { guide: { value: options.criterion, label: `stop criterion ${options.criterion}` } }),
      },
    ],
  });
}
