import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../arguments.js';
import { syntheticResults, syntheticRun } from './__fixtures__/synthetic-converge.js';
import { readConvergeFiles } from './read-converge-files.js';

const folder = mkdtempSync(join(tmpdir(), 'ntm-bench-read-converge-'));
const file = (name: string, content: unknown) => {
  const path = join(folder, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

describe('readConvergeFiles', () => {
  it('reads each file with its path as given', () => {
    const results = syntheticResults([syntheticRun(1, [30, 0.05]), syntheticRun(2, [31, null, 4])]);
    const path = file('good.json', results);
    const [read] = readConvergeFiles('before', [path]);
    const written = JSON.parse(JSON.stringify(results));
    expect(read).toMatchObject({ path, results: { plan: written.plan, runs: written.runs } });
    expect(read?.results.origin).toMatch(/^Machine: Test CPU · 2 cores/);
  });

  it("reads a sweep's folder as the runs of its one configuration, the settings from its spec or the task's defaults", () => {
    const sweep = join(folder, 'copy-sweep');
    mkdirSync(sweep, { recursive: true });
    writeFileSync(
      join(sweep, 'sweep.json'),
      JSON.stringify({ name: 'copy-sweep', backend: 'tfjs-wasm', grid: { task: ['copy'], seed: [1, 2] }, budget: { stopAt: 'task' } }),
    );
    const evaluation = { step: 100, sequencesSeen: 800, wallSeconds: 2, cost: 1.5, bitErrors: 0.05 };
    const outcome = (seed: number) => ({
      settings: { seed },
      stopReason: 'converged',
      converged: true,
      steps: 100,
      sequencesSeen: 800,
      trainingSeconds: 2,
      nanEvents: 0,
      finalCost: 1.5,
      finalBitErrors: 0.05,
      evaluations: [evaluation],
    });
    writeFileSync(join(sweep, 'report.json'), JSON.stringify({ format: 'ntm-sweep-report', formatVersion: 1, outcomes: [outcome(2), outcome(1)] }));
    const [read] = readConvergeFiles('after', [sweep]);
    expect(read?.results.plan).toEqual({ backend: 'wasm', batchSize: 8, curriculum: 'none', targetBitErrors: 0.1 });
    expect(read?.results.runs.map((run) => run.seed)).toEqual([1, 2]);
    expect(read?.results.origin).toMatch(/^Sweep copy-sweep/);
    writeFileSync(join(sweep, 'sweep.json'), JSON.stringify({ name: 'two', grid: { task: ['copy'], seed: [1], learningRate: [1e-3, 2e-3] }, budget: {} }));
    expect(() => readConvergeFiles('after', [sweep])).toThrow(
      new UsageError(
        `--after file ${sweep}: is a folder, so it must be a sweep's (ntm sweep's report.json and sweep.json), but its grid has 2 values of learningRate (0.001, 0.002); a side of a comparison is one configuration`,
      ),
    );
  });

  it('names the flag and the file when a file is missing or a folder', () => {
    const missing = join(folder, 'missing.json');
    expect(() => readConvergeFiles('after', [missing])).toThrow(new UsageError(`--after file ${missing}: not found`));
    const subfolder = join(folder, 'a-folder');
    mkdirSync(subfolder, { recursive: true });
    expect(() => readConvergeFiles('before', [subfolder])).toThrow(
      new RegExp(`^--before file ${subfolder}: is a folder, so it must be a sweep's \\(ntm sweep's report.json and sweep.json\\), but ENOENT`),
    );
  });

  it('says when a file is not JSON', () => {
    const path = file('broken.json', '{"format": "ntm-bench-converge",');
    expect(() => readConvergeFiles('before', [path])).toThrow(UsageError);
    expect(() => readConvergeFiles('before', [path])).toThrow(new RegExp(`^--before file ${path}: is not JSON \\(`));
  });

  it('wants the format ntm-bench-converge, version 1', () => {
    const speed = file('latest.json', { format: 'ntm-bench-speed', formatVersion: 1 });
    expect(() => readConvergeFiles('after', [speed])).toThrow(
      new UsageError(`--after file ${speed}: format must be "ntm-bench-converge", got "ntm-bench-speed"; write one with pnpm bench --mode converge`),
    );
    const future = file('v2.json', { ...syntheticResults([]), formatVersion: 2 });
    expect(() => readConvergeFiles('after', [future])).toThrow(new UsageError(`--after file ${future}: formatVersion must be 1, got 2`));
    const list = file('list.json', [1, 2]);
    expect(() => readConvergeFiles('after', [list])).toThrow(new UsageError(`--after file ${list}: expected a JSON object (a converge.json), got [1,2]`));
  });

  it('names the first field that is missing or of the wrong type', () => {
    const results = syntheticResults([syntheticRun(1, [30, 0.05])]);
    const noRuns = file('no-runs.json', { ...results, runs: undefined });
    expect(() => readConvergeFiles('before', [noRuns])).toThrow(
      new UsageError(`--before file ${noRuns}: runs must be an array, got nothing (the field is missing)`),
    );
    const run = results.runs[0] as (typeof results.runs)[number];
    const badEvaluation = file('bad-evaluation.json', {
      ...results,
      runs: [{ ...run, evaluations: [run.evaluations[0], { ...run.evaluations[1], bitErrors: 'low' }] }],
    });
    expect(() => readConvergeFiles('before', [badEvaluation])).toThrow(
      new UsageError(`--before file ${badEvaluation}: runs[0].evaluations[1].bitErrors must be a number or null, got "low"`),
    );
    const noTarget = file('no-target.json', { ...results, plan: { ...results.plan, targetBitErrors: undefined } });
    expect(() => readConvergeFiles('before', [noTarget])).toThrow(
      new UsageError(`--before file ${noTarget}: plan.targetBitErrors must be a number, got nothing (the field is missing)`),
    );
  });

  it('stops at the first bad file of a list', () => {
    const good = file('good-2.json', syntheticResults([syntheticRun(1, [0.05])]));
    const missing = join(folder, 'nope.json');
    expect(() => readConvergeFiles('before', [good, missing])).toThrow(`--before file ${missing}: not found`);
  });
});
