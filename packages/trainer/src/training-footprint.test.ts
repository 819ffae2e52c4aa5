import { describe, expect, it } from 'vitest';
import { estimateTrainingFootprint, resolveTrainingConfig, type TrainingConfig } from './index.js';
import { tinyCopy } from './node/__fixtures__/tiny-copy.js';

const footprint = (config: TrainingConfig) => estimateTrainingFootprint(resolveTrainingConfig(config));

describe('estimateTrainingFootprint', () => {
  it("counts the parameters exactly and puts the paper's copy run at tens of megabytes", () => {
    const paper = footprint({ task: 'copy' });
    expect(paper.parameters).toBeGreaterThan(50_000);
    expect(paper.totalBytes).toBeGreaterThan(10e6);
    expect(paper.totalBytes).toBeLessThan(500e6);
    expect(paper.totalBytes).toBe(paper.stateBytes + paper.stepBytes + paper.evaluationBytes);
  });

  it('grows with the batch, the memory and the task as a step does', () => {
    const base = footprint(tinyCopy);
    const batch = footprint({ ...tinyCopy, batchSize: 1_000_000_000 });
    expect(batch.stepBytes / base.stepBytes).toBeCloseTo(1_000_000_000 / 16, -3);
    expect(batch.stateBytes).toBe(base.stateBytes);
    expect(
      footprint({ ...tinyCopy, model: { ...(tinyCopy.model as object), memory: { slots: 100_000_000, wordSize: 6 } } as never }).totalBytes,
    ).toBeGreaterThan(1e12);
    const bits = footprint({ ...tinyCopy, taskConfig: { bits: 1_000_000, maxLength: 3 }, model: { preset: 'ntm-lstm' } });
    expect(bits.stateBytes).toBeGreaterThan(4 * 2 ** 30);
    expect(bits.stepFlops).toBeGreaterThan(1e11);
  });
});
