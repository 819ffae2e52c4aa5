/**
 * Runs the real `ntm` executable: the esbuild bundle, built into a temporary folder (never
 * into `dist`, so that it cannot race a real build), in a child process. This is what users
 * run, so it is where exit codes, stderr and signals are checked.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCheckpointFile } from '@ntm/machine/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleFolder } from './support/ntm-bundle.js';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const folder = bundleFolder();
const bundle = join(folder, 'bin', 'ntm.js');
let buildError: string | null = null;

beforeAll(() => {
  const build = spawnSync(process.execPath, [join(packageRoot, 'scripts', 'build.mjs'), join(folder, 'bin')], { encoding: 'utf8' });
  if (build.status !== 0) buildError = `${build.stderr}${build.stdout}`.trim() || `exit ${build.status}`;
}, 60_000);

const tiny = [
  '--task-config',
  '{"bits":4,"minLength":1,"maxLength":2}',
  '--memory-slots',
  '8',
  '--word-size',
  '6',
  '--controller-size',
  '16',
  '--batch-size',
  '4',
  '--eval-sequences',
  '8',
  '--eval-every',
  '5',
  // Far apart, so that the checkpoint found after the signal can only be the signal's.
  '--checkpoint-every',
  '100000',
  '--steps',
  '1000000',
  '--stop-at',
  'none',
  '--plain',
];

function runBundle(argv: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bundle, ...argv], { cwd: folder, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

/** Starts a long tiny run, sends `signal` after its first evaluation line, and waits for the exit. */
function interruptRun(out: string, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, 'train', 'copy', ...tiny, '--out', out], { cwd: folder });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!sent && /^step \d+ · /m.test(stdout)) {
        sent = true;
        child.kill(signal);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code, exitSignal) => resolve({ code, signal: exitSignal, stdout, stderr }));
  });
}

describe.skipIf(process.platform === 'win32')('the ntm bundle', () => {
  it('builds', ({ skip }) => {
    if (buildError !== null) skip(`the bundle could not be built: ${buildError.split('\n')[0]}`);
    expect(readFileSync(bundle, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('exits 2 with one line on stderr and no stack trace for an unknown task', async ({ skip }) => {
    if (buildError !== null) skip('the bundle could not be built');
    const result = await runBundle(['train', 'nope']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('ntm: error: unknown task "nope"; expected one of copy, repeat-copy, associative-recall, dynamic-ngrams, priority-sort\n');
  });

  it('prints its version', async ({ skip }) => {
    if (buildError !== null) skip('the bundle could not be built');
    const packageVersion = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')).version;
    expect(await runBundle(['--version'])).toEqual({ code: 0, stdout: `ntm ${packageVersion}\n`, stderr: '' });
  });

  it.each([
    ['SIGINT', 130, 'Ctrl-C (SIGINT)'],
    ['SIGTERM', 143, 'SIGTERM'],
  ] as const)('saves a checkpoint on %s and exits %i', async (signal, exitCode, words) => {
    if (buildError !== null) return;
    const out = `interrupted-${signal}`;
    const result = await interruptRun(out, signal);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(exitCode);
    expect(result.stdout).toContain(`Stopped: stopped by ${words}`);
    const log = readFileSync(join(folder, out, 'log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const lastEvaluation = log.filter((record) => record.kind === 'evaluation').at(-1);
    const stop = log.at(-1);
    expect(stop).toMatchObject({ kind: 'stop', reason: 'stopped', signal });
    const checkpoint = readCheckpointFile(join(folder, out, 'checkpoint.ntm'));
    const trainer = checkpoint.metadata['trainer'] as { step: number; sequencesSeen: number };
    expect(trainer.step).toBe(stop.step);
    expect(trainer.step).toBeGreaterThanOrEqual(lastEvaluation.step);
    expect(trainer.sequencesSeen).toBe(trainer.step * 4);
  });
});
