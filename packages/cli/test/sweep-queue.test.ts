/**
 * A sweep on a real queue: a real Redis (started here), the real `ntm` program, two
 * `ntm worker` processes, one of them killed with SIGKILL in the middle of a run. The sweep
 * must complete with every run's result; the killed run must have been resumed from its
 * checkpoint by the other worker, and end with the same weights as a run never interrupted.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCheckpointFile } from '@ntm/machine/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRunLog, type StartRecord } from '../src/run-log.js';
import { readOutcomeFile, RESULT_FILE } from '../src/sweep/run-outcome.js';
import { runDirectoryOf } from '../src/sweep/sweep-folder.js';
import { parseSweepSpec } from '../src/sweep/sweep-spec.js';
import { expandSweep, trainArguments } from '../src/sweep/sweep-runs.js';
import { buildNtmBundle } from './support/ntm-bundle.js';
import { tinySweepSpec } from './support/tiny-sweep.js';
import { startTestRedis, type TestRedis } from './support/redis-server.js';

const specText = tinySweepSpec('tiny-queue', 800);

let ntm = '';
let redis: TestRedis | null = null;
const folder = mkdtempSync(join(tmpdir(), 'ntm-sweep-queue-'));
const store = join(folder, 'store');
const children: ChildProcess[] = [];

beforeAll(async () => {
  ntm = buildNtmBundle();
  redis = await startTestRedis();
}, 120_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await redis?.stop();
});

/** Starts `ntm <argv>` and collects its output; `exited` resolves with the exit code or signal. */
function start(argv: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | string> } {
  const child = spawn(process.execPath, [ntm, ...argv], { cwd: folder });
  children.push(child);
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  return { child, output: () => output, exited };
}

async function waitFor<T>(what: string, probe: () => T | null | undefined | false, seconds: number): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(process.platform === 'win32')('ntm sweep --queue with two ntm workers on a real Redis', () => {
  it('completes every run after a worker is killed mid-run, resuming that run from its checkpoint to the same weights', async () => {
    const url = (redis as TestRedis).url;
    writeFileSync(join(folder, 'tiny-queue.yaml'), specText);
    const spec = parseSweepSpec(specText, 'tiny-queue.yaml');
    const runs = expandSweep(spec);
    const sweepDirectory = join(store, spec.name);
    const workerFlags = ['--queue', url, '--store', store, '--lock-seconds', '2', '--stalled-check-seconds', '1'];
    const victim = start(['worker', ...workerFlags]);
    const survivor = start(['worker', ...workerFlags]);
    const sweep = start(['sweep', 'tiny-queue.yaml', '--queue', url, '--store', store]);

    // The victim's first run: kill the worker once that run has a checkpoint and is still going.
    const killedRun = await waitFor('the first worker to start a run', () => /started (\S+) \(sweep/.exec(victim.output())?.[1], 60);
    const killedDirectory = runDirectoryOf(sweepDirectory, killedRun);
    await waitFor(`a checkpoint of ${killedRun}`, () => existsSync(join(killedDirectory, 'checkpoint.ntm')), 60);
    expect(existsSync(join(killedDirectory, RESULT_FILE))).toBe(false);
    victim.child.kill('SIGKILL');
    expect(await victim.exited).toBe('SIGKILL');

    const sweepCode = await Promise.race([sweep.exited, new Promise<string>((resolve) => setTimeout(() => resolve('sweep timed out'), 150_000))]);
    expect(sweepCode, sweep.output()).toBe(0);
    expect(sweep.output()).toMatch(/sweep tiny-queue: 6\/6 done/);

    // Every run finished, in the store, with its result.
    for (const run of runs) {
      const outcome = readOutcomeFile(join(runDirectoryOf(sweepDirectory, run.id), RESULT_FILE));
      expect(outcome.steps).toBe(800);
      expect(outcome.stopReason).toBe('max-steps');
    }
    // The killed run was continued from its checkpoint, by the survivor.
    const starts = readRunLog(join(killedDirectory, 'log.jsonl')).filter((record): record is StartRecord => record.kind === 'start');
    expect(starts.length).toBeGreaterThanOrEqual(2);
    expect(starts.at(-1)?.resumedFrom).toMatch(/checkpoint\.ntm$/);
    expect(readOutcomeFile(join(killedDirectory, RESULT_FILE)).resumes).toBeGreaterThanOrEqual(1);
    expect(survivor.output()).toContain(`resumed ${killedRun}`);

    // Its final weights equal those of the same run trained without interruption.
    const run = runs.find((candidate) => candidate.id === killedRun);
    if (!run) throw new Error(`no run ${killedRun}`);
    const straight = join(folder, 'straight');
    const trained = spawnSync(process.execPath, [ntm, ...trainArguments(run, spec.budget, straight, { resume: false })], { cwd: folder, encoding: 'utf8' });
    expect(trained.status, trained.stderr).toBe(0);
    const resumed = readCheckpointFile(join(killedDirectory, 'checkpoint.ntm'));
    const uninterrupted = readCheckpointFile(join(straight, 'checkpoint.ntm'));
    // Bit for bit: the weights' bytes, every tensor but the optimiser's slots.
    const weightBytes = (contents: typeof resumed) =>
      contents.tensors
        .filter((tensor) => !tensor.name.startsWith('optimizer/'))
        .map((tensor) => [tensor.name, Buffer.from(tensor.values.buffer, tensor.values.byteOffset, tensor.values.byteLength).toString('base64')]);
    expect(weightBytes(resumed).length).toBeGreaterThan(5);
    expect(weightBytes(resumed)).toEqual(weightBytes(uninterrupted));

    // `ntm sweep status` reads the queue.
    const status = spawnSync(process.execPath, [ntm, 'sweep', 'status', '--queue', url, spec.name], { cwd: folder, encoding: 'utf8' });
    expect(status.status, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/sweep tiny-queue: 6 runs: 6 done, 0 running, 0 queued, 0 failed; 1 worker connected/);

    // The report was written when the sweep completed.
    expect(readFileSync(join(sweepDirectory, 'report.md'), 'utf8')).toMatch(/\| copy-ntm-lstm-adam-b16-o\w+ \| 6 \| 0\/6 \|/);

    survivor.child.kill('SIGTERM');
    expect(await survivor.exited).toBe(143);
  }, 240_000);
});
