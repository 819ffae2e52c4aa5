import { curveFigure } from './curve-figure.js';
import { COLOURS, type Figure } from './figure.js';

/** The fields of a run log's evaluation records that the learning curve needs. */
export interface CurvePoint {
  readonly sequencesSeen: number;
  readonly trainingCost: number | null;
  readonly trainingBitErrors: number | null;
  readonly evaluationCost: number | null;
  readonly evaluationBitErrors: number | null;
  /** Dynamic N-grams: the Bayes-optimal predictor's cost on the same held-out sequences. */
  readonly evaluationOptimalCost?: number | null;
}

/**
 * The learning curve of a run, as the paper plots it (Figure 3): cost per sequence against
 * sequences seen, training and held-out; beside it, bit errors per sequence. A run's stop
 * criterion is dashed on the panel it is judged on: `stopAtBitErrors` on the bit errors,
 * `stopAtCost` (priority sort's, or N-grams' optimum plus its margin) on the cost. Where the
 * points hold the Bayes-optimal cost (dynamic N-grams), it is drawn beside the held-out cost.
 *
 * @example
 * ```ts
 * const records = readRunLog('runs/copy/log.jsonl').filter((r) => r.kind === 'evaluation');
 * writeFileSync('curve.svg', figureToSvg(learningCurveFigure(records, { title: 'copy' })));
 * ```
 */
export function learningCurveFigure(
  points: readonly CurvePoint[],
  options: {
    readonly title: string;
    readonly subtitle?: string;
    readonly stopAtBitErrors?: number | null;
    readonly stopAtCost?: number | null;
    readonly logScale?: boolean;
  },
): Figure {
  const series = (label: string, field: Exclude<keyof CurvePoint, 'sequencesSeen'>, colour: (typeof COLOURS.series)[number]) => ({
    label,
    colour,
    points: points.map((point) => [point.sequencesSeen, point[field] ?? Number.NaN] as const),
  });
  return curveFigure({
    title: options.title,
    ...(options.subtitle === undefined ? {} : { subtitle: options.subtitle }),
    xLabel: 'sequences seen',
    logScale: options.logScale ?? false,
    panels: [
      {
        yLabel: 'cost (bits per sequence)',
        series: [
          series('training', 'trainingCost', COLOURS.series[0]),
          series('held-out', 'evaluationCost', COLOURS.series[1]),
          ...(points.some((point) => typeof point.evaluationOptimalCost === 'number')
            ? [series('Bayes optimum, held-out', 'evaluationOptimalCost', COLOURS.series[2])]
            : []),
        ],
        ...(options.stopAtCost === null || options.stopAtCost === undefined
          ? {}
          : { guide: { value: options.stopAtCost, label: `converged < ${options.stopAtCost}` } }),
      },
      {
        yLabel: 'bit errors per sequence',
        series: [series('training', 'trainingBitErrors', COLOURS.series[0]), series('held-out', 'evaluationBitErrors', COLOURS.series[1])],
        ...(options.stopAtBitErrors === null || options.stopAtBitErrors === undefined
          ? {}
          : { guide: { value: options.stopAtBitErrors, label: `converged < ${options.stopAtBitErrors}` } }),
      },
    ],
  });
}
