import type { ConvergePlan } from '../converge/converge-plan.js';
import { describe, expect, it } from 'vitest';
import { syntheticResults, syntheticRun } from './__fixtures__/synthetic-converge.js';
import { planDifferences, poolRuns } from './pool-runs.js';

describe('poolRuns', () => {
  it('pools the runs of several files, by seed, keeping the first of a repeated seed and noting it', () => {
    const first = { path: 'a/converge.json', results: syntheticResults([syntheticRun(3, [30, 0.05]), syntheticRun(1, [30, 2, 0.05])]) };
    const second = { path: 'b/converge.json', results: syntheticResults([syntheticRun(1, [30]), syntheticRun(2, [30, 0.01])]) };
    const pooled = poolRuns('before', [first, second]);
    expect(pooled.runs.map(({ run, fileIndex }) => [run.seed, fileIndex, run.evaluations.length])).toEqual([
      [1, 0, 3],
      [2, 1, 2],
      [3, 0, 2],
    ]);
    expect(pooled.notes).toEqual(['before: seed 1 appears again in b/converge.json; kept the run from a/converge.json.']);
    expect(pooled.files).toEqual([first, second]);
  });
});

describe('planDifferences', () => {
  it('names the settings that change a learning curve when the files differ in them, and nothing else', () => {
    const base = syntheticResults([syntheticRun(1, [0.05])]);
    const before = poolRuns('before', [{ path: 'a.json', results: base }]);
    const sameButLonger = poolRuns('after', [
      { path: 'b.json', results: { ...base, plan: { ...base.plan, budgetSeconds: 3600, evaluationEvery: 25 } as ConvergePlan } },
    ]);
    expect(planDifferences([before, sameButLonger])).toEqual([]);
    const otherBatch = poolRuns('after', [{ path: 'c.json', results: { ...base, plan: { ...base.plan, batchSize: 16, curriculum: 'length' } } }]);
    expect(planDifferences([before, otherBatch])).toEqual([
      'batch size differs: 8 in a.json, 16 in c.json.',
      'curriculum differs: none in a.json, length in c.json.',
    ]);
  });
});
