import type { NtmBackend } from '@ntm/backend';
import { createTfjsBackend } from '@ntm/backend-tfjs';
import { decodeCheckpoint, encodeCheckpoint } from '@ntm/machine';
import { Random } from '@ntm/random';
import { createTask } from '@ntm/tasks';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_CONSECUTIVE_BAD_STEPS, Trainer, type TrainingConfig, type TrainingEvent } from './index.js';
import { tinyCopy } from './node/__fixtures__/tiny-copy.js';

function allWeightsFinite(trainer: Trainer): boolean {
  return trainer.model.parameters.list().every(({ variable }) => Array.from(trainer.backend.readSync(variable)).every((value) => Number.isFinite(value)));
}

function withLearningRate(learningRate: number): TrainingConfig {
  return { ...tinyCopy, optimizer: { kind: 'adam', learningRate }, maxSteps: 200, evaluation: { every: 50, sequences: 16 } };
}

/** Runs to the end, checking after every event that the weights are finite. */
async function runChecked(trainer: Trainer): Promise<{ reason: string; events: TrainingEvent[]; finiteThroughout: boolean }> {
  const events: TrainingEvent[] = [];
  let finiteThroughout = true;
  const reason = await trainer.run({
    onEvent: (event) => {
      events.push(event);
      if (!allWeightsFinite(trainer)) finiteThroughout = false;
    },
  });
  return { reason, events, finiteThroughout };
}

describe('the NaN/Inf policy on tfjs-wasm', () => {
  let backend: NtmBackend;
  beforeAll(async () => {
    backend = await createTfjsBackend('wasm');
  });

  for (const learningRate of [1e38, 1e30]) {
    it(`a run at learning rate ${learningRate} stops as diverged after ${MAX_CONSECUTIVE_BAD_STEPS} bad steps in a row, its weights finite throughout`, async () => {
      const trainer = Trainer.create(backend, withLearningRate(learningRate));
      const { reason, events, finiteThroughout } = await runChecked(trainer);
      expect(reason).toBe('diverged');
      expect(finiteThroughout).toBe(true);
      expect(trainer.consecutiveBadSteps).toBe(MAX_CONSECUTIVE_BAD_STEPS);
      // Bounded: never more bad steps than the limit allows between good ones.
      const nanEvents = events.filter((event) => event.kind === 'nan');
      expect(nanEvents.length).toBeLessThanOrEqual(trainer.step * MAX_CONSECUTIVE_BAD_STEPS + MAX_CONSECUTIVE_BAD_STEPS);
      expect(trainer.step).toBeLessThan(200);
      // What it holds now can be saved and loaded: no non-finite value reached the state.
      expect(() => decodeCheckpoint(encodeCheckpoint(trainer.checkpoint()))).not.toThrow();
      trainer.dispose();
    }, 120_000);
  }

  it('an update that overflows is undone at once: the step does not advance and the weights are the last good ones', () => {
    const trainer = Trainer.create(backend, withLearningRate(1e38));
    const before = trainer.model.parameters.list().map(({ variable }) => Float32Array.from(backend.readSync(variable)));
    const report = trainer.trainStep();
    expect(report).toMatchObject({ step: 0, skipped: true, rolledBack: true });
    expect(trainer.nanEvents).toBe(1);
    trainer.model.parameters.list().forEach(({ variable }, index) => expect(Float32Array.from(backend.readSync(variable))).toEqual(before[index]));
    expect(trainer.optimizer.getState().slots.every((slot) => slot.values.every(Number.isFinite))).toBe(true);
    trainer.dispose();
  }, 120_000);

  it('isolated bad batches do not stop a run: the count of bad steps in a row starts again after a good one', async () => {
    const trainer = Trainer.create(backend, { ...tinyCopy, maxSteps: 3 });
    const bad = createTask('copy', { bits: 4, minLength: 1, maxLength: 3 }).sample(new Random(5), 16);
    bad.inputs[0] = Number.NaN;
    for (let i = 0; i < MAX_CONSECUTIVE_BAD_STEPS - 1; i++) expect(trainer.trainOnBatch(bad).skipped).toBe(true);
    expect(trainer.consecutiveBadSteps).toBe(MAX_CONSECUTIVE_BAD_STEPS - 1);
    expect(trainer.trainStep().skipped).toBe(false);
    expect(trainer.consecutiveBadSteps).toBe(0);
    expect(await trainer.run()).toBe('max-steps');
    trainer.dispose();
  }, 120_000);
});
