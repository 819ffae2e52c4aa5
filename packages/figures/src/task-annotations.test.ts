import type { EpisodeTrace } from '@ntm/machine';
import { Random } from '@ntm/random';
import { bayesOptimalNgramPredictions, createTask, type DynamicNgramsBatch } from '@ntm/tasks';
import { describe, expect, it } from 'vitest';
import { taskAnnotations } from './task-annotations.js';

/** A trace whose first write head puts all its weight on slot (step mod slots). */
function walkingTrace(steps: number, slots: number): EpisodeTrace {
  return {
    batchSize: 1,
    inputSize: 0,
    outputSize: 0,
    slots,
    wordSize: 2,
    readHeads: 1,
    writeHeads: 1,
    steps: Array.from({ length: steps }, (_, step) => {
      const writeWeighting = new Float32Array(slots);
      writeWeighting[step % slots] = 1;
      return { input: new Float32Array(0), output: new Float32Array(0), writeWeighting };
    }),
  } as unknown as EpisodeTrace;
}

describe('taskAnnotations', () => {
  it('outlines the query, the item after its twin in the list, and the recalled output (recall)', () => {
    // 4 items of 3 vectors: item i at steps 4i..4i+3 (delimiter first), the query at steps 17–19.
    const task = createTask('associative-recall', { minItems: 4, maxItems: 4 });
    const batch = task.sample(new Random(5), 1);
    const marks = taskAnnotations('associative-recall', batch, walkingTrace(batch.shape.steps, 8)).marks ?? [];
    expect(marks.map((mark) => mark.label)).toEqual(['query', 'answer', 'recalled']);
    const [query, answer, recalled] = marks;
    expect(query).toMatchObject({ panel: 'inputs', fromStep: 17, toStep: 19 });
    expect(recalled).toMatchObject({ panel: 'outputs', fromStep: 21, toStep: 23 });
    // The answer item's vectors are the targets.
    const { batchSize, inputSize, outputSize } = batch.shape;
    for (let k = 0; k < 3; k++) {
      const shown = Array.from({ length: 6 }, (_, channel) => batch.inputs[((answer?.fromStep ?? 0) + k) * batchSize * inputSize + channel]);
      const target = Array.from({ length: 6 }, (_, channel) => batch.targets[(21 + k) * batchSize * outputSize + channel]);
      expect(shown).toEqual(target);
    }
  });

  it("adds the Bayes-optimal predictor's P(1) along time (N-grams)", () => {
    const batch = createTask('dynamic-ngrams').sample(new Random(2), 1) as DynamicNgramsBatch;
    const [row] = taskAnnotations('dynamic-ngrams', batch, walkingTrace(batch.shape.steps, 8)).extraRows ?? [];
    expect(row?.label).toBe('Bayes optimum P(1)');
    expect(Array.from(row?.values ?? [])).toEqual(Array.from(bayesOptimalNgramPredictions(batch)));
  });

  it('plots where each shown vector was written against its priority (priority sort)', () => {
    const batch = createTask('priority-sort').sample(new Random(3), 1);
    const annotations = taskAnnotations('priority-sort', batch, walkingTrace(batch.shape.steps, 128));
    expect(annotations.scatter?.points).toHaveLength(20);
    // The walking trace writes vector i to slot i; the x of each point is the vector's priority.
    annotations.scatter?.points.forEach(([priority, slot], step) => {
      expect(slot).toBe(step);
      expect(priority).toBe(batch.inputs[step * 10 + 8]);
    });
    expect(annotations.extraRows?.[0]?.label).toBe('priority');
  });

  it('adds nothing to copy and repeat copy: their pictures are the generic one', () => {
    const batch = createTask('copy').sample(new Random(1), 1);
    expect(taskAnnotations('copy', batch, walkingTrace(batch.shape.steps, 8))).toEqual({});
  });
});
