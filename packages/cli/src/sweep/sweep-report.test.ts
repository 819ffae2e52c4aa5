import { describe, expect, it } from 'vitest';
import type { RunOutcome } from './run-outcome.js';
import { medianCurve, quantile, spreadOf, summariseSweep, sweepReportMarkdown } from './sweep-report.js';
import { parseSweepSpec } from './sweep-spec.js';
import { expandSweep } from './sweep-runs.js';

const spec = parseSweepSpec('name: s\ngrid: { task: copy, seed: { from: 1, to: 4 }, batchSize: [8, 32] }\nbudget: { time: 10m, stopAt: 0.1 }', 's.yaml');
const runs = expandSweep(spec);

function outcome(id: string, converged: boolean, sequences: number, seconds: number, curve: [number, number][]): RunOutcome {
  const run = runs.find((candidate) => candidate.id === id);
  if (!run) throw new Error(id);
  return {
    format: 'ntm-sweep-run',
    formatVersion: 1,
    id,
    configuration: run.configuration,
    settings: run.settings,
    stopReason: converged ? 'converged' : 'time-budget',
    converged,
    steps: sequences / 8,
    sequencesSeen: sequences,
    trainingSeconds: seconds,
    nanEvents: converged ? 0 : 2,
    finalCost: curve.at(-1)?.[1] ?? null,
    finalBitErrors: curve.at(-1)?.[1] ?? null,
    resumes: 0,
    evaluations: curve.map(([sequencesSeen, bitErrors], index) => ({ step: index, sequencesSeen, wallSeconds: index, cost: bitErrors, bitErrors })),
    test: null,
  };
}

describe('the statistics over seeds', () => {
  it("interpolates quantiles between order statistics (numpy's default)", () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([7], 0.75)).toBe(7);
    expect(spreadOf([4, 1, 3, 2])).toEqual({ count: 4, minimum: 1, lowerQuartile: 1.75, median: 2.5, upperQuartile: 3.25, maximum: 4 });
    expect(spreadOf([Number.NaN])).toBeNull();
  });

  it('summarises each configuration: converged share, time to criterion over converged runs, final figures over all', () => {
    const outcomes = new Map(
      [
        outcome('copy-ntm-lstm-adam-b8-s1', true, 8000, 60, [
          [4000, 10],
          [8000, 0.05],
        ]),
        outcome('copy-ntm-lstm-adam-b8-s2', true, 16000, 120, [
          [8000, 5],
          [16000, 0],
        ]),
        outcome('copy-ntm-lstm-adam-b8-s3', false, 40000, 600, [
          [20000, 3],
          [40000, 1],
        ]),
        outcome('copy-ntm-lstm-adam-b32-s1', true, 32000, 90, [[32000, 0.01]]),
      ].map((item) => [item.id, item]),
    );
    const [small, large] = summariseSweep(runs, outcomes);
    expect(small).toMatchObject({ configuration: 'copy-ntm-lstm-adam-b8', seeds: [1, 2, 3, 4], finished: 3, converged: 2, nanEvents: 2 });
    expect(small?.sequencesToCriterion).toMatchObject({ count: 2, median: 12000, minimum: 8000, maximum: 16000 });
    expect(small?.minutesToCriterion?.median).toBe(1.5);
    expect(small?.finalBitErrors?.median).toBe(0.05);
    expect(large).toMatchObject({ configuration: 'copy-ntm-lstm-adam-b32', finished: 1, converged: 1 });
    const markdown = sweepReportMarkdown(
      spec,
      [small, large].filter((item) => item !== undefined),
      { picture: 'curves.png' },
    );
    expect(markdown).toContain('Stop criterion: validation bit errors per sequence < 0.1, 3 evaluations in a row; budget per run: 10.0 min of training.');
    expect(markdown).toContain(
      '| copy-ntm-lstm-adam-b8 | 4 (1 unfinished) | 2/3 | 12,000 (10,000–14,000) [8,000–16,000] | 1.50 (1.25–1.75) [1.00–2.00] | 0.05 | 0.05 | 2 | 0 |',
    );
    expect(markdown).toContain('| copy-ntm-lstm-adam-b32 | 4 (3 unfinished) | 1/1 | 32,000 | 1.50 | 0.01 | 0.01 | 0 | 0 |');
    expect(markdown).toContain('![Held-out bit errors per sequence: median and quartile band over seeds](curves.png)');
  });

  it("adds the test set's figures when the sweep has one: bit errors, how many stay below the criterion, the generalisation table", () => {
    const tested = parseSweepSpec(
      'name: s\ngrid: { task: copy, seed: [1, 2, 3], batchSize: 8 }\nbudget: { stopAt: 0.1 }\ntest: { sequences: 1000, seed: 4242, lengths: [120] }',
      's.yaml',
    );
    const withTest = (item: RunOutcome, bitErrors: number, at120: number): RunOutcome => ({
      ...item,
      test: {
        sequences: 1000,
        seed: 4242,
        cost: bitErrors * 2,
        bitErrors,
        optimalCost: null,
        meetsCriteria: bitErrors < 0.1,
        generalisation: [{ size: 120, cost: at120 * 2, bitErrors: at120 }],
      },
    });
    const outcomes = new Map(
      [
        withTest(outcome('copy-ntm-lstm-adam-b8-s1', true, 8000, 60, [[8000, 0.05]]), 0.04, 10),
        withTest(outcome('copy-ntm-lstm-adam-b8-s2', true, 8000, 60, [[8000, 0.05]]), 0.3, 20),
        withTest(outcome('copy-ntm-lstm-adam-b8-s3', true, 8000, 60, [[8000, 0.05]]), 0.5, 30),
      ].map((item) => [item.id, item]),
    );
    const [summary] = summariseSweep(expandSweep(tested), outcomes);
    expect(summary).toMatchObject({ testBelowCriterion: 1, testBitErrors: { median: 0.3, minimum: 0.04, maximum: 0.5 } });
    expect(summary?.testGeneralisation).toEqual([
      { size: 120, bitErrors: { count: 3, minimum: 10, lowerQuartile: 15, median: 20, upperQuartile: 25, maximum: 30 } },
    ]);
    const markdown = sweepReportMarkdown(tested, summary ? [summary] : []);
    expect(markdown).toContain('| test bit errors (1000 sequences, seed 4242) | meets the criterion on the test set | test bit errors at 120 |');
    expect(markdown).toContain('| 0 | 0 | 0.3 (0.17–0.4) [0.04–0.5] | 1/3 | 20 (15–25) [10–30] |');
  });

  it('draws the median curve over seeds, a stopped run keeping its last value', () => {
    const curve = medianCurve([
      outcome('copy-ntm-lstm-adam-b8-s1', true, 2000, 1, [
        [1000, 10],
        [2000, 0],
      ]),
      outcome('copy-ntm-lstm-adam-b8-s2', false, 3000, 1, [
        [1000, 20],
        [2000, 12],
        [3000, 8],
      ]),
    ]);
    expect(curve).toEqual([
      { sequences: 1000, lower: 12.5, median: 15, upper: 17.5 },
      { sequences: 2000, lower: 3, median: 6, upper: 9 },
      { sequences: 3000, lower: 2, median: 4, upper: 6 },
    ]);
  });

  it('leaves a run marked endsAtLastEvaluation out after its last evaluation, instead of holding it', () => {
    const stoppedShort = outcome('copy-ntm-lstm-adam-b8-s3', false, 1000, 1, [[1000, 30]]);
    const trainedOn = outcome('copy-ntm-lstm-adam-b8-s4', true, 3000, 1, [
      [1000, 20],
      [3000, 4],
    ]);
    expect(medianCurve([{ ...stoppedShort, endsAtLastEvaluation: true }, trainedOn])).toEqual([
      { sequences: 1000, lower: 22.5, median: 25, upper: 27.5 },
      { sequences: 3000, lower: 4, median: 4, upper: 4 },
    ]);
    // The same runs with the default: the short run held at 30 to the end.
    expect(medianCurve([stoppedShort, trainedOn])[1]).toEqual({ sequences: 3000, lower: 10.5, median: 17, upper: 23.5 });
  });
});
