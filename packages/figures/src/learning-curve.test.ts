import { describe, expect, it } from 'vitest';
import type { PolylineItem, TextItem } from './figure.js';
import { learningCurveFigure } from './learning-curve.js';

const points = [
  { sequencesSeen: 1000, trainingCost: 40, trainingBitErrors: 10, evaluationCost: 38, evaluationBitErrors: 9 },
  { sequencesSeen: 2000, trainingCost: 20, trainingBitErrors: 4, evaluationCost: null, evaluationBitErrors: null },
  { sequencesSeen: 3000, trainingCost: 5, trainingBitErrors: 0.5, evaluationCost: 4, evaluationBitErrors: 0.05 },
];

describe('learningCurveFigure', () => {
  const figure = learningCurveFigure(points, { title: 'copy', stopAtBitErrors: 0.1 });
  const lines = figure.items.filter((item): item is PolylineItem => item.kind === 'polyline' && item.strokeWidth === 2 && item.points.length > 2);
  const texts = figure.items.filter((item): item is TextItem => item.kind === 'text').map((item) => item.text);

  it('draws the unbroken training series as lines: x grows with sequences seen, y drops down the page as the cost falls', () => {
    expect(lines).toHaveLength(2); // the held-out series are broken by the missing point
    const cost = lines[0] as PolylineItem;
    // x grows with sequences seen; y (down the page) grows as the cost falls.
    expect(cost.points[1]?.[0]).toBeGreaterThan(cost.points[0]?.[0] as number);
    expect(cost.points[2]?.[1]).toBeGreaterThan(cost.points[0]?.[1] as number);
  });

  it('labels the axes, the legend and the threshold', () => {
    for (const label of ['copy', 'sequences seen', 'cost (bits per sequence)', 'bit errors per sequence', 'training', 'held-out', 'converged < 0.1', '3K']) {
      expect(texts).toContain(label);
    }
    expect(figure.items.some((item) => item.kind === 'polyline' && item.dashed)).toBe(true);
  });

  it('leaves out values a log axis cannot show', () => {
    const logFigure = learningCurveFigure([...points, { ...points[2], sequencesSeen: 4000, trainingCost: 0, evaluationBitErrors: 0 } as never], {
      title: 'copy',
      logScale: true,
    });
    const logTexts = logFigure.items.filter((item): item is TextItem => item.kind === 'text').map((item) => item.text);
    expect(logTexts).toContain('100');
    expect(logTexts).toContain('0.01');
    for (const item of logFigure.items) if (item.kind === 'polyline') for (const [, y] of item.points) expect(Number.isFinite(y)).toBe(true);
  });

  it("dashes a cost criterion (priority sort's) on the cost panel, left of the bit-error panel", () => {
    const sort = learningCurveFigure(points, { title: 'priority-sort', stopAtCost: 20 });
    const dashed = sort.items.filter((item): item is PolylineItem => item.kind === 'polyline' && item.dashed === true);
    expect(dashed).toHaveLength(1);
    const label = sort.items.find((item): item is TextItem => item.kind === 'text' && item.text === 'converged < 20');
    // The cost panel is the left one: its guide spans x < the second panel's left edge.
    expect(Math.max(...(dashed[0] as PolylineItem).points.map(([x]) => x))).toBeLessThan(sort.width / 2);
    expect(label?.x).toBeLessThan(sort.width / 2);
  });

  it("draws the Bayes optimum beside the held-out cost where the points hold it (N-grams'), and not otherwise", () => {
    const ngrams = learningCurveFigure(
      points.map((point) => ({ ...point, evaluationOptimalCost: point.evaluationCost === null ? null : 3 })),
      { title: 'dynamic-ngrams', stopAtCost: 3.03 },
    );
    const labels = (figure: typeof ngrams) => figure.items.filter((item): item is TextItem => item.kind === 'text').map((item) => item.text);
    expect(labels(ngrams)).toContain('Bayes optimum, held-out');
    expect(labels(ngrams)).toContain('converged < 3.03');
    expect(labels(figure)).not.toContain('Bayes optimum, held-out');
  });
});
