import { describe, expect, it } from 'vitest';
import { DEFAULT_SPEED_PLAN } from './speed-plan.js';
import { minimumStepsOf, predictStepSeconds } from './step-prediction.js';

describe('predictStepSeconds', () => {
  it('has nothing to go on without a measurement, so predicts 0 (measure it)', () => {
    expect(predictStepSeconds([], 8)).toBe(0);
  });

  it('takes one measured point as a lower bound: a bigger batch is never cheaper', () => {
    expect(predictStepSeconds([{ batchSize: 1, seconds: 0.3 }], 8)).toBe(0.3);
  });

  it('extends the line through the two largest batches: fixed cost plus a cost per sequence', () => {
    const measured = [
      { batchSize: 8, seconds: 0.44 },
      { batchSize: 1, seconds: 0.3 },
      { batchSize: 32, seconds: 0.92 },
    ];
    // Through (8, 0.44) and (32, 0.92): 0.02 s per sequence, so 128 → 0.92 + 96 · 0.02.
    expect(predictStepSeconds(measured, 128)).toBeCloseTo(2.84, 10);
  });

  it('never predicts less than the largest measured batch took, even if timings were noisy', () => {
    expect(
      predictStepSeconds(
        [
          { batchSize: 1, seconds: 0.5 },
          { batchSize: 8, seconds: 0.4 },
        ],
        32,
      ),
    ).toBe(0.4);
  });
});

describe('minimumStepsOf', () => {
  it('counts warm-up, the profiled step, one timed step and the forward passes at 0.4 of a step', () => {
    expect(minimumStepsOf({ ...DEFAULT_SPEED_PLAN, warmupSteps: 1, forwardRepetitions: 3 })).toBeCloseTo(1 + 2 + 1.2, 10);
  });
});
