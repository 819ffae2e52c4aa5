import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCheckpointFile, saveCheckpointFile } from '@ntm/machine/node';
import { MAX_CONSECUTIVE_BAD_STEPS } from '@ntm/trainer';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { memoryIo } from '../io.js';

const folder = mkdtempSync(join(tmpdir(), 'ntm-diverged-'));
/** The tiny copy config. */
const tiny = ['--task-config', '{"bits":4,"maxLength":3}', '--memory-slots', '8', '--word-size', '6', '--controller-size', '32', '--batch-size', '16'];

async function train(out: string, learningRate: string) {
  const io = memoryIo(folder);
  const argv = [
    'train',
    'copy',
    ...tiny,
    '--learning-rate',
    learningRate,
    '--steps',
    '200',
    '--checkpoint-every',
    '20',
    '--eval-every',
    '50',
    '--stop-at',
    'none',
    '--out',
    out,
  ];
  const code = await runCli(argv, io);
  const log = readFileSync(join(folder, out, 'log.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { code, ...io.output, log };
}

describe('ntm train on a run that diverges', () => {
  it('learning rate 1e38 (every update overflows): stops with exit 1, saves nothing, and lists no checkpoint it did not write', async () => {
    const { code, stdout, stderr, log } = await train('overflow', '1e38');
    expect(code).toBe(1);
    expect(stderr).toContain(
      `ntm: error: training diverged at step 0: ${MAX_CONSECUTIVE_BAD_STEPS} steps in a row met NaN or Infinity; no checkpoint was saved`,
    );
    expect(stdout).toContain('Stopped: diverged');
    expect(stdout).toContain('Checkpoint: none saved');
    expect(existsSync(join(folder, 'overflow', 'checkpoint.ntm'))).toBe(false);
    expect(stdout).not.toContain('checkpoint.ntm');
    expect(stdout).toMatch(/^Files: overflow\/config\.json, overflow\/log\.jsonl$/m);
    // Every bad step was undone (rolled back), never let through.
    const nan = log.filter((record) => record['kind'] === 'nan');
    expect(nan).toHaveLength(MAX_CONSECUTIVE_BAD_STEPS);
    expect(nan.every((record) => record['action'] === 'rolled-back')).toBe(true);
    expect(log.at(-1)).toMatchObject({ kind: 'stop', reason: 'diverged', step: 0 });
    expect(readdirSync(join(folder, 'overflow')).sort()).toEqual(['config.json', 'log.jsonl']);
  }, 120_000);

  it('learning rate 1e30 (NaN at every step after the first): ends by itself, its log bounded', async () => {
    const started = performance.now();
    const { code, stderr, log } = await train('nan-forever', '1e30');
    expect(performance.now() - started).toBeLessThan(60_000);
    expect(code).toBe(1);
    expect(stderr).toMatch(/training diverged at step 1: 20 steps in a row met NaN or Infinity/);
    expect(log.filter((record) => record['kind'] === 'nan')).toHaveLength(MAX_CONSECUTIVE_BAD_STEPS);
    expect(log.length).toBeLessThanOrEqual(MAX_CONSECUTIVE_BAD_STEPS + 3);
  }, 120_000);

  it('a resumed run that diverges keeps the checkpoint it resumed from, and says where it is', async () => {
    const good = memoryIo(folder);
    expect(await runCli(['train', 'copy', ...tiny, '--steps', '20', '--checkpoint-every', '20', '--out', 'resumed'], good)).toBe(0);
    const path = join(folder, 'resumed', 'checkpoint.ntm');
    // The same run, but with a learning rate that overflows every update from here on.
    const contents = readCheckpointFile(path);
    const trainer = contents.metadata['trainer'] as { config: { optimizer: { learningRate: number } } };
    trainer.config.optimizer.learningRate = 1e38;
    saveCheckpointFile(path, contents);
    const before = readFileSync(path);

    const io = memoryIo(folder);
    const code = await runCli(['train', '--resume', 'resumed/checkpoint.ntm', '--steps', '100'], io);
    expect(code).toBe(1);
    // (Adam's restored moments make the first update small enough to stay finite: step 21 is the last to advance.)
    expect(io.output.stderr).toMatch(
      /^ntm: error: training diverged at step 2\d: 20 steps in a row met NaN or Infinity; the last good checkpoint is resumed\/checkpoint\.ntm \(step 20\)\n$/,
    );
    expect(io.output.stdout).toContain('Checkpoint: the last good one, resumed/checkpoint.ntm at step 20 (the diverged state was not saved)');
    expect(readFileSync(path)).toEqual(before);
  }, 120_000);
});
