import type { NtmBackend } from '@ntm/backend';
import { createTfjsBackend } from '@ntm/backend-tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { meetsStopCriteria, TASK_TRAINING_DEFAULTS, Trainer, type EvaluationResult, type StepReport, type TrainingEvent } from './index.js';
import { tinyCopy } from './node/__fixtures__/tiny-copy.js';

/**
 * A trainer whose steps do nothing and whose validation scores are scripted, one evaluation a
 * step (bit errors, and a cost 10× the bit errors, so a better model is better on both), so the
 * stop rule alone decides what happens.
 */
function scriptedTrainer(trainer: Trainer, bitErrors: readonly number[]): Trainer {
  trainer.trainStepAsync = async (): Promise<StepReport> => {
    trainer.step++;
    trainer.sequencesSeen += 16;
    return {
      step: trainer.step,
      sequencesSeen: trainer.sequencesSeen,
      cost: 1,
      bitErrors: 1,
      gradientNorm: 1,
      skipped: false,
      rolledBack: false,
      curriculumLevel: null,
      seconds: 0.001,
    };
  };
  trainer.measureValidation = (): EvaluationResult => {
    const errors = bitErrors[trainer.step - 1] ?? 99;
    return { cost: errors * 10, bitErrors: errors, sequences: 16, optimalCost: null };
  };
  return trainer;
}

const config = { ...tinyCopy, evaluation: { every: 1, sequences: 16 }, stopAtBitErrors: 0.1, maxSteps: 20 };
// Below, above (a collapse resets the count), then below three times in a row.
const script = [0.05, 0.2, 0.05, 0.04, 0.03, 0.06];

async function run(trainer: Trainer): Promise<{ reason: string; events: TrainingEvent[] }> {
  const events: TrainingEvent[] = [];
  const reason = await trainer.run({ onEvent: (event) => events.push(event) });
  return { reason, events };
}

describe('the stop rule', () => {
  let backend: NtmBackend;
  beforeAll(async () => {
    backend = await createTfjsBackend('wasm');
  });

  it("asks for the task's number of evaluations in a row by default (3), a collapse starting the count again", async () => {
    const trainer = scriptedTrainer(Trainer.create(backend, config), script);
    expect(trainer.config.stopAfterEvaluations).toBe(TASK_TRAINING_DEFAULTS.copy.stopAfterEvaluations);
    expect(trainer.config.stopAfterEvaluations).toBe(3);
    expect((await run(trainer)).reason).toBe('converged');
    expect(trainer.step).toBe(5);
    expect(trainer.evaluationsBelowCriterion).toBe(3);
    trainer.dispose();
  });

  it('with stopAfterEvaluations 1, stops at the first evaluation that meets the criterion', async () => {
    const trainer = scriptedTrainer(Trainer.create(backend, { ...config, stopAfterEvaluations: 1 }), script);
    expect((await run(trainer)).reason).toBe('converged');
    expect(trainer.step).toBe(1);
    trainer.dispose();
  });

  it('lowers the learning rate once, at the first evaluation that meets the criterion, and says so', async () => {
    const trainer = scriptedTrainer(Trainer.create(backend, { ...config, learningRateFactorAfterCriterion: 0.25 }), script);
    expect(trainer.optimizer.learningRateScale).toBe(1);
    const { events } = await run(trainer);
    expect(trainer.optimizer.learningRateScale).toBe(0.25);
    expect(trainer.criterionReached).toEqual({ step: 1, sequencesSeen: 16 });
    expect(events.filter((event) => event.kind === 'criterion')).toEqual([{ kind: 'criterion', step: 1, sequencesSeen: 16, learningRateScale: 0.25 }]);
    trainer.dispose();
  });

  it('the lowered rate makes smaller updates: the same gradients move the weights by the factor (Adam)', () => {
    const moves = [false, true].map((criterionMet) => {
      const trainer = Trainer.create(backend, { ...config, learningRateFactorAfterCriterion: 0.3 });
      // The rate of every update follows the trainer's state: a criterion met lowers it.
      if (criterionMet) trainer.criterionReached = { step: 0, sequencesSeen: 0 };
      const before = Float32Array.from(backend.readSync(trainer.model.parameters.trainable()[0]?.variable as never));
      trainer.trainStep();
      const after = backend.readSync(trainer.model.parameters.trainable()[0]?.variable as never);
      trainer.dispose();
      return before.map((value, index) => (after[index] as number) - value);
    });
    // Same seed, same batch, same gradients: Adam's first update, lr·m̂/(√v̂ + ε), scales with lr.
    const [full, calm] = moves as [Float32Array, Float32Array];
    for (let index = 0; index < full.length; index += 17) expect(calm[index]).toBeCloseTo((full[index] as number) * 0.3, 6);
  });

  it('keeps the best evaluation and marks it, by bit errors for copy', async () => {
    const trainer = scriptedTrainer(Trainer.create(backend, { ...config, stopAfterEvaluations: 3 }), script);
    const { events } = await run(trainer);
    const marked = events.flatMap((event) => (event.kind === 'evaluation' && event.best ? [event.step] : []));
    expect(marked).toEqual([1, 4, 5]); // 0.05, then 0.04 and 0.03; not the equal 0.05 at step 3
    expect(trainer.bestEvaluation).toMatchObject({ step: 5, bitErrors: 0.03, sequencesSeen: 80 });
    trainer.dispose();
  });

  it('keeps the count, the best and the lowered rate across a checkpoint, so a resumed run goes on as a straight one', async () => {
    const first = scriptedTrainer(Trainer.create(backend, { ...config, maxSteps: 4 }), script);
    expect((await run(first)).reason).toBe('max-steps');
    expect(first.evaluationsBelowCriterion).toBe(2);
    const checkpoint = first.checkpoint();
    first.dispose();
    const resumedContents = {
      ...checkpoint,
      metadata: { ...checkpoint.metadata, trainer: { ...(checkpoint.metadata['trainer'] as object), config: { ...first.config, maxSteps: 20 } } },
    };
    const resumed = scriptedTrainer(Trainer.resume(backend, resumedContents), script);
    expect(resumed.evaluationsBelowCriterion).toBe(2);
    expect(resumed.optimizer.learningRateScale).toBe(resumed.config.learningRateFactorAfterCriterion);
    expect(resumed.criterionReached).toEqual({ step: 1, sequencesSeen: 16 });
    expect(resumed.bestEvaluation).toMatchObject({ step: 4, bitErrors: 0.04 });
    expect((await run(resumed)).reason).toBe('converged');
    expect(resumed.step).toBe(5);
    resumed.dispose();
  });

  it('refuses a count or a factor out of range, naming the field', () => {
    expect(() => Trainer.create(backend, { ...config, stopAfterEvaluations: 0 })).toThrow(/stopAfterEvaluations must be a positive integer, got 0/);
    expect(() => Trainer.create(backend, { ...config, learningRateFactorAfterCriterion: 1.5 })).toThrow(
      /learningRateFactorAfterCriterion must be a number in \(0, 1\], got 1\.5/,
    );
    expect(() => Trainer.create(backend, { ...config, stopAtCostOverOptimal: 0.01 })).toThrow(
      /stopAtCostOverOptimal needs a task with a Bayes-optimal predictor \(dynamic-ngrams\), got task "copy"/,
    );
  });
});

describe('meetsStopCriteria', () => {
  const result = (bitErrors: number, cost: number, optimalCost: number | null = null): EvaluationResult => ({ bitErrors, cost, sequences: 512, optimalCost });
  const none = { stopAtBitErrors: null, stopAtCost: null, stopAtCostOverOptimal: null };

  it('never holds with no criterion set', () => {
    expect(meetsStopCriteria(none, result(0, 0))).toBe(false);
  });

  it('holds when every criterion that is set holds', () => {
    expect(meetsStopCriteria({ ...none, stopAtBitErrors: 0.1 }, result(0.09, 50))).toBe(true);
    expect(meetsStopCriteria({ ...none, stopAtBitErrors: 0.1 }, result(0.1, 0))).toBe(false);
    expect(meetsStopCriteria({ ...none, stopAtCost: 20 }, result(40, 19.9))).toBe(true);
    expect(meetsStopCriteria({ ...none, stopAtBitErrors: 0.1, stopAtCost: 20 }, result(0.05, 21))).toBe(false);
  });

  it('judges the N-gram criterion against the optimum of the same sequences: within 1 % of 133 is below 134.33', () => {
    const ngrams = { ...none, stopAtCostOverOptimal: 0.01 };
    expect(meetsStopCriteria(ngrams, result(60, 134.3, 133))).toBe(true);
    expect(meetsStopCriteria(ngrams, result(60, 134.4, 133))).toBe(false);
    expect(meetsStopCriteria(ngrams, result(60, 1, null))).toBe(false); // no optimum to compare with
    expect(meetsStopCriteria(ngrams, result(60, Number.NaN, 133))).toBe(false);
  });
});
