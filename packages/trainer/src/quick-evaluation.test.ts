import { createTfjsBackend } from '@ntm/backend-tfjs';
import { describe, expect, it } from 'vitest';
import { resolveTrainingConfig, Trainer } from './index.js';
import { tinyCopy } from './node/__fixtures__/tiny-copy.js';

describe('quick evaluations', () => {
  it("are copy's default (256 of its 2,048 validation episodes), and only with the default set unless asked for", () => {
    expect(resolveTrainingConfig({ task: 'copy' }).evaluation).toMatchObject({ sequences: 2048, quickSequences: 256 });
    expect(resolveTrainingConfig({ task: 'copy', evaluation: { sequences: 512 } }).evaluation.quickSequences).toBeNull();
    expect(resolveTrainingConfig({ task: 'copy', evaluation: { sequences: 512, quickSequences: 64 } }).evaluation.quickSequences).toBe(64);
    expect(resolveTrainingConfig({ task: 'copy', evaluation: { quickSequences: null } }).evaluation.quickSequences).toBeNull();
    expect(resolveTrainingConfig({ task: 'repeat-copy' }).evaluation.quickSequences).toBeNull();
    expect(() => resolveTrainingConfig({ task: 'copy', evaluation: { sequences: 64, quickSequences: 64 } })).toThrow(
      'evaluation.quickSequences must be fewer than evaluation.sequences (64), got 64',
    );
    expect(() => resolveTrainingConfig({ task: 'copy', evaluation: { quickSequences: 0 } })).toThrow(/evaluation\.quickSequences/);
  });

  it('score a subset while the last result is ten times the criterion away, and judge nothing but the best checkpoint until a full one', async () => {
    const backend = await createTfjsBackend('wasm');
    const config = { ...tinyCopy, stopAtBitErrors: 0.1, evaluation: { every: 100, sequences: 16, quickSequences: 4 } };
    const trainer = Trainer.create(backend, config);
    // No result yet: quick. An untrained model makes far more than 1 bit error per sequence.
    const first = trainer.evaluate();
    expect(first.sequences).toBe(4);
    expect(first.bitErrors).toBeGreaterThan(1);
    // It keeps a best checkpoint (a run stopped now still has one), but never meets the criterion.
    expect([first.best, first.meetsCriteria, trainer.bestEvaluation?.sequences]).toEqual([true, false, 4]);
    // Within ten times the criterion (below 1 bit error): the full set, which judges.
    trainer.lastEvaluation = { cost: 1, bitErrors: 0.5, sequences: 4, optimalCost: null };
    const full = trainer.evaluate();
    expect(full.sequences).toBe(16);
    // The first full result replaces the quick best whatever the figures: the sets differ.
    expect(full.best).toBe(true);
    expect(trainer.bestEvaluation?.sequences).toBe(16);
    // A fixed set: another trainer of the same config scores the same quick numbers.
    const again = Trainer.create(backend, config);
    expect(again.evaluate()).toMatchObject({ sequences: 4, cost: first.cost, bitErrors: first.bitErrors });
    // Without a criterion nothing is "far": every evaluation scores the full set.
    const judgeless = Trainer.create(backend, { ...config, stopAtBitErrors: null });
    expect(judgeless.evaluate().sequences).toBe(16);
    for (const one of [trainer, again, judgeless]) one.dispose();
  });
});
