import { createTfjsBackend } from '@ntm/backend-tfjs';
import { describe, expect, it } from 'vitest';
import { Trainer, type StepReport } from './index.js';
import { tinyCopy } from './node/__fixtures__/tiny-copy.js';

describe('the time budget', () => {
  it('is met to within a step: a step predicted to end past it is not started', async () => {
    const backend = await createTfjsBackend('wasm');
    const trainer = Trainer.create(backend, { ...tinyCopy, timeBudgetSeconds: 0.75 });
    // Steps of 0.3 s: two fit in 0.75 s, and a third would end at 0.9 s (margins of 0.15 s for a busy machine).
    let steps = 0;
    trainer.trainStepAsync = async (): Promise<StepReport> => {
      const started = performance.now();
      while (performance.now() - started < 300) {
        // a long step, busy as a kernel call is
      }
      steps++;
      trainer.step++;
      return { step: trainer.step, sequencesSeen: 0, cost: 1, bitErrors: 1, gradientNorm: 1, skipped: false, rolledBack: false, curriculumLevel: null, seconds: 0.3 };
    };
    expect(await trainer.run()).toBe('time-budget');
    expect(steps).toBe(2);
    expect(trainer.wallSeconds).toBeLessThan(0.75);
    trainer.dispose();
  }, 60_000);
});
