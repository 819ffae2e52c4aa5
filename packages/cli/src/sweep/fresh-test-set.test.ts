import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { checkFreshTestSeed, type FreshTestReport, type FreshTestRun, freshTestFiles, freshTestMarkdown, summariseFreshTest } from './fresh-test-set.js';
import { parseSweepSpec } from './sweep-spec.js';
import { expandSweep } from './sweep-runs.js';

const sortSpec = parseSweepSpec(
  'name: sort\ngrid: { task: priority-sort, seed: { from: 21, to: 25 } }\nbudget: { steps: 100 }\ntest: { sequences: 1000, seed: 2929 }',
  'sort.yaml',
);
const ngramsSpec = parseSweepSpec('name: ngrams\ngrid: { task: dynamic-ngrams, seed: [1, 2], batchSize: [8, 32] }\nbudget: { steps: 100 }', 'ngrams.yaml');

function scored(spec: typeof sortSpec, costs: readonly number[], extra: Partial<FreshTestRun['test']> = {}): FreshTestRun[] {
  return expandSweep(spec).map((run, index) => ({
    id: run.id,
    configuration: run.configuration,
    seed: run.settings.seed,
    sequencesSeen: 208_000,
    test: {
      sequences: 1000,
      seed: 6868,
      cost: costs[index] as number,
      bitErrors: (costs[index] as number) / 3,
      meetsCriteria: (costs[index] as number) < 20,
      generalisation: [{ size: 30, cost: 300, bitErrors: 70 + index }],
      ...extra,
    },
  }));
}

function report(spec: typeof sortSpec, runs: FreshTestRun[], unscored: string[] = [], checkpoint: FreshTestReport['checkpoint'] = 'last'): FreshTestReport {
  return {
    format: 'ntm-sweep-fresh-test',
    formatVersion: 1,
    sweep: spec.name,
    test: { sequences: 1000, seed: 6868, lengths: [30] },
    checkpoint,
    runs,
    summaries: summariseFreshTest(runs),
    unscored,
  };
}

describe('a fresh test set', () => {
  it('refuses the seeds a decision read: the sweep’s own test set and the validation set', () => {
    expect(() => checkFreshTestSeed(sortSpec, 2929, [999])).toThrow(
      new UsageError("--seed 2929 is sweep sort's own test set (test.seed in its sweep.json); a fresh test set needs a seed no decision read"),
    );
    expect(() => checkFreshTestSeed(sortSpec, 999, [999])).toThrow(
      new UsageError("--seed 999 is the validation set the runs' stop rule watched (evaluation.seed in their config.json); expected another seed"),
    );
    expect(() => checkFreshTestSeed(sortSpec, 6868, [999])).not.toThrow();
    expect(freshTestFiles(6868)).toEqual({ markdown: 'fresh-test-6868.md', json: 'fresh-test-6868.json' });
    expect(freshTestFiles(6868, 'best')).toEqual({ markdown: 'fresh-test-best-6868.md', json: 'fresh-test-best-6868.json' });
  });

  it('summarises each configuration over its seeds: median, quartiles, range and how many meet the criterion', () => {
    const [summary] = summariseFreshTest(scored(sortSpec, [31.5, 18, 26.7, 29.7, 29.5]));
    expect(summary?.runs).toBe(5);
    expect(summary?.testCost).toEqual({ count: 5, minimum: 18, lowerQuartile: 26.7, median: 29.5, upperQuartile: 29.7, maximum: 31.5 });
    expect(summary?.testBelowCriterion).toBe(1);
    expect(summary?.testGeneralisation).toEqual([
      { size: 30, bitErrors: { count: 5, minimum: 70, lowerQuartile: 71, median: 72, upperQuartile: 73, maximum: 74 } },
    ]);
  });

  it('writes a row per run and per configuration, with the command that remakes it', () => {
    const runs = scored(sortSpec, [31.5, 18, 26.7, 29.7, 29.5]);
    const markdown = freshTestMarkdown(
      sortSpec,
      report(sortSpec, runs.slice(0, 4), [runs[4]?.id as string]),
      'ntm sweep test sweeps/sort --seed 6868 --sequences 1000',
    );
    expect(markdown).toContain('# Sweep sort on a fresh test set (seed 6868)');
    expect(markdown).toContain("(the sweep's own test set is seed 2929)");
    expect(markdown).toContain('    ntm sweep test sweeps/sort --seed 6868 --sequences 1000');
    expect(markdown).toContain('| run | seed | sequences seen | cost (bits/seq) | bit errors (/seq) | meets the criterion | bit errors at 30 |');
    expect(markdown).toContain(`| ${runs[1]?.id} | 22 | 208,000 | 18 | 6 | yes | 71 |`);
    expect(markdown).toContain(`| ${runs[0]?.configuration} | 4 | 28.2 (24.5–30.1) [18–31.5] | 9.4 (8.18–10.1) [6–10.5] | 1/4 | 71.5 (70.8–72.3) [70–73] |`);
    expect(markdown).toContain(`Not scored (unfinished, or no checkpoint): ${runs[4]?.id}.`);
  });

  it('says when it scored the best checkpoints, and whose sequences its rows count', () => {
    const runs = scored(sortSpec, [31.5, 18, 26.7, 29.7, 29.5]);
    const markdown = freshTestMarkdown(
      sortSpec,
      report(sortSpec, runs, [], 'best'),
      'ntm sweep test sweeps/sort --seed 6868 --sequences 1000 --checkpoint best',
    );
    expect(markdown).toContain('# Sweep sort on a fresh test set (seed 6868), best checkpoints');
    expect(markdown).toContain("Each finished run's best checkpoint (best.ntm, its lowest validation result), scored on 1,000 episodes of seed 6868");
    expect(markdown).toContain('| run | seed | sequences seen (best.ntm) | cost (bits/seq) |');
  });

  it('gives dynamic N-grams the excess over the Bayes optimum, per run and per configuration', () => {
    const runs = scored(ngramsSpec, [132, 133, 134, 140], { optimalCost: 131, meetsCriteria: null, generalisation: [] });
    const markdown = freshTestMarkdown(ngramsSpec, report(ngramsSpec, runs), 'ntm sweep test sweeps/ngrams --seed 6868 --sequences 1000');
    expect(markdown).toContain('| run | seed | sequences seen | cost (bits/seq) | bit errors (/seq) | above the optimum (%) |');
    expect(markdown).toContain(`| ${runs[0]?.id} | 1 | 208,000 | 132 | 44 | 0.763 |`);
    // Two configurations (batch 8 and 32), two seeds each.
    expect(summariseFreshTest(runs).map((summary) => [summary.runs, summary.testCostOverOptimal?.median])).toEqual([
      [2, expect.closeTo(((132 / 131 - 1) * 100 + (133 / 131 - 1) * 100) / 2, 9)],
      [2, expect.closeTo(((134 / 131 - 1) * 100 + (140 / 131 - 1) * 100) / 2, 9)],
    ]);
    expect(markdown).not.toContain('meets the criterion');
  });
});
