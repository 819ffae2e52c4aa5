import type { NtmBackend } from '@ntm/backend';
import { createTfjsBackend } from '@ntm/backend-tfjs';
import { decodeCheckpoint, encodeCheckpoint } from '@ntm/machine';
import { Random } from '@ntm/random';
import { createTask } from '@ntm/tasks';
import { beforeAll, describe, expect, it } from 'vitest';
import { Trainer, type TrainingConfig, type TrainingEvent } from './index.js';
import { tinyCopy as sharedTinyCopy } from './node/__fixtures__/tiny-copy.js';

/** A copy task small enough to learn in seconds (the shared fixture), scored on 64 held-out sequences. */
const tinyCopy: TrainingConfig = { ...sharedTinyCopy, evaluation: { every: 25, sequences: 64 } };

function weightsOf(trainer: Trainer): Float32Array[] {
  return trainer.model.parameters.list().map(({ variable }) => Float32Array.from(trainer.backend.readSync(variable)));
}

describe('Trainer on tfjs-wasm', () => {
  let backend: NtmBackend;
  beforeAll(async () => {
    backend = await createTfjsBackend('wasm');
  });

  it('really learns the tiny copy task: held-out bit errors fall to zero', async () => {
    const trainer = Trainer.create(backend, { ...tinyCopy, stopAtBitErrors: 1 / 128, maxSteps: 1500 });
    const evaluations: TrainingEvent[] = [];
    const reason = await trainer.run({ onEvent: (event) => event.kind === 'evaluation' && evaluations.push(event) });
    expect(reason).toBe('converged');
    expect(trainer.lastEvaluation?.bitErrors).toBe(0);
    expect(trainer.nanEvents).toBe(0);
    // It did learn: the first evaluation was far from zero.
    const first = evaluations[0] as Extract<TrainingEvent, { kind: 'evaluation' }>;
    expect(first.bitErrors).toBeGreaterThan(0.5);
    trainer.dispose();
  }, 240_000);

  it('an interrupted and resumed run ends with the same weights as an uninterrupted one', () => {
    const uninterrupted = Trainer.create(backend, tinyCopy);
    for (let i = 0; i < 6; i++) uninterrupted.trainStep();

    const first = Trainer.create(backend, tinyCopy);
    for (let i = 0; i < 3; i++) first.trainStep();
    const bytes = encodeCheckpoint(first.checkpoint()); // what a file on disk would hold
    first.dispose();
    const resumed = Trainer.resume(backend, decodeCheckpoint(bytes));
    expect(resumed.step).toBe(3);
    for (let i = 0; i < 3; i++) resumed.trainStep();

    expect(resumed.step).toBe(6);
    expect(resumed.sequencesSeen).toBe(uninterrupted.sequencesSeen);
    const expected = weightsOf(uninterrupted);
    const actual = weightsOf(resumed);
    expect(actual.length).toBe(expected.length);
    actual.forEach((values, index) => expect(values).toEqual(expected[index]));
    expect(resumed.optimizer.getState().iterations).toBe(6);
    uninterrupted.dispose();
    resumed.dispose();
  }, 120_000);

  it('a NaN in the data never reaches the weights: the step is skipped and counted', () => {
    const trainer = Trainer.create(backend, tinyCopy);
    trainer.trainStep();
    const before = weightsOf(trainer);
    const batch = createTask('copy', { bits: 4, minLength: 1, maxLength: 3 }).sample(new Random(5), 16);
    batch.inputs[0] = Number.NaN; // one poisoned input makes the loss and every gradient NaN
    const report = trainer.trainOnBatch(batch);
    expect(report.skipped).toBe(true);
    expect(report.rolledBack).toBe(false);
    expect(trainer.nanEvents).toBe(1);
    expect(trainer.step).toBe(1);
    weightsOf(trainer).forEach((values, index) => expect(values).toEqual(before[index]));
    // and training goes on
    expect(trainer.trainStep().skipped).toBe(false);
    expect(trainer.step).toBe(2);
    trainer.dispose();
  }, 120_000);

  it('weights gone non-finite are rolled back to the last good state', () => {
    const trainer = Trainer.create(backend, tinyCopy);
    trainer.trainStep();
    trainer.evaluate(); // remembers this state as the last good one
    const good = weightsOf(trainer);
    const { variable } = trainer.model.parameters.trainable()[0] as { variable: import('@ntm/backend').Variable };
    const poisoned = backend.tensor(
      Array.from({ length: variable.shape.reduce((a, b) => a * b, 1) }, () => Number.NaN),
      variable.shape,
    );
    variable.assign(poisoned);
    backend.dispose(poisoned);
    const report = trainer.trainStep();
    expect(report.skipped).toBe(true);
    expect(report.rolledBack).toBe(true);
    weightsOf(trainer).forEach((values, index) => expect(values).toEqual(good[index]));
    expect(trainer.trainStep().skipped).toBe(false);
    trainer.dispose();
  }, 120_000);

  it('reports NaN events through run()', async () => {
    const trainer = Trainer.create(backend, { ...tinyCopy, maxSteps: 2 });
    const { variable } = trainer.model.parameters.trainable()[1] as { variable: import('@ntm/backend').Variable };
    const poisoned = backend.fill(variable.shape, Number.NaN);
    const events: TrainingEvent[] = [];
    let poisonedOnce = false;
    await trainer.run({
      onEvent: (event) => {
        events.push(event);
        if (!poisonedOnce && event.kind === 'step') {
          poisonedOnce = true;
          variable.assign(poisoned);
        }
      },
    });
    backend.dispose(poisoned);
    const nan = events.find((event) => event.kind === 'nan');
    expect(nan).toMatchObject({ kind: 'nan', action: 'rolled-back', nanEvents: 1 });
    expect(trainer.step).toBe(2);
    trainer.dispose();
  }, 120_000);

  it('keeps the tensor count flat over many steps', () => {
    const trainer = Trainer.create(backend, tinyCopy);
    trainer.trainStep(); // the optimiser creates its slots on the first update
    trainer.evaluate();
    const before = backend.numTensors();
    for (let i = 0; i < 30; i++) trainer.trainStep();
    trainer.evaluate();
    expect(backend.numTensors()).toBe(before);
    trainer.dispose();
  }, 120_000);

  it('grows the curriculum level as the errors fall', () => {
    const trainer = Trainer.create(backend, {
      ...tinyCopy,
      taskConfig: { bits: 4, minLength: 1, maxLength: 6 },
      curriculum: { kind: 'length', start: 1, increment: 1, threshold: 100, window: 2 },
    });
    expect(trainer.trainStep().curriculumLevel).toBe(1);
    expect(trainer.trainStep().curriculumLevel).toBe(2); // threshold 100 is always met: grows every 2 steps
    trainer.trainStep();
    expect(trainer.trainStep().curriculumLevel).toBe(3);
    trainer.dispose();
  }, 120_000);

  const combined = (fullRangeShare: number) =>
    Trainer.create(backend, {
      ...tinyCopy,
      taskConfig: { bits: 4, minLength: 1, maxLength: 6 },
      curriculum: { kind: 'length', start: 1, increment: 1, threshold: 100, window: 4, fullRangeShare },
    });
  // Each step's batch length (copy: 2 × the longest episode + 1) and the level it was drawn at.
  const batches = (trainer: Trainer, steps: number) => {
    const seen: { steps: number; level: number }[] = [];
    const original = trainer.trainOnBatch.bind(trainer);
    let level = 1;
    trainer.trainOnBatch = (batch) => {
      seen.push({ steps: batch.shape.steps, level });
      const report = original(batch);
      level = report.curriculumLevel ?? level;
      return report;
    };
    for (let i = 0; i < steps; i++) trainer.trainStep();
    return seen;
  };

  it('a combined curriculum draws some batches from the full range, and only the others count toward the level', () => {
    const trainer = combined(0.5);
    const seen = batches(trainer, 12);
    // Longer than the level allows: drawn from the full range.
    expect(seen.filter(({ steps, level }) => steps > 2 * level + 1).length).toBeGreaterThan(0);
    // Without the share, 12 batches grow the level every 4 (threshold 100 is always met): to 4.
    const reached = seen.at(-1)?.level ?? 0;
    expect(reached).toBeGreaterThan(1);
    expect(reached).toBeLessThan(4);
    trainer.dispose();
  }, 120_000);

  it('a combined curriculum at a share of 0 trains on exactly the batches of the plain length curriculum', () => {
    const plain = Trainer.create(backend, {
      ...tinyCopy,
      taskConfig: { bits: 4, minLength: 1, maxLength: 6 },
      curriculum: { kind: 'length', start: 1, increment: 1, threshold: 100, window: 4 },
    });
    const zero = combined(0);
    expect(batches(zero, 10)).toEqual(batches(plain, 10));
    zero.dispose();
    plain.dispose();
  }, 120_000);

  it('a priority sort curriculum sorts fewer vectors first, asking back the same share of them', () => {
    const trainer = Trainer.create(backend, {
      task: 'priority-sort',
      taskConfig: { bits: 2, inputCount: 10, outputCount: 8 },
      model: { kind: 'ntm', inputSize: 4, outputSize: 2, memory: { slots: 8, wordSize: 4 }, controller: { kind: 'lstm', layerSizes: [8] } },
      batchSize: 2,
      evaluation: { every: 100, sequences: 4 },
      curriculum: { kind: 'length', start: 3, increment: 4, threshold: 1000, window: 1 },
    });
    // Steps of a sort episode: n vectors, the delimiter, then m outputs.
    const steps = batches(trainer, 4).map(({ steps }) => steps);
    // Level 3: the 2 highest of 3 (round(3 × 8 / 10)); level 7: 6 of 7; then the full task, 8 of 10.
    expect(steps).toEqual([3 + 1 + 2, 7 + 1 + 6, 10 + 1 + 8, 10 + 1 + 8]);
    trainer.dispose();
  }, 120_000);
});

describe('training config', () => {
  it('rejects nonsense with the field named', async () => {
    const { resolveTrainingConfig } = await import('./index.js');
    expect(() => resolveTrainingConfig({ task: 'copy', batchSize: 0 })).toThrow('batchSize must be a positive integer, got 0');
    expect(() => resolveTrainingConfig({ task: 'sort' })).toThrow(/task must be one of "copy"/);
    expect(() => resolveTrainingConfig({ task: 'copy', model: { preset: 'gru' } })).toThrow(/model.preset must be one of/);
    expect(() => resolveTrainingConfig({ task: 'copy', bathSize: 3 })).toThrow(/unknown field "bathSize"/);
    expect(() => resolveTrainingConfig({ task: 'repeat-copy', curriculum: { kind: 'length', fullRangeshare: 0.2 } })).toThrow(
      'curriculum has an unknown field "fullRangeshare"; allowed fields: kind, start, increment, threshold, window, fullRangeShare',
    );
    expect(() => resolveTrainingConfig({ task: 'copy', curriculum: { kind: 'none', start: 2 } })).toThrow(
      'curriculum has an unknown field "start"; allowed fields: kind',
    );
    expect(() => resolveTrainingConfig({ task: 'dynamic-ngrams', curriculum: { kind: 'length' } })).toThrow(
      /curriculum.kind "length" needs a task with a length to grow/,
    );
    expect(() => resolveTrainingConfig({ task: 'copy', model: { kind: 'ntm', inputSize: 3, outputSize: 8 } })).toThrow(
      /model has inputSize 3 and outputSize 8, but task copy has 9 inputs and 8 outputs/,
    );
    expect(resolveTrainingConfig({ task: 'copy' }).model).toMatchObject({ kind: 'ntm', inputSize: 9, outputSize: 8 });
  });
});
