import { describe, expect, it } from 'vitest';
import type { RunOutcome } from './run-outcome.js';
import { metricValue, sharedThreshold, sweepMetric } from './sweep-metric.js';
import { medianCurve, summariseSweep, sweepReportMarkdown } from './sweep-report.js';
import { expandSweep } from './sweep-runs.js';
import { parseSweepSpec } from './sweep-spec.js';

const spec = (grid: string, budget = '{ time: 10m }') =>
  parseSweepSpec(`name: s\ngrid: ${grid}\nbudget: ${budget}\ntest: { sequences: 1000, seed: 7171 }`, 's.yaml');

describe("a sweep's metric: the figure its curves and test columns follow", () => {
  it("is the tasks' primary metric when they share one, with the criterion's threshold as its line", () => {
    expect(sweepMetric(spec('{ task: [copy, repeat-copy, associative-recall] }'))).toEqual({ metric: 'bitErrors', criterion: 0.1 });
    expect(sweepMetric(spec('{ task: dynamic-ngrams }'))).toEqual({ metric: 'costOverOptimal', criterion: 1 });
    expect(sweepMetric(spec('{ task: priority-sort }'))).toEqual({ metric: 'cost', criterion: 20 });
    expect(sweepMetric(spec('{ task: priority-sort }', '{ time: 10m, stopAt: 25 }'))).toEqual({ metric: 'cost', criterion: 25 });
    expect(sweepMetric(spec('{ task: copy }', '{ time: 10m, stopAt: none }'))).toEqual({ metric: 'bitErrors', criterion: null });
  });

  it('falls back to bit errors, which every task has, for a grid of tasks judged differently (no line)', () => {
    expect(sweepMetric(spec('{ task: [copy, priority-sort] }'))).toEqual({ metric: 'bitErrors', criterion: null });
  });

  it('reads the excess over the Bayes optimum in percent, and nothing where no optimum was recorded', () => {
    expect(metricValue({ cost: 134.33, bitErrors: 40, optimalCost: 133 }, 'costOverOptimal')).toBeCloseTo(1, 10);
    expect(metricValue({ cost: 134, bitErrors: 40 }, 'costOverOptimal')).toBeNull();
    expect(metricValue({ cost: 134, bitErrors: 40, optimalCost: null }, 'costOverOptimal')).toBeNull();
    expect(metricValue({ cost: 134, bitErrors: 40, optimalCost: 133 }, 'cost')).toBe(134);
    expect(metricValue({ cost: 134, bitErrors: 40, optimalCost: 133 }, 'bitErrors')).toBe(40);
  });
});

describe('an N-grams sweep', () => {
  const ngrams = spec('{ task: dynamic-ngrams, seed: [1, 2] }');
  const runs = expandSweep(ngrams);
  const outcome = (index: number, costs: [number, number, number][], test: [number, number]): RunOutcome => {
    const run = runs[index];
    if (!run) throw new Error(String(index));
    return {
      format: 'ntm-sweep-run',
      formatVersion: 1,
      id: run.id,
      configuration: run.configuration,
      settings: run.settings,
      stopReason: 'time-budget',
      converged: false,
      steps: 100,
      sequencesSeen: costs.at(-1)?.[0] ?? 0,
      trainingSeconds: 600,
      nanEvents: 0,
      finalCost: costs.at(-1)?.[1] ?? null,
      finalBitErrors: 50,
      resumes: 0,
      evaluations: costs.map(([sequencesSeen, cost, optimalCost], step) => ({ step, sequencesSeen, wallSeconds: step, cost, bitErrors: 50, optimalCost })),
      test: { sequences: 1000, seed: 7171, cost: test[0], bitErrors: 50, optimalCost: test[1], meetsCriteria: test[0] <= test[1] * 1.01, generalisation: [] },
    };
  };
  const first = outcome(
    0,
    [
      [1000, 150, 100],
      [2000, 104, 100],
    ],
    [202, 200],
  );
  const second = outcome(
    1,
    [
      [1000, 120, 100],
      [2000, 102, 100],
    ],
    [208, 200],
  );

  it('draws the excess over the optimum per seed, the median between them', () => {
    const curve = medianCurve([first, second], 'costOverOptimal');
    expect(curve.map((point) => point.sequences)).toEqual([1000, 2000]);
    expect(curve[0]?.median).toBeCloseTo(35, 10);
    expect(curve[1]?.median).toBeCloseTo(3, 10);
  });

  it('reports the test cost and its excess over the optimum instead of bit errors', () => {
    const [summary] = summariseSweep(runs, new Map([first, second].map((item) => [item.id, item])));
    expect(summary?.testCost).toMatchObject({ count: 2, median: 205 });
    expect(summary?.testCostOverOptimal?.median).toBeCloseTo(2.5, 10);
    const markdown = sweepReportMarkdown(ngrams, summary ? [summary] : [], { picture: 'curves.png' });
    expect(markdown).toContain(
      '| test cost (1000 sequences, seed 7171) | test cost above the optimum (%) (1000 sequences, seed 7171) | meets the criterion on the test set |',
    );
    expect(markdown).toContain('| 205 (204–207) [202–208] | 2.5 (1.75–3.25) [1–4] | 1/2 |');
    expect(markdown).not.toContain('test bit errors');
    expect(markdown).toContain('![Held-out cost above the Bayes optimum (%): median and quartile band over seeds](curves.png)');
  });
});

describe('sharedThreshold', () => {
  it('gives the threshold every run shares, in the metric units, and null when any differs or has none', () => {
    expect(sharedThreshold([{ stopAtCost: 20 }, { stopAtCost: 20, stopAtBitErrors: 0.1 }], 'cost')).toBe(20);
    expect(sharedThreshold([{ stopAtCostOverOptimal: 0.01 }], 'costOverOptimal')).toBe(1);
    expect(sharedThreshold([{ stopAtCost: 20 }, { stopAtCost: 25 }], 'cost')).toBeNull();
    expect(sharedThreshold([{ stopAtCost: 20 }, null], 'cost')).toBeNull();
    expect(sharedThreshold([{ stopAtCost: 20 }, { stopAtCost: 20 }], 'bitErrors')).toBeNull();
  });
});
