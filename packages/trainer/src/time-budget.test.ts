import type { NtmBackend } from '@ntm/backend';
import { createTfjsBackend } from '@ntm/backend-tfjs';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { TIME_BUDGET_TOLERANCE, Trainer, type StepReport } from './index.js';
import { tinyCopy } from './node/__fixtures__/tiny-copy.js';

/**
 * A trainer whose every step takes exactly `seconds` on a fake clock (`performance.now` is faked,
 * so the rule is checked exactly, however loaded the machine running the tests is); counts its steps.
 */
function trainerWithSteps(backend: NtmBackend, seconds: number, timeBudgetSeconds: number): { trainer: Trainer; steps: () => number } {
  // Evaluations are real and would add real time to nothing: keep them out of the way.
  const trainer = Trainer.create(backend, { ...tinyCopy, timeBudgetSeconds, evaluation: { ...tinyCopy.evaluation, every: 1_000_000 } });
  let steps = 0;
  trainer.trainStepAsync = async (): Promise<StepReport> => {
    vi.advanceTimersByTime(seconds * 1000);
    steps++;
    trainer.step++;
    return { step: trainer.step, sequencesSeen: 0, cost: 1, bitErrors: 1, gradientNorm: 1, skipped: false, rolledBack: false, curriculumLevel: null, seconds };
  };
  return { trainer, steps: () => steps };
}

describe('the time budget', () => {
  let backend: NtmBackend;
  beforeAll(async () => {
    backend = await createTfjsBackend('wasm');
  });
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it(`with budgetOverrun, does not start a step predicted to end more than ${TIME_BUDGET_TOLERANCE * 100}% past it (as ntm train asks)`, async () => {
    // Steps of 0.3 s against 0.75 s: a third step would end at 0.9 s, past 0.825 s.
    const { trainer, steps } = trainerWithSteps(backend, 0.3, 0.75);
    expect(await trainer.run({ budgetOverrun: TIME_BUDGET_TOLERANCE })).toBe('time-budget');
    expect(steps()).toBe(2);
    expect(trainer.wallSeconds).toBeCloseTo(0.6, 9);
    trainer.dispose();
  }, 60_000);

  it('with budgetOverrun, lets steps far shorter than the budget use all of it', async () => {
    const { trainer, steps } = trainerWithSteps(backend, 0.02, 0.3);
    expect(await trainer.run({ budgetOverrun: TIME_BUDGET_TOLERANCE })).toBe('time-budget');
    // Steps of 0.02 s: the fifteenth ends at the budget, and the run stops there, not a step early.
    expect(steps()).toBe(15);
    expect(trainer.wallSeconds).toBeCloseTo(0.3, 9);
    trainer.dispose();
  }, 60_000);

  it('without budgetOverrun, starts every step while time remains: the run uses its whole budget', async () => {
    const { trainer, steps } = trainerWithSteps(backend, 0.3, 0.75);
    expect(await trainer.run()).toBe('time-budget');
    expect(steps()).toBe(3);
    expect(trainer.wallSeconds).toBeCloseTo(0.9, 9);
    trainer.dispose();
  }, 60_000);
});
