/**
 * `ntm train --workers 2` as a user runs it: the real bundle (built into a temporary folder,
 * never into `dist`), whose own file is its gradient workers' script.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCheckpointFile } from '@ntm/machine/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const folder = mkdtempSync(join(tmpdir(), 'ntm-workers-'));
const bundle = join(folder, 'bin', 'ntm.js');
const tiny = [
  '--task-config',
  '{"bits":4,"minLength":1,"maxLength":3}',
  '--memory-slots',
  '8',
  '--word-size',
  '6',
  '--controller-size',
  '16',
  '--batch-size',
  '8',
  '--eval-sequences',
  '16',
  '--eval-every',
  '2',
  '--plain',
];

function ntm(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // The timeout turns a process kept alive by its worker threads into a failure.
    execFile(process.execPath, [bundle, ...argv], { cwd: folder, encoding: 'utf8', timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

const weightsOf = (run: string) => readCheckpointFile(join(folder, run, 'checkpoint.ntm')).tensors.filter((tensor) => !tensor.name.startsWith('optimizer/'));

afterAll(() => rmSync(folder, { recursive: true, force: true }));

beforeAll(() => {
  const build = spawnSync(process.execPath, [join(packageRoot, 'scripts', 'build.mjs'), join(folder, 'bin')], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`the ntm bundle did not build: ${build.stderr}${build.stdout}`);
}, 120_000);

describe('ntm train --workers 2 (the bundle)', () => {
  let runs: { code: number; stdout: string; stderr: string }[];
  beforeAll(async () => {
    runs = [];
    for (const out of ['two-a', 'two-b']) runs.push(await ntm(['train', 'copy', ...tiny, '--workers', '2', '--steps', '4', '--out', out]));
    runs.push(await ntm(['train', 'copy', ...tiny, '--workers', '1', '--steps', '4', '--out', 'one']));
  }, 240_000);

  it('trains on two threads, says so, records it in config.json, and exits', () => {
    for (const run of runs.slice(0, 2)) expect(run.stdout).toContain('backend tfjs-wasm on 2 threads;');
    expect(runs[2]?.stdout).not.toContain('thread'); // one, as asked: nothing to say
    for (const run of runs) {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Stopped: reached step 4');
    }
    expect(JSON.parse(readFileSync(join(folder, 'two-a', 'config.json'), 'utf8'))).toMatchObject({ workers: 2, batchSize: 8 });
  });

  it('is deterministic: the same seed gives the same weights, bit for bit, on two threads or one', () => {
    const [first, second, single] = [weightsOf('two-a'), weightsOf('two-b'), weightsOf('one')];
    expect(first.length).toBeGreaterThan(0);
    second.forEach((tensor, index) => expect(tensor.values).toEqual(first[index]?.values));
    single.forEach((tensor, index) => expect(tensor.values).toEqual(first[index]?.values));
  });

  it('chooses the threads itself by default (auto), from how idle the cores are, and says why', async () => {
    const run = await ntm(['train', 'copy', ...tiny, '--steps', '2', '--out', 'auto']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // Other ntm train runs on the machine (a sweep beside the tests) add what they hold.
    expect(run.stdout).toMatch(/backend tfjs-wasm on [12] threads? \(auto: \d+\.\d of \d+ cores idle(, \d+ threads? held by other ntm runs)?\);/);
    const start = JSON.parse(readFileSync(join(folder, 'auto', 'log.jsonl'), 'utf8').split('\n')[0] as string);
    expect([1, 2]).toContain(start.workers);
  }, 120_000);

  it('resumes a two-thread run on one thread, as asked', async () => {
    const resumed = await ntm(['train', '--resume', 'two-a/checkpoint.ntm', '--workers', '1', '--steps', '6', '--plain']);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).not.toContain('threads');
    expect(resumed.stdout).toContain('Stopped: reached step 6');
    expect(JSON.parse(readFileSync(join(folder, 'two-a', 'config.json'), 'utf8'))).toMatchObject({ workers: 1 });
  }, 120_000);

  it('refuses a bad --workers before starting anything', async () => {
    expect(await ntm(['train', 'copy', '--workers', '0'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ntm: error: --workers must be auto or an integer >= 1, got "0"\n',
    });
  }, 60_000);
});
