import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { memoryIo } from '../io.js';
import { logLine } from '../run-log.js';

const folder = mkdtempSync(join(tmpdir(), 'ntm-plot-'));

const evaluation = (step: number) =>
  logLine({
    kind: 'evaluation',
    time: 't',
    step,
    sequencesSeen: step * 16,
    trainingCost: 10 / step,
    trainingBitErrors: 1 / step,
    evaluationCost: 12 / step,
    evaluationBitErrors: 2 / step,
    evaluationSequences: 16,
    sequencesPerSecond: 100,
    wallSeconds: step,
    nanEvents: 0,
    curriculumLevel: null,
  });

describe('ntm plot on a log that met a fault', () => {
  it('plots a log whose last line was torn, and says it left that line out', async () => {
    mkdirSync(join(folder, 'torn'));
    writeFileSync(join(folder, 'torn', 'log.jsonl'), `${evaluation(10)}${evaluation(20)}${evaluation(30).slice(0, 40)}`);
    const io = memoryIo(folder);
    expect(await runCli(['plot', 'torn'], io)).toBe(0);
    expect(io.output.stderr).toBe(
      `ntm: warning: the last line (3) of torn/log.jsonl was cut off mid-write, so it is left out: ${evaluation(30).slice(0, 40)}\n`,
    );
    expect(io.output.stdout).toBe('Wrote torn/curve.svg (2 evaluations, up to 320 sequences)\n');
  });

  it('a binary file fails with one line in which every byte is printable', async () => {
    writeFileSync(join(folder, 'picture.png'), Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x0a));
    const io = memoryIo(folder);
    expect(await runCli(['plot', 'picture.png'], io)).toBe(1);
    expect(io.output.stderr).toBe(`ntm: error: log ${join(folder, 'picture.png')} line 1 is not JSON: \\ufffdPNG\\x0d\n`);
    expect(io.output.stderr.slice(0, -1)).toMatch(/^[\x20-\x7e]*$/);
  });
});
