import { describe, expect, it } from 'vitest';
import { COLOURS, type TextItem } from './figure.js';
import { covers, placeGuideLabel, type Trace } from './guide-label.js';
import { sweepCurvesFigure } from './sweep-curves.js';

const plot = { x: 64, y: 72, width: 460, height: 260 };
const label = { width: 90, height: 12 };
const line = (...points: [number, number][]): Trace => points.map(([x, y]) => [x, y, y] as const);

describe('covers', () => {
  it('sees a segment that crosses a box with no point inside it', () => {
    expect(covers(line([0, 0], [100, 100]), { x: 40, y: 40, width: 20, height: 20 })).toBe(true);
    expect(covers(line([0, 0], [100, 0]), { x: 40, y: 40, width: 20, height: 20 })).toBe(false);
    expect(covers(line([0, 0], [30, 50]), { x: 40, y: 40, width: 20, height: 20 })).toBe(false);
  });

  it('sees a band that holds the box between its edges', () => {
    const band: Trace = [
      [0, 10, 90],
      [100, 10, 90],
    ];
    expect(covers(band, { x: 40, y: 40, width: 20, height: 20 })).toBe(true);
    expect(covers(band, { x: 40, y: 92, width: 20, height: 20 })).toBe(false);
  });

  it('sees a lone point inside the box', () => {
    expect(covers(line([50, 50]), { x: 40, y: 40, width: 20, height: 20 })).toBe(true);
    expect(covers(line([70, 50]), { x: 40, y: 40, width: 20, height: 20 })).toBe(false);
  });
});

describe('placeGuideLabel', () => {
  it('puts the label at the left end above the line when a learning curve has left it', () => {
    expect(placeGuideLabel(plot, 300, label, [line([64, 80], [524, 290])])).toEqual({ x: 68, y: 294.6, anchor: 'start', clear: true });
  });

  it('goes below the line where a curve flattens just above it at the left', () => {
    // Priority sort: the curve falls fast, then runs a few pixels above the criterion for a long way.
    const place = placeGuideLabel(plot, 300, label, [line([64, 80], [120, 288], [524, 297])]);
    expect(place).toMatchObject({ anchor: 'start', clear: true });
    expect(place.y).toBeGreaterThan(300);
  });

  it('goes to the right end when the left is covered and there is no room below', () => {
    // A criterion of 0.1 bit errors on a 0–60 axis sits on the chart's bottom edge.
    const place = placeGuideLabel(plot, 331, label, [line([64, 322], [200, 322], [300, 80], [524, 80])]);
    expect(place).toMatchObject({ x: 520, anchor: 'end', clear: true });
    expect(place.y).toBeLessThan(331);
  });

  it('takes the first spot inside the chart, not clear, when every spot is covered', () => {
    const band: Trace = [
      [64, 72, 332],
      [524, 72, 332],
    ];
    expect(placeGuideLabel(plot, 331, label, [band])).toMatchObject({ x: 68, anchor: 'start', clear: false });
  });
});

describe('the stop criterion on a sweep figure', () => {
  it('is labelled where the band does not run', () => {
    // Median and quartiles as priority sort's seeds draw them: off the plateau fast, then just above 20.
    const points = [0, 50, 100, 200, 400, 800, 1200].map((thousands, index) => {
      const median = [125, 60, 35, 28, 25, 22, 19.5][index] as number;
      return { sequences: thousands * 1000, lower: median - 1, median, upper: median + 1.5 };
    });
    const figure = sweepCurvesFigure([{ label: 'priority-sort (4 runs)', points }], { title: 'priority-sort', yLabel: 'cost', criterion: 20 });
    const text = figure.items.find((item): item is TextItem => item.kind === 'text' && item.text === 'stop criterion 20');
    const dashed = figure.items.find((item) => item.kind === 'polyline' && item.dashed);
    expect(text).toBeDefined();
    expect(dashed?.kind).toBe('polyline');
    // Below the dashed line: above it, the band runs a few pixels over the criterion all the way.
    const lineY = (dashed as { points: readonly (readonly [number, number])[] }).points[0]?.[1] as number;
    expect(text?.y).toBeGreaterThan(lineY);
    expect(figure.items.some((item) => item.kind === 'rectangle' && item.fill === COLOURS.background && item.height === 13)).toBe(false);
  });
});
