import { Random } from '@ntm/random';
import { describe, expect, it } from 'vitest';
import { createCopyTask } from './copy.js';
import { bayesOptimalNgramCost, bayesOptimalNgramPredictions } from './bayes-ngram.js';
import { createDynamicNgramsTask, dynamicNgramsBatchFromBits, type DynamicNgramsBatch } from './dynamic-ngrams.js';

/** ln n! by summation (exact enough for the small counts here). */
const logFactorial = (n: number) => Array.from({ length: n }, (_, k) => Math.log(k + 1)).reduce((sum, value) => sum + value, 0);
/** ln Γ(n + ½) = ln((2n)! √π / (4ⁿ n!)). */
const logGammaHalf = (n: number) => logFactorial(2 * n) + 0.5 * Math.log(Math.PI) - n * Math.log(4) - logFactorial(n);

/**
 * An independent form of the same optimum: the Bayes mixture's code length for one context
 * that was followed by n1 ones and n0 zeros is −log₂ [B(n1 + ½, n0 + ½) / B(½, ½)],
 * whatever the order the bits came in.
 */
function closedFormCost(batch: DynamicNgramsBatch, episode: number): number {
  const { batchSize } = batch.shape;
  const counts = new Map<number, [number, number]>();
  let context = 0;
  for (let step = 0; step < (batch.lengths[episode] as number); step++) {
    const row = step * batchSize + episode;
    context = ((context << 1) | (batch.inputs[row] as number)) & (2 ** batch.contextBits - 1);
    if (batch.mask[row] === 0) continue;
    const [zeros, ones] = counts.get(context) ?? [0, 0];
    counts.set(context, batch.targets[row] === 1 ? [zeros, ones + 1] : [zeros + 1, ones]);
  }
  let bits = 0;
  for (const [zeros, ones] of counts.values()) {
    const logBeta = logGammaHalf(ones) + logGammaHalf(zeros) - logFactorial(ones + zeros); // Γ(n+1) = n!
    bits -= (logBeta - Math.log(Math.PI)) / Math.LN2; // B(½, ½) = π
  }
  return bits;
}

describe('Bayes-optimal N-gram predictor', () => {
  it('matches a hand-computed case with one bit of context', () => {
    // c = 1, bits 1 | 1 1 0 1 1: context 1 is followed by 1, 1, 0, (context 0 by 1), then 1.
    const batch = dynamicNgramsBatchFromBits(
      [
        [1, 1, 1, 0, 1, 1],
        [0, 0, 0],
      ],
      1,
    );
    const predictions = bayesOptimalNgramPredictions(batch);
    const episodeZero = [0, 1, 2, 3, 4].map((step) => predictions[step * 2] as number);
    // P(1|1): no counts → ½; one 1 → 1.5/2; two 1s → 2.5/3; P(1|0) fresh → ½; then 2.5/4.
    expect(episodeZero).toEqual([0.5, 0.75, 2.5 / 3, 0.5, 0.625]);
    // Second sequence: context 0 → 0 twice: ½, then 0.5/2 = 0.25; padding stays ½.
    expect([0, 1, 2, 3, 4].map((step) => predictions[step * 2 + 1])).toEqual([0.5, 0.25, 0.5, 0.5, 0.5]);
    const cost = bayesOptimalNgramCost(batch);
    // ½ · ¾ · ⅙ · ⅝ for context 1 and ½ for context 0: 5/256, so 8 − log₂5 bits.
    expect(cost.perSequence[0]).toBeCloseTo(8 - Math.log2(5), 12);
    // ½ · ¾ for the second: log₂(8/3).
    expect(cost.perSequence[1]).toBeCloseTo(Math.log2(8 / 3), 12);
    expect(cost.mean).toBeCloseTo((8 - Math.log2(5) + Math.log2(8 / 3)) / 2, 12);
  });

  it('neither predicts nor counts the unscored warm-up step', () => {
    // c = 2, bits 1 0 | 1 0 1. Step 0 (target 0, partial context "01") is not scored; had it
    // been counted, step 2 (context 01) would predict 0.25 instead of 0.5.
    const batch = dynamicNgramsBatchFromBits([[1, 0, 1, 0, 1]], 2);
    expect(Array.from(bayesOptimalNgramPredictions(batch))).toEqual([0.5, 0.5, 0.5, 0.75]);
    expect(bayesOptimalNgramCost(batch).mean).toBeCloseTo(2 + Math.log2(4 / 3), 12);
  });

  it('equals the closed-form Beta-function code length on sampled sequences', () => {
    const batch = createDynamicNgramsTask({ minLength: 50, maxLength: 200 }).sample(new Random(31), 20);
    const cost = bayesOptimalNgramCost(batch);
    for (let episode = 0; episode < 20; episode++) {
      expect(cost.perSequence[episode]).toBeCloseTo(closedFormCost(batch, episode), 8);
    }
  });

  it('costs ≈ 133 bits per 200-bit sequence, the optimum the paper plots', () => {
    const batch = createDynamicNgramsTask().sample(new Random(32), 1000);
    const { mean } = bayesOptimalNgramCost(batch);
    // Per-sequence standard deviation ≈ 36, so the mean of 1000 has standard error ≈ 1.2.
    expect(mean).toBeGreaterThan(128);
    expect(mean).toBeLessThan(137);
  });

  /** The windowed predictor by brute force: for each scored step, count the scored steps of the last `window` with its context. */
  function windowedByBruteForce(batch: DynamicNgramsBatch, window: number): number[] {
    const { steps, batchSize } = batch.shape;
    const predictions = new Array<number>(steps * batchSize).fill(0.5);
    for (let episode = 0; episode < batchSize; episode++) {
      const contexts: number[] = [];
      let context = 0;
      for (let step = 0; step < (batch.lengths[episode] as number); step++) {
        context = ((context << 1) | (batch.inputs[step * batchSize + episode] as number)) & (2 ** batch.contextBits - 1);
        contexts.push(context);
      }
      for (let step = 0; step < contexts.length; step++) {
        if (batch.mask[step * batchSize + episode] === 0) continue;
        let ones = 0;
        let total = 0;
        for (let earlier = Math.max(0, step - window); earlier < step; earlier++) {
          const row = earlier * batchSize + episode;
          if (batch.mask[row] === 0 || contexts[earlier] !== contexts[step]) continue;
          total++;
          ones += batch.targets[row] as number;
        }
        predictions[step * batchSize + episode] = (ones + 0.5) / (total + 1);
      }
    }
    return predictions;
  }

  it('with a window, counts only the evidence of the last `window` steps', () => {
    const batch = createDynamicNgramsTask({ contextBits: 2, minLength: 30, maxLength: 60 }).sample(new Random(33), 6);
    for (const window of [1, 3, 7]) {
      const windowed = Array.from(bayesOptimalNgramPredictions(batch, { window }));
      windowed.forEach((p, index) => expect(p, `window ${window}, row ${index}`).toBeCloseTo(windowedByBruteForce(batch, window)[index] as number, 12));
    }
    // A window as long as the sequence is the Bayes optimum itself; a short one costs more.
    expect(Array.from(bayesOptimalNgramPredictions(batch, { window: 64 }))).toEqual(Array.from(bayesOptimalNgramPredictions(batch)));
    expect(bayesOptimalNgramCost(batch, { window: 3 }).mean).toBeGreaterThan(bayesOptimalNgramCost(batch).mean);
    expect(() => bayesOptimalNgramPredictions(batch, { window: 0 })).toThrow('options.window must be an integer >= 1 or Infinity, got 0');
    expect(() => bayesOptimalNgramPredictions(batch, { window: 2.5 })).toThrow('got 2.5');
  });

  it('refuses batches of other tasks', () => {
    const copy = createCopyTask().sample(new Random(1), 1);
    expect(() => bayesOptimalNgramCost(copy as never)).toThrow('batch must come from the dynamic-ngrams task');
  });
});
