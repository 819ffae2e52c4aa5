import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackend } from '@ntm/backend';
import { createModel, modelCheckpoint, type ModelConfig } from '@ntm/machine';
import { saveCheckpointFile } from '@ntm/machine/node';
import { createTask, type TaskName } from '@ntm/tasks';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerCliBackends } from '../backends.js';
import { runCli } from '../cli.js';
import { memoryIo } from '../io.js';
import type { EvaluationReport } from './eval.js';

const folder = mkdtempSync(join(tmpdir(), 'ntm-tasks-'));

async function ntm(argv: string[]) {
  const io = memoryIo(folder);
  const code = await runCli(argv, io);
  return { code, ...io.output };
}

/** Saves an untrained model for a task: a checkpoint with no trainer state, as a library user might write. */
async function saveModel(file: string, task: TaskName, model: 'ntm' | 'lstm') {
  const { inputSize, outputSize } = createTask(task);
  const config: ModelConfig =
    model === 'ntm'
      ? { kind: 'ntm', inputSize, outputSize, memory: { slots: 8, wordSize: 4 }, controller: { kind: 'lstm', layerSizes: [8] } }
      : { kind: 'lstm', inputSize, outputSize, layerSizes: [8] };
  const { backend } = await createBackend('tfjs-wasm');
  const built = createModel(backend, config, { seed: 3 });
  saveCheckpointFile(join(folder, file), modelCheckpoint(built));
  built.dispose();
}

describe('eval and show beyond copy, on checkpoints that hold only a model', () => {
  beforeAll(async () => {
    registerCliBackends();
    await saveModel('recall.ntm', 'associative-recall', 'ntm');
    await saveModel('ngrams.ntm', 'dynamic-ngrams', 'ntm');
    await saveModel('sort.ntm', 'priority-sort', 'ntm');
    await saveModel('repeat.ntm', 'repeat-copy', 'ntm');
    await saveModel('copy-lstm.ntm', 'copy', 'lstm');
  });

  it('asks for --task when the checkpoint does not say, and checks it fits the model', async () => {
    const missing = await ntm(['eval', 'recall.ntm']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^ntm: error: checkpoint recall\.ntm holds a model but no training run, so its task is unknown; pass --task\n$/);
    const wrong = await ntm(['eval', 'recall.ntm', '--task', 'copy']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/has 8 inputs and 6 outputs, but task copy \(as configured\) has 9 and 8; is --task right\?\n$/);
  });

  it('tabulates associative recall by number of items', async () => {
    const result = await ntm(['eval', 'recall.ntm', '--task', 'associative-recall', '--sequences', '2', '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as EvaluationReport;
    expect(report.step).toBeNull();
    expect(report.generalisation?.unit).toBe('items');
    expect(report.generalisation?.rows.map((row) => row.size)).toEqual([6, 9, 12, 15, 20]);
    // One query item of 3 six-bit vectors is scored per episode: at most 18 wrong bits.
    for (const row of report.generalisation?.rows ?? []) expect(row.bitErrors).toBeLessThanOrEqual(18);
  });

  it('tabulates repeat copy by length and by more repeats than trained, at the longest trained length', async () => {
    const result = await ntm(['eval', 'repeat.ntm', '--task', 'repeat-copy', '--sequences', '2', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as EvaluationReport;
    expect(report.generalisation?.rows.map((row) => row.size)).toEqual([5, 10, 15, 20]);
    expect(report.repeats?.length).toBe(10);
    expect(report.repeats?.rows.map((row) => row.repeats)).toEqual([5, 10, 15, 20]);
    // 20 repeats of 10 vectors: 200 vectors of 9 scored channels and the end step, so at most 1,809 wrong bits.
    expect(report.repeats?.rows.at(-1)?.bitErrors).toBeLessThanOrEqual(1809);
    const text = await ntm(['eval', 'repeat.ntm', '--task', 'repeat-copy', '--sequences', '2']);
    expect(text.stdout).toContain('More repeats (length 10; trained on repeats 1..10; 2 sequences per row):');
  });

  it('puts the Bayes-optimal cost beside dynamic N-grams, and explains the missing table', async () => {
    const ngrams = await ntm(['eval', 'ngrams.ntm', '--task', 'dynamic-ngrams', '--sequences', '2']);
    expect(ngrams.code).toBe(0);
    expect(ngrams.stdout).toMatch(/Bayes-optimal cost on the same sequences: [\d.]+ bits per sequence/);
    expect(ngrams.stdout).toContain('Note: no generalisation table for dynamic-ngrams');
  });

  it('tabulates priority sort over fewer and more vectors than trained, asking back the trained share', async () => {
    const sort = await ntm(['eval', 'sort.ntm', '--task', 'priority-sort', '--sequences', '2', '--json']);
    expect(sort.code, sort.stderr).toBe(0);
    const report = JSON.parse(sort.stdout) as EvaluationReport;
    expect(report.note).toBeNull();
    expect(report.generalisation?.unit).toBe('vectors');
    expect(report.generalisation?.rows.map((row) => row.size)).toEqual([10, 20, 30, 40]);
    // 40 vectors shown, 32 of 8 bits asked back: at most 256 wrong bits, a share of them.
    const longest = report.generalisation?.rows.at(-1);
    expect(longest?.bitErrors).toBeLessThanOrEqual(256);
    expect(longest?.wrongBitFraction).toBeCloseTo((longest?.bitErrors ?? 0) / 256, 12);
    const text = await ntm(['eval', 'sort.ntm', '--task', 'priority-sort', '--sequences', '2', '--lengths', '5,25']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Generalisation (trained on vectors 20, the 16 highest asked back; each row asks back the same share; 2 sequences per row):');
    expect(text.stdout).toMatch(/\n\s+25\s/);
  });

  it.each([
    ['recall.ntm', 'associative-recall', [], ['query', 'answer', 'recalled']],
    ['ngrams.ntm', 'dynamic-ngrams', ['Bayes optimum P(1)'], []],
    ['sort.ntm', 'priority-sort', ['priority'], ['write location against priority', 'slot written']],
  ])("draws an episode of %s's task (%s) the way the paper draws it", async (file, task, rows, texts) => {
    const result = await ntm(['show', file, '--task', task, '--out', `${task}.svg`]);
    expect(result.code, result.stderr).toBe(0);
    const svg = readFileSync(join(folder, `${task}.svg`), 'utf8');
    const labels = [...svg.matchAll(/data-label="([^"]+)"/g)].map(([, label]) => label);
    expect(labels).toEqual(expect.arrayContaining(['inputs', 'targets', 'outputs', 'write weighting', 'read weighting', ...rows]));
    for (const text of texts) expect(svg).toContain(`>${text}</text>`);
  });

  it("draws an LSTM baseline's episode without memory panels", async () => {
    const result = await ntm(['show', 'copy-lstm.ntm', '--task', 'copy', '--length', '3', '--out', 'lstm.svg']);
    expect(result.code).toBe(0);
    const labels = [...readFileSync(join(folder, 'lstm.svg'), 'utf8').matchAll(/data-label="([^"]+)"/g)].map(([, label]) => label);
    expect(labels.filter((label) => !label?.startsWith('key'))).toEqual(['inputs', 'targets', 'outputs']);
  });
});
