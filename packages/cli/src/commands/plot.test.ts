import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { memoryIo } from '../io.js';
import { logLine } from '../run-log.js';
import { evaluationLine } from './__fixtures__/evaluation-line.js';

const folder = mkdtempSync(join(tmpdir(), 'ntm-plot-'));

describe('ntm plot on a log that met a fault', () => {
  it('plots a log whose last line was torn, and says it left that line out', async () => {
    mkdirSync(join(folder, 'torn'));
    writeFileSync(join(folder, 'torn', 'log.jsonl'), `${evaluationLine(10)}${evaluationLine(20)}${evaluationLine(30).slice(0, 40)}`);
    const io = memoryIo(folder);
    expect(await runCli(['plot', 'torn'], io)).toBe(0);
    expect(io.output.stderr).toBe(
      `ntm: warning: the last line (3) of torn/log.jsonl was cut off mid-write, so it is left out: ${evaluationLine(30).slice(0, 40)}\n`,
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

/** A run folder of priority sort (the cost is its figure, stop at 20 bits) whose cost falls as `60 / step` per evaluation. */
function sortRun(name: string, lastStep: number, stop: { reason: 'converged' | 'time-budget'; minutes: number } | null, task = 'priority-sort') {
  mkdirSync(join(folder, name));
  const lines = [10, 20, lastStep].map((step) => evaluationLine(step).replace(/"evaluationCost":[^,]*/, `"evaluationCost":${600 / step}`));
  if (stop) {
    const seconds = stop.minutes * 60;
    lines.push(
      logLine({ kind: 'stop', time: 't', step: lastStep, sequencesSeen: lastStep * 16, reason: stop.reason, signal: null, wallSeconds: seconds, nanEvents: 0 }),
    );
  }
  writeFileSync(join(folder, name, 'log.jsonl'), lines.join(''));
  writeFileSync(join(folder, name, 'config.json'), JSON.stringify({ task, stopAtBitErrors: null, stopAtCost: 20, stopAtCostOverOptimal: null }));
}

describe('ntm plot of several runs (seeds of one task)', () => {
  it("draws the band of the task's own figure with the shared criterion, and gives each run's stop and the spread to the criterion", async () => {
    sortRun('s1', 30, { reason: 'converged', minutes: 3 });
    sortRun('s2', 40, { reason: 'converged', minutes: 5 });
    sortRun('s3', 60, { reason: 'converged', minutes: 10 });
    sortRun('s4', 50, null); // still training
    const io = memoryIo(folder);
    expect(await runCli(['plot', 's1', 's2', 's3', 's4/log.jsonl', '--out', 'seeds.svg'], io)).toBe(0);
    expect(io.output.stderr).toBe('');
    const lines = io.output.stdout.split('\n');
    expect(lines[0]).toBe('Wrote seeds.svg: the median and quartiles of held-out cost per sequence (bits) over 4 runs');
    expect(lines[3]).toMatch(/^ s1 +480 +20 +converged +480 +3 +0$/);
    expect(lines[6]).toMatch(/^ s4 +800 +12 +not stopped +– +– +0$/);
    expect(lines.slice(8)).toEqual([
      '3 of 4 runs met their stop criterion; median (quartiles) [range] over them:',
      '  sequences to it: 640 (560–800) [480–960]',
      '  minutes of training to it: 5 (4–7.5) [3–10]',
      '',
    ]);
    const svg = readFileSync(join(folder, 'seeds.svg'), 'utf8');
    expect(svg).toContain('priority-sort: 4 runs');
    expect(svg).toContain('median over the runs, band between the quartiles; a run short of its criterion ends where its log does');
    expect(svg).toContain('held-out cost per sequence (bits)');
    expect(svg).toContain('stop criterion 20');
  });

  it("draws one sort run's learning curve with its cost criterion on the cost panel", async () => {
    const io = memoryIo(folder);
    expect(await runCli(['plot', 's2', '--out', 's2-curve.svg'], io)).toBe(0);
    const svg = readFileSync(join(folder, 's2-curve.svg'), 'utf8');
    expect(svg).toContain('priority-sort: learning curve');
    expect(svg).toContain('converged &lt; 20');
  });

  it("draws one N-grams run's Bayes-optimal cost beside its own, and its criterion 1 % above it", async () => {
    mkdirSync(join(folder, 'ngrams'));
    const lines = [10, 20, 30].map((step) => evaluationLine(step).replace('"evaluationSequences"', '"evaluationOptimalCost":0.25,"evaluationSequences"'));
    writeFileSync(join(folder, 'ngrams', 'log.jsonl'), lines.join(''));
    writeFileSync(
      join(folder, 'ngrams', 'config.json'),
      JSON.stringify({ task: 'dynamic-ngrams', stopAtBitErrors: null, stopAtCost: null, stopAtCostOverOptimal: 0.01 }),
    );
    const io = memoryIo(folder);
    expect(await runCli(['plot', 'ngrams'], io)).toBe(0);
    const svg = readFileSync(join(folder, 'ngrams', 'curve.svg'), 'utf8');
    expect(svg).toContain('Bayes optimum, held-out');
    expect(svg).toContain('converged &lt; 0.2525');
  });

  it('says so when no run has met its criterion', async () => {
    sortRun('t1', 30, { reason: 'time-budget', minutes: 3 });
    sortRun('t2', 30, null);
    const io = memoryIo(folder);
    expect(await runCli(['plot', 't1', 't2'], io)).toBe(0);
    expect(io.output.stdout).toContain('None of the 2 runs has met its stop criterion.\n');
    expect(readFileSync(join(folder, 'runs-band.svg'), 'utf8')).toContain('priority-sort: 2 runs');
  });

  it('reads a log kept as <name>-log.jsonl with its <name>-config.json beside it, as checkpoints/ keeps them', async () => {
    mkdirSync(join(folder, 'kept'));
    for (const [run, last] of [
      ['s1', 'seed-1'],
      ['s3', 'seed-3'],
    ] as const) {
      for (const file of ['log.jsonl', 'config.json']) writeFileSync(join(folder, 'kept', `${last}-${file}`), readFileSync(join(folder, run, file)));
    }
    const io = memoryIo(folder);
    expect(await runCli(['plot', 'kept/seed-1-log.jsonl', 'kept/seed-3-log.jsonl', '--out', 'kept.svg'], io)).toBe(0);
    expect(io.output.stdout).toMatch(/\nseed-1 +480 +20 +converged +480 /);
    expect(io.output.stdout).toMatch(/\nseed-3 +960 +10 +converged +960 /);
    expect(readFileSync(join(folder, 'kept.svg'), 'utf8')).toContain('stop criterion 20');
  });

  it('draws bit errors that reach 0 on a log axis at the floor it names, and the criterion beside them', async () => {
    for (const [name, errors] of [
      ['c1', [3, 0.5, 0]],
      ['c2', [4, 0.05, 0]],
      ['c3', [5, 1, 0.02]],
    ] as const) {
      mkdirSync(join(folder, name));
      const lines = [10, 20, 30].map((step, index) => evaluationLine(step).replace(/"evaluationBitErrors":[^,]*/, `"evaluationBitErrors":${errors[index]}`));
      writeFileSync(join(folder, name, 'log.jsonl'), lines.join(''));
      writeFileSync(join(folder, name, 'config.json'), JSON.stringify({ task: 'copy', stopAtBitErrors: 0.1, stopAtCost: null, stopAtCostOverOptimal: null }));
    }
    const io = memoryIo(folder);
    expect(await runCli(['plot', 'c1', 'c2', 'c3', '--log-scale', '--out', 'copy-log.svg'], io)).toBe(0);
    expect(io.output.stdout.split('\n')[0]).toBe('Wrote copy-log.svg: the median and quartiles of held-out bit errors per sequence over 3 runs');
    const svg = readFileSync(join(folder, 'copy-log.svg'), 'utf8');
    expect(svg).toContain('median over the runs, band between the quartiles; a run short of its criterion ends where its log does; below 0.01 drawn at 0.01');
    expect(svg).toContain('stop criterion 0.1');
    // Decades on the axis, from the floor up, and nothing drawn at an infinite or missing place.
    for (const tick of ['>0.01<', '>0.1<', '>1<']) expect(svg).toContain(tick);
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it('refuses a run given twice (its folder and its log), which would count one seed twice', async () => {
    const io = memoryIo(folder);
    expect(await runCli(['plot', 's1', 's2', 's1/log.jsonl'], io)).toBe(2);
    expect(io.output.stderr).toBe('ntm: error: run s1/log.jsonl is given twice (as s1 too); give each run once\n');
  });

  it('refuses runs of different tasks, naming two of them', async () => {
    sortRun('copy-run', 30, null, 'copy');
    const io = memoryIo(folder);
    expect(await runCli(['plot', 's1', 'copy-run'], io)).toBe(1);
    expect(io.output.stderr).toBe(
      'ntm: error: runs s1 and copy-run are of different tasks (priority-sort and copy); a band over runs needs runs of one task\n',
    );
  });
});
