import { createBackend } from '@ntm/backend';
import { registerTfjsBackends } from '@ntm/backend-tfjs';
import { createModel } from '@ntm/machine';
import { Random } from '@ntm/random';
import { createTask, episodeOf, type Batch, type Task } from '@ntm/tasks';
import { describe, expect, it } from 'vitest';
import { evaluateModel, heldOutBatches } from './evaluation.js';

/** The held-out set as drawn, before grouping: batches of `batchSize` in drawing order. */
function drawnInOrder(task: Task, sequences: number, seed: number, batchSize: number): Batch[] {
  const random = new Random(seed);
  const batches: Batch[] = [];
  for (let remaining = sequences; remaining > 0; remaining -= batchSize) batches.push(task.sample(random, Math.min(batchSize, remaining)));
  return batches;
}

/** Every episode of some batches as text, sorted: the set, whatever the batching. */
function episodeSet(batches: readonly Batch[]): string[] {
  return batches.flatMap((batch) => Array.from(batch.lengths, (_, index) => JSON.stringify(episodeOf(batch, index)))).sort();
}

const paddedSteps = (batches: readonly Batch[]) => batches.reduce((total, batch) => total + batch.shape.steps * batch.shape.batchSize, 0);

describe('heldOutBatches', () => {
  it('groups episodes of different lengths by length: the same set, far less padding', () => {
    const task = createTask('repeat-copy');
    const grouped = heldOutBatches(task, 200, 999, 64);
    const drawn = drawnInOrder(task, 200, 999, 64);
    expect(episodeSet(grouped)).toEqual(episodeSet(drawn));
    expect(grouped.map((batch) => batch.shape.batchSize)).toEqual([64, 64, 64, 8]);
    for (const batch of grouped) expect(batch.shape.steps).toBe(Math.max(...batch.lengths));
    expect(paddedSteps(grouped)).toBeLessThan(paddedSteps(drawn) * 0.6);
  });

  it('leaves episodes of one length as drawn (N-grams keeps its own batch fields)', () => {
    const task = createTask('dynamic-ngrams');
    const grouped = heldOutBatches(task, 100, 7, 64);
    expect(grouped).toEqual(drawnInOrder(task, 100, 7, 64));
    expect(grouped[0]).toHaveProperty('contextBits', 5);
  });

  it('scores a model the same on the grouped set as on the set as drawn', async () => {
    registerTfjsBackends();
    const { backend } = await createBackend('tfjs-wasm');
    const task = createTask('copy', { bits: 4, minLength: 1, maxLength: 12 });
    const model = createModel(
      backend,
      { kind: 'ntm', inputSize: 5, outputSize: 4, memory: { slots: 16, wordSize: 6 }, controller: { kind: 'lstm', layerSizes: [16] } },
      { seed: 2 },
    );
    const grouped = evaluateModel(model, heldOutBatches(task, 150, 5, 64));
    const drawn = evaluateModel(model, drawnInOrder(task, 150, 5, 64));
    expect(grouped.sequences).toBe(150);
    expect(grouped.cost).toBeCloseTo(drawn.cost, 4);
    expect(grouped.bitErrors).toBeCloseTo(drawn.bitErrors, 10);
    model.dispose();
  });
});
