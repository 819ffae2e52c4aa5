import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackend } from '@ntm/backend';
import { readCheckpointFile } from '@ntm/machine/node';
import { Trainer } from '@ntm/trainer';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerCliBackends } from '../backends.js';
import { runCli } from '../cli.js';
import { memoryIo } from '../io.js';
import { PNG_SIGNATURE } from '../render-png.js';
import type { EvaluationReport } from './eval.js';

const folder = mkdtempSync(join(tmpdir(), 'ntm-e2e-'));
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
  '8',
  '--eval-sequences',
  '16',
  '--eval-every',
  '10',
  '--checkpoint-every',
  '10',
];

async function ntm(argv: string[], options: { isTTY?: boolean } = {}) {
  const io = memoryIo(folder, options);
  const code = await runCli(argv, io);
  return { code, ...io.output };
}

const logOf = (run: string) =>
  readFileSync(join(folder, run, 'log.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual([...PNG_SIGNATURE]);
  expect(new TextDecoder().decode(bytes.subarray(12, 16))).toBe('IHDR');
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function svgSize(svg: string): { width: number; height: number } {
  const match = /^<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svg);
  expect(match).not.toBeNull();
  return { width: Number(match?.[1]), height: Number(match?.[2]) };
}

describe('ntm train, eval, show and plot on a tiny copy run', () => {
  let trained: Awaited<ReturnType<typeof ntm>>;
  beforeAll(async () => {
    trained = await ntm(['train', 'copy', ...tiny, '--steps', '30', '--out', 'tiny']);
  });

  it('trains to --steps and prints a summary with the next commands', () => {
    expect(trained.stderr).toBe('');
    expect(trained.code).toBe(0);
    // Off a terminal: one plain line per evaluation, no carriage returns.
    expect(trained.stdout.match(/^step \d+ · /gm)).toHaveLength(3);
    expect(trained.stdout).not.toContain('\r');
    expect(trained.stdout).toContain('Stopped: reached step 30');
    expect(trained.stdout).toContain('ntm eval tiny/checkpoint.ntm');
    expect(trained.stdout).toContain('ntm show tiny/checkpoint.ntm');
    expect(trained.stdout).toContain('ntm plot tiny');
  });

  it('writes the resolved config beside the log', () => {
    const config = JSON.parse(readFileSync(join(folder, 'tiny', 'config.json'), 'utf8'));
    expect(config).toMatchObject({
      task: 'copy',
      taskConfig: { bits: 4, minLength: 1, maxLength: 2 },
      model: { kind: 'ntm', memory: { slots: 8, wordSize: 6 }, controller: { layerSizes: [16] } },
      batchSize: 8,
      maxSteps: 30,
      stopAtBitErrors: 0.1,
      evaluation: { every: 10, sequences: 16 },
    });
  });

  it('logs a start, an evaluation every 10 steps with every field, and a stop', () => {
    const log = logOf('tiny');
    expect(log.map((record) => record['kind'])).toEqual(['start', 'evaluation', 'evaluation', 'evaluation', 'stop']);
    const evaluations = log.filter((record) => record['kind'] === 'evaluation');
    expect(evaluations.map((record) => record['step'])).toEqual([10, 20, 30]);
    expect(evaluations.map((record) => record['sequencesSeen'])).toEqual([80, 160, 240]);
    for (const record of evaluations) {
      for (const field of ['trainingCost', 'trainingBitErrors', 'evaluationCost', 'evaluationBitErrors', 'sequencesPerSecond', 'wallSeconds']) {
        expect(record[field], field).toBeTypeOf('number');
        expect(record[field] as number, field).toBeGreaterThanOrEqual(0);
      }
      expect(record['nanEvents']).toBe(0);
      expect(record['evaluationSequences']).toBe(16);
    }
    expect((evaluations[2]?.['wallSeconds'] as number) > (evaluations[0]?.['wallSeconds'] as number)).toBe(true);
    expect(log.at(-1)).toMatchObject({ kind: 'stop', reason: 'max-steps', step: 30, sequencesSeen: 240, signal: null });
  });

  it('saves a checkpoint that resumes at the last step', async () => {
    const contents = readCheckpointFile(join(folder, 'tiny', 'checkpoint.ntm'));
    registerCliBackends();
    const { backend } = await createBackend('tfjs-wasm');
    const trainer = Trainer.resume(backend, contents);
    expect(trainer.step).toBe(30);
    expect(trainer.sequencesSeen).toBe(240);
    expect(trainer.lastEvaluation?.sequences).toBe(16);
    trainer.dispose();
  });

  it('evaluates the checkpoint: held-out results and the copy generalisation table', async () => {
    const result = await ntm(['eval', 'tiny/checkpoint.ntm', '--sequences', '4', '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as EvaluationReport;
    expect(report).toMatchObject({ task: 'copy', step: 30, sequencesSeen: 240, seed: 999, heldOut: { sequences: 4 } });
    expect(report.heldOut.cost).toBeGreaterThan(0);
    expect(report.generalisation?.rows.map((row) => row.size)).toEqual([10, 20, 30, 50, 80, 120]);
    // An untrained model's cost grows with the length: a length-120 episode scores 120 × 4 bits.
    const rows = report.generalisation?.rows ?? [];
    expect((rows.at(-1)?.cost ?? 0) > (rows[0]?.cost ?? 0)).toBe(true);

    const table = await ntm(['eval', 'tiny/checkpoint.ntm', '--sequences', '4', '--lengths', '3,5']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('Held-out set (4 sequences, seed 999');
    expect(table.stdout).toMatch(/^\s+length\s+cost \(bits\/seq\)\s+bit errors \(\/seq\)\s+wrong bits$/m);
    expect(table.stdout).toMatch(/^\s+3\s+\d/m);
    expect(table.stdout).toMatch(/^\s+5\s+\d/m);
  });

  it('draws an episode as SVG, with every panel the right size, and as a PNG of the same size', async () => {
    const svgRun = await ntm(['show', 'tiny/checkpoint.ntm', '--length', '5']);
    expect(svgRun.code).toBe(0);
    expect(svgRun.stdout).toMatch(/^Wrote tiny\/episode\.svg \(copy, length 5, seed 1: /);
    const svg = readFileSync(join(folder, 'tiny', 'episode.svg'), 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    const panels = [...svg.matchAll(/<g class="heatmap" data-label="([^"]+)" data-rows="(\d+)" data-columns="(\d+)">/g)].map(([, label, rows, columns]) => [
      label,
      Number(rows),
      Number(columns),
    ]);
    // A length-5 copy episode has 2·5 + 1 = 11 steps; 4 bits + a delimiter in, 4 bits out.
    expect(panels.filter(([label]) => !String(label).startsWith('key'))).toEqual([
      ['inputs', 5, 11],
      ['targets', 4, 11],
      ['outputs', 4, 11],
      ['adds', 6, 11],
      ['reads', 6, 11],
      ['write weighting', 8, 11],
      ['read weighting', 8, 11],
      ['memory at the end', 8, 6],
    ]);
    // The targets are the 5 input vectors again: as many dark cells as input bits set.
    const cellsOf = (label: string) => {
      const group = new RegExp(`data-label="${label}"[^>]*>([\\s\\S]*?)<rect class="frame"`).exec(svg)?.[1] ?? '';
      return group.match(/<rect /g)?.length ?? 0;
    };
    expect(cellsOf('inputs')).toBe(cellsOf('targets') + 1); // + the delimiter
    expect(cellsOf('targets')).toBeGreaterThan(0);

    const pngRun = await ntm(['show', 'tiny/checkpoint.ntm', '--length', '5', '--out', 'pictures/episode.png']);
    expect(pngRun.code).toBe(0);
    expect(pngSize(readFileSync(join(folder, 'pictures', 'episode.png')))).toEqual(svgSize(svg));
  });

  it('plots the learning curve as SVG and PNG', async () => {
    const svgRun = await ntm(['plot', 'tiny']);
    expect(svgRun.code).toBe(0);
    const svg = readFileSync(join(folder, 'tiny', 'curve.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    for (const label of ['sequences seen', 'cost (bits per sequence)', 'bit errors per sequence', 'held-out', 'converged &lt; 0.1'])
      expect(svg).toContain(label);
    // Four lines (training and held-out, cost and bit errors), three points each.
    const series = [...svg.matchAll(/<polyline points="([^"]+)"[^>]*stroke-width="2"/g)].map(([, points]) => points?.split(' ').length);
    expect(series.filter((count) => count === 3)).toHaveLength(4);
    const pngRun = await ntm(['plot', 'tiny/log.jsonl', '--out', 'curve.png', '--log-scale']);
    expect(pngRun.code).toBe(0);
    expect(pngSize(readFileSync(join(folder, 'curve.png')))).toEqual(svgSize(svg));
  });

  it('refuses to start a second run over the first', async () => {
    const result = await ntm(['train', 'copy', ...tiny, '--steps', '5', '--out', 'tiny']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('ntm: error: --out tiny already holds a run; continue it with --resume tiny/checkpoint.ntm, or choose another --out\n');
  });

  it('resumes: the step count goes on from the checkpoint, the log grows', async () => {
    const resumed = await ntm(['train', '--resume', 'tiny/checkpoint.ntm', '--steps', '40']);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('Resuming copy at step 30');
    const log = logOf('tiny');
    const starts = log.filter((record) => record['kind'] === 'start');
    expect(starts.map((record) => record['step'])).toEqual([0, 30]);
    expect(log.filter((record) => record['kind'] === 'evaluation').map((record) => record['step'])).toEqual([10, 20, 30, 40]);
    expect(log.at(-1)).toMatchObject({ kind: 'stop', step: 40, sequencesSeen: 320 });
    const config = JSON.parse(readFileSync(join(folder, 'tiny', 'config.json'), 'utf8'));
    expect(config.maxSteps).toBe(40);
  });

  it('fails cleanly on a truncated checkpoint', async () => {
    const bytes = readFileSync(join(folder, 'tiny', 'checkpoint.ntm'));
    writeFileSync(join(folder, 'truncated.ntm'), bytes.subarray(0, bytes.length - 100));
    const result = await ntm(['eval', 'truncated.ntm']);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(result.stderr).toMatch(/^ntm: error: .*truncated\.ntm/);
  });

  it('draws a live bar on a terminal: redrawn with \\r, then cleared for the summary', async () => {
    const result = await ntm(['train', 'copy', ...tiny, '--steps', '12', '--out', 'tty'], { isTTY: true });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\r\[[█░]{12}\] +\d+% step \d+ · \d+ seq · cost [\d.]+ · bit err [\d.]+/);
    expect(result.stdout).toContain('ETA ');
    expect(result.stdout).toContain('\r\x1b[K\nStopped: reached step 12');
    expect(existsSync(join(folder, 'tty', 'checkpoint.ntm'))).toBe(true);
  });
});
