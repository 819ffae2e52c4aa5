import type { NtmBackend } from '@ntm/backend';
import { createTfjsBackend } from '@ntm/backend-tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Trainer, type StepReport } from './index.js';
import { tinyCopy } from './node/__fixtures__/tiny-copy.js';

/**
 * A trainer whose steps do nothing and whose evaluations return the scripted bit errors in
 * turn (one evaluation a step), so the stop rule alone decides when it stops.
 */
function scriptedTrainer(trainer: Trainer, bitErrors: readonly number[]): Trainer {
  trainer.trainStepAsync = async (): Promise<StepReport> => {
    trainer.step++;
    return {
      step: trainer.step,
      sequencesSeen: 0,
      cost: 1,
      bitErrors: 1,
      gradientNorm: 1,
      skipped: false,
      rolledBack: false,
      curriculumLevel: null,
      seconds: 0.001,
    };
  };
  trainer.evaluate = () => {
    const result = { cost: 1, bitErrors: bitErrors[trainer.step - 1] ?? 99, sequences: 16 };
    trainer.lastEvaluation = result;
    return result;
  };
  return trainer;
}

const config = { ...tinyCopy, evaluation: { every: 1, sequences: 16 }, stopAtBitErrors: 0.1, maxSteps: 20 };
// Below, above (a collapse resets the count), then below three times in a row.
const script = [0.05, 0.2, 0.05, 0.05, 0.05, 0.05];

describe('the stop rule', () => {
  let backend: NtmBackend;
  beforeAll(async () => {
    backend = await createTfjsBackend('wasm');
  });

  it('stops at the first evaluation below the criterion by default', async () => {
    const trainer = scriptedTrainer(Trainer.create(backend, config), script);
    expect(trainer.config.stopAfterEvaluations).toBe(1);
    expect(await trainer.run()).toBe('converged');
    expect(trainer.step).toBe(1);
    trainer.dispose();
  });

  it('with stopAfterEvaluations, stops only once that many evaluations in a row are below it', async () => {
    const trainer = scriptedTrainer(Trainer.create(backend, { ...config, stopAfterEvaluations: 3 }), script);
    expect(await trainer.run()).toBe('converged');
    expect(trainer.step).toBe(5);
    expect(trainer.evaluationsBelowCriterion).toBe(3);
    trainer.dispose();
  });

  it('keeps the count across a checkpoint, so a resumed run stops where a straight one does', async () => {
    const first = scriptedTrainer(Trainer.create(backend, { ...config, stopAfterEvaluations: 3, maxSteps: 4 }), script);
    expect(await first.run()).toBe('max-steps');
    expect(first.evaluationsBelowCriterion).toBe(2);
    const checkpoint = first.checkpoint();
    first.dispose();
    const resumedContents = {
      ...checkpoint,
      metadata: { ...checkpoint.metadata, trainer: { ...(checkpoint.metadata['trainer'] as object), config: { ...first.config, maxSteps: 20 } } },
    };
    const resumed = scriptedTrainer(Trainer.resume(backend, resumedContents), script);
    expect(resumed.evaluationsBelowCriterion).toBe(2);
    expect(await resumed.run()).toBe('converged');
    expect(resumed.step).toBe(5);
    resumed.dispose();
  });

  it('refuses a count that is not a positive integer, naming the field', () => {
    expect(() => Trainer.create(backend, { ...config, stopAfterEvaluations: 0 })).toThrow(/stopAfterEvaluations must be a positive integer, got 0/);
  });
});
