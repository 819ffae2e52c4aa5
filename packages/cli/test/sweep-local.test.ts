/**
 * The embedded default of `ntm sweep`: runs on this machine, one process each, as users run
 * it. A run whose process crashes fails alone; the same sweep run again skips the finished
 * runs and resumes the crashed one from its checkpoint; `ntm sweep report` writes the table
 * and the picture.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG_SIGNATURE } from '../src/render-png.js';
import { readRunLog, type StartRecord } from '../src/run-log.js';
import { readOutcomeFile, RESULT_FILE } from '../src/sweep/run-outcome.js';
import { runDirectoryOf } from '../src/sweep/sweep-folder.js';
import { parseSweepSpec } from '../src/sweep/sweep-spec.js';
import { expandSweep } from '../src/sweep/sweep-runs.js';
import { buildNtmBundle } from './support/ntm-bundle.js';
import { tinySweepSpec } from './support/tiny-sweep.js';

const specText = tinySweepSpec('tiny-local', 600, { test: true });

let ntm = '';
const folder = mkdtempSync(join(tmpdir(), 'ntm-sweep-local-'));
const children: ChildProcess[] = [];

beforeAll(() => {
  ntm = buildNtmBundle();
}, 120_000);

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function runNtm(argv: string[]): Promise<{ code: number | string; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [ntm, ...argv], { cwd: folder });
    children.push(child);
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('exit', (code, signal) => resolve({ code: code ?? signal ?? 'unknown', output }));
  });
}

/** The pids of the `ntm train` processes training in `sweepDirectory` now. */
function trainProcesses(sweepDirectory: string): number[] {
  const listing = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).stdout;
  return listing
    .split('\n')
    .filter((line) => line.includes(' train ') && line.includes(sweepDirectory))
    .map((line) => Number.parseInt(line.trim(), 10));
}

describe.skipIf(process.platform === 'win32')('ntm sweep on this machine', () => {
  it('survives a crashed run, resumes it on the next run of the sweep, and reports', async () => {
    writeFileSync(join(folder, 'tiny-local.yaml'), specText);
    const spec = parseSweepSpec(specText, 'tiny-local.yaml');
    const runs = expandSweep(spec);
    const sweepDirectory = join(folder, 'sweeps', spec.name);

    const first = runNtm(['sweep', 'tiny-local.yaml', '--parallel', '2']);
    // Crash the first run's process (SIGKILL: no checkpoint on the way out) once it has a checkpoint.
    const crashed = runs[0]?.id as string;
    const crashedDirectory = runDirectoryOf(sweepDirectory, crashed);
    const deadline = Date.now() + 60_000;
    while (!existsSync(join(crashedDirectory, 'checkpoint.ntm')) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const [pid] = trainProcesses(crashedDirectory);
    expect(pid).toBeGreaterThan(0);
    process.kill(pid as number, 'SIGKILL');
    const firstResult = await first;
    expect(firstResult.code, firstResult.output).toBe(1);
    expect(firstResult.output).toContain(`failed run ${crashed}: ntm train copy … was killed by SIGKILL`);
    expect(firstResult.output).toMatch(/sweep tiny-local: 5\/6 done, 0 running, 0 queued, 1 failed/);
    expect(existsSync(join(crashedDirectory, RESULT_FILE))).toBe(false);
    const finishedFirst = runs.filter((run) => existsSync(join(runDirectoryOf(sweepDirectory, run.id), RESULT_FILE))).map((run) => run.id);
    expect(finishedFirst).toHaveLength(5);

    // The same sweep again: the five finished runs are skipped, the crashed one resumes.
    const second = await runNtm(['sweep', 'tiny-local.yaml']);
    expect(second.code, second.output).toBe(0);
    expect(second.output).toContain('5 of 6 runs already finished: skipped');
    expect(second.output).toContain(`resumed ${crashed}`);
    const starts = readRunLog(join(crashedDirectory, 'log.jsonl')).filter((record): record is StartRecord => record.kind === 'start');
    expect(starts.map((start) => start.resumedFrom === null)).toEqual([true, false]);
    for (const run of runs) {
      const outcome = readOutcomeFile(join(runDirectoryOf(sweepDirectory, run.id), RESULT_FILE));
      expect(outcome.steps).toBe(600);
      // Scored on the test set: 64 episodes of seed 7, and episodes of length 5.
      expect(outcome.test).toMatchObject({ sequences: 64, seed: 7, generalisation: [{ size: 5 }] });
      expect(outcome.test?.bitErrors).toBeGreaterThanOrEqual(0);
      expect(outcome.test?.generalisation[0]?.bitErrors).toBeGreaterThan(outcome.test?.bitErrors as number);
    }
    for (const id of finishedFirst) {
      const log = readRunLog(join(runDirectoryOf(sweepDirectory, id), 'log.jsonl'));
      expect(log.filter((record) => record.kind === 'start')).toHaveLength(1);
    }

    // The report: a table row for the configuration, and the learning-curve picture.
    const report = await runNtm(['sweep', 'report', join('sweeps', spec.name)]);
    expect(report.code, report.output).toBe(0);
    expect(report.output).toMatch(/Report of 6\/6 finished runs in 1 configuration/);
    const markdown = readFileSync(join(sweepDirectory, 'report.md'), 'utf8');
    expect(markdown).toMatch(
      /\| configuration \| seeds \| converged \| sequences to criterion \| minutes to criterion \| final held-out cost \| final held-out bit errors \| NaN events \| resumes \|/,
    );
    expect(markdown).toMatch(/\| test bit errors \(64 sequences, seed 7\) \| test bit errors at 5 \|/);
    expect(markdown).toMatch(
      /\| copy-ntm-lstm-adam-b16-o\w+ \| 6 \| 0\/6 \| – \| – \| [\d.]+ \| [\d.]+ \| 0 \| 1 \| [\d.]+ \([\d.]+–[\d.]+\) \[[\d.]+–[\d.]+\] \| [\d.]+ \(/,
    );
    const png = readFileSync(join(sweepDirectory, 'curves.png'));
    expect(png.subarray(0, 8).equals(Buffer.from(PNG_SIGNATURE))).toBe(true);
    const svg = readFileSync(join(sweepDirectory, 'curves.svg'), 'utf8');
    expect(svg).toContain('<polygon');
    expect(svg.match(/<polyline[^>]*stroke-width="2"/g)?.length).toBeGreaterThanOrEqual(2);
    expect(readdirSync(sweepDirectory).sort()).toEqual(['curves.png', 'curves.svg', 'report.json', 'report.md', 'runs', 'sweep.json']);

    // Every run scored again on a fresh test set; the sweep's own test set (seed 7) is refused as not fresh.
    const stale = await runNtm(['sweep', 'test', join('sweeps', spec.name), '--seed', '7']);
    expect(stale.code, stale.output).toBe(2);
    expect(stale.output).toContain("ntm: error: --seed 7 is sweep tiny-local's own test set");
    const fresh = await runNtm(['sweep', 'test', join('sweeps', spec.name), '--seed', '11', '--sequences', '32', '--parallel', '2']);
    expect(fresh.code, fresh.output).toBe(0);
    expect(fresh.output).toContain('Written: sweeps/tiny-local/fresh-test-11.md, sweeps/tiny-local/fresh-test-11.json');
    const scored = JSON.parse(readFileSync(join(sweepDirectory, 'fresh-test-11.json'), 'utf8'));
    expect(scored.runs.map((run: { id: string }) => run.id)).toEqual(runs.map((run) => run.id));
    expect(scored.unscored).toEqual([]);
    for (const run of scored.runs) expect(run.test).toMatchObject({ sequences: 32, seed: 11, generalisation: [{ size: 5 }] });
    expect(scored.summaries[0].testBitErrors.count).toBe(6);
    const freshMarkdown = readFileSync(join(sweepDirectory, 'fresh-test-11.md'), 'utf8');
    expect(freshMarkdown).toContain('    ntm sweep test sweeps/tiny-local --seed 11 --sequences 32 --lengths 5');
    expect(freshMarkdown.split('\n').filter((line) => line.startsWith('| copy-ntm-lstm-adam-b16-o'))).toHaveLength(7);
    // Each run's best.ntm instead, into files of their own: the last checkpoints' files stay as they were.
    const best = await runNtm(['sweep', 'test', join('sweeps', spec.name), '--seed', '11', '--sequences', '32', '--checkpoint', 'best', '--parallel', '2']);
    expect(best.code, best.output).toBe(0);
    expect(best.output).toContain('Written: sweeps/tiny-local/fresh-test-best-11.md, sweeps/tiny-local/fresh-test-best-11.json');
    const scoredBest = JSON.parse(readFileSync(join(sweepDirectory, 'fresh-test-best-11.json'), 'utf8'));
    expect(scoredBest.checkpoint).toBe('best');
    expect(scoredBest.runs).toHaveLength(6);
    for (const [index, run] of scoredBest.runs.entries()) {
      expect(run.sequencesSeen).toBe(run.test.checkpointSequencesSeen);
      expect(run.sequencesSeen).toBeLessThanOrEqual(scored.runs[index].sequencesSeen);
    }
    // Some run's best came before its end, and that run's row is best.ntm's own score, not the last checkpoint's.
    const earlier = scoredBest.runs.findIndex((run: { sequencesSeen: number }, index: number) => run.sequencesSeen < scored.runs[index].sequencesSeen);
    expect(earlier).toBeGreaterThanOrEqual(0);
    const bestFile = join(runDirectoryOf(sweepDirectory, scoredBest.runs[earlier].id), 'best.ntm');
    const direct = await runNtm(['eval', bestFile, '--sequences', '32', '--seed', '11', '--lengths', '5', '--json']);
    expect(direct.code, direct.output).toBe(0);
    const directReport = JSON.parse(direct.output);
    expect(scoredBest.runs[earlier].sequencesSeen).toBe(directReport.sequencesSeen);
    expect(scoredBest.runs[earlier].test.cost).toBe(directReport.heldOut.cost);
    expect(scoredBest.runs[earlier].test.cost).not.toBe(scored.runs[earlier].test.cost);
    expect(readFileSync(join(sweepDirectory, 'fresh-test-best-11.md'), 'utf8')).toContain(
      '    ntm sweep test sweeps/tiny-local --seed 11 --sequences 32 --lengths 5 --checkpoint best',
    );
    expect(readFileSync(join(sweepDirectory, 'fresh-test-11.md'), 'utf8')).toBe(freshMarkdown);
    // A copy of the report without its runs (as committed results are) has nothing to score: refused, its files kept.
    const reportOnly = join(folder, 'report-only');
    mkdirSync(reportOnly);
    for (const file of ['sweep.json', 'fresh-test-11.md']) writeFileSync(join(reportOnly, file), readFileSync(join(sweepDirectory, file)));
    const empty = await runNtm(['sweep', 'test', 'report-only', '--seed', '11']);
    expect(empty.code, empty.output).toBe(2);
    expect(empty.output).toContain('ntm: error: sweep tiny-local has no finished run with a checkpoint.ntm in');
    expect(readFileSync(join(reportOnly, 'fresh-test-11.md'), 'utf8')).toBe(freshMarkdown);
    // A finished run whose config cannot be read: its validation seed is unknown, so nothing is scored.
    const brokenRun = runs[0]?.id as string;
    const broken = join(folder, 'broken-config');
    cpSync(sweepDirectory, broken, { recursive: true });
    writeFileSync(join(runDirectoryOf(broken, brokenRun), 'config.json'), '{ not json');
    const unreadable = await runNtm(['sweep', 'test', 'broken-config', '--seed', '12']);
    expect(unreadable.code, unreadable.output).toBe(1);
    expect(unreadable.output).toContain(`ntm: error: cannot read the run's resolved config ${join(runDirectoryOf(broken, brokenRun), 'config.json')}`);
    expect(existsSync(join(broken, 'fresh-test-12.md'))).toBe(false);
  }, 240_000);

  it('refuses to run in a folder another sweep holds, before it touches anything', async () => {
    const spec = tinySweepSpec('tiny-held', 600);
    writeFileSync(join(folder, 'tiny-held.yaml'), spec);
    const sweepDirectory = join(folder, 'sweeps', 'tiny-held');
    mkdirSync(sweepDirectory, { recursive: true });
    // Held by a process that runs: this test's own.
    writeFileSync(join(sweepDirectory, 'sweep.lock'), JSON.stringify({ pid: process.pid, host: hostname(), startedAt: '2026-12-05T08:00:00.000Z' }));
    const refused = await runNtm(['sweep', 'tiny-held.yaml']);
    expect(refused.code, refused.output).toBe(2);
    expect(refused.output).toContain(`ntm: error: another ntm sweep (process ${process.pid} on ${hostname()}, since 2026-12-05T08:00:00.000Z) is running in`);
    expect(readdirSync(sweepDirectory)).toEqual(['sweep.lock']);
  }, 60_000);

  it('records a run that diverges as its result, not as a crash to retry', async () => {
    const spec = tinySweepSpec('tiny-diverged', 200).replace('  seed: { from: 1, to: 6 }', '  seed: 1\n  learningRate: 1e38');
    writeFileSync(join(folder, 'tiny-diverged.yaml'), spec);
    const result = await runNtm(['sweep', 'tiny-diverged.yaml']);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/finished copy-ntm-lstm-adam-lr1e\+38-b16-o\w+-s1: diverged/);
    const [run] = expandSweep(parseSweepSpec(spec, 'tiny-diverged.yaml'));
    const outcome = readOutcomeFile(join(runDirectoryOf(join(folder, 'sweeps', 'tiny-diverged'), run?.id as string), RESULT_FILE));
    expect(outcome).toMatchObject({ stopReason: 'diverged', converged: false });
    expect(outcome.nanEvents).toBeGreaterThan(0);
    const again = await runNtm(['sweep', 'tiny-diverged.yaml']);
    expect(again.output).toContain('1 of 1 runs already finished: skipped');
  }, 120_000);
});
