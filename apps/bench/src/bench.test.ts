/**
 * Runs the real benchmark program — the esbuild bundle, built into a temporary folder (never
 * into `dist`, so it cannot race a real build) — in `--quick` mode, and checks the report it
 * writes. This is the CI's check that `pnpm bench` works; the speed itself is not asserted.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConvergeResults } from './converge/converge-results.js';
import type { SpeedResults, SubjectMeasurement } from './speed/speed-results.js';

const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const folder = mkdtempSync(join(tmpdir(), 'ntm-bench-test-'));
const bundle = join(folder, 'bin', 'bench.js');
const out = join(folder, 'results');

function runBundle(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bundle, ...argv], { cwd: folder, encoding: 'utf8', timeout: 300_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

let quick: { code: number; stdout: string; stderr: string };
let converge: { code: number; stdout: string; stderr: string };

beforeAll(async () => {
  const build = spawnSync(process.execPath, [join(appRoot, 'scripts', 'build.mjs'), join(folder, 'bin')], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`the bench bundle did not build: ${build.stderr}${build.stdout}`);
  // Side by side: the two check the harness, not the speed.
  [quick, converge] = await Promise.all([
    runBundle(['--quick', '--out', out]),
    runBundle(['--mode', 'converge', '--budget', '3s', '--eval-every', '1', '--out', out]),
  ]);
}, 320_000);

function expectMeasured(measurement: SubjectMeasurement, implementation: string): void {
  expect(measurement).toMatchObject({ implementation, status: 'measured', skippedReason: null, parameterCount: 62_736 });
  const { training, forward, kernels, memory } = measurement;
  expect(training?.sequencesPerSecond).toBeGreaterThan(0);
  expect(training?.msPerStep).toBeGreaterThan(0);
  expect(training?.repetitions).toHaveLength(1);
  expect(training?.stepsPerRepetition).toBe(1);
  expect(forward?.msPerSequence).toBeGreaterThan(0);
  expect(forward?.msPerBatch).toBeGreaterThanOrEqual(forward?.msPerSequence as number);
  // A naive NTM step runs tens of thousands of kernels (docs/toolchain.md); any real step runs hundreds at least.
  expect(kernels?.calls).toBeGreaterThan(100);
  expect(kernels?.kernelMs).toBeGreaterThan(0);
  expect(kernels?.topKernels.length).toBeGreaterThan(0);
  expect(kernels?.topKernels[0]?.calls).toBeGreaterThan(0);
  expect(kernels?.peakBytes).toBeGreaterThan(0);
  for (const field of ['tensors', 'bytes'] as const) {
    expect(Number.isInteger(memory?.before[field])).toBe(true);
    expect(Number.isInteger(memory?.after[field])).toBe(true);
  }
  expect(Number.isInteger(memory?.leakedTensors)).toBe(true);
  expect(Number.isInteger(memory?.leakedBytes)).toBe(true);
  expect(measurement.seconds).toBeGreaterThan(0);
}

describe('pnpm bench --quick', () => {
  it('exits 0 and prints the Markdown table it wrote', () => {
    expect(quick.stderr).toContain('ntm bench (quick)');
    expect(quick.code).toBe(0);
    const markdown = readFileSync(join(out, 'quick.md'), 'utf8');
    expect(quick.stdout).toContain(markdown);
    expect(markdown).toContain('| Backend | Batch | Library seq/s | Baseline seq/s | Ratio |');
    for (const row of ['| tfjs-wasm | 1 |', '| tfjs-wasm | 8 |', '| tfjs-cpu | 1 |', '| tfjs-cpu | 8 |']) expect(markdown).toContain(row);
    expect(markdown).toMatch(/Machine: .+ · \d+ cores · Node v\d+/);
  });

  it('writes a JSON report with every field, for each backend and batch, for both implementations', () => {
    const results = JSON.parse(readFileSync(join(out, 'quick.json'), 'utf8')) as SpeedResults;
    expect(results).toMatchObject({ format: 'ntm-bench-speed', formatVersion: 1, mode: 'quick' });
    expect(results.workload).toEqual(expect.objectContaining({ task: 'copy', sequenceLength: 20, timeSteps: 41 }));
    expect(results.machine.cores).toBeGreaterThan(0);
    expect(results.machine.nodeVersion).toBe(process.version);
    expect(results.machine.loadAverageAtEnd).toHaveLength(3);
    expect(typeof results.machine.cpuModel).toBe('string');
    expect(Date.parse(results.finishedAt)).toBeGreaterThanOrEqual(Date.parse(results.startedAt));
    expect(results.target).toBeNull(); // no batch 32 in a quick run
    expect(results.backends.wasm?.activeBackend).toBe('wasm');
    expect(results.backends.cpu?.activeBackend).toBe('cpu');
    expect(results.rows.map((row) => `${row.backend} ${row.batchSize}`)).toEqual(['wasm 1', 'wasm 8', 'cpu 1', 'cpu 8']);
    for (const row of results.rows) {
      expectMeasured(row.library, 'library');
      expectMeasured(row.baseline, 'baseline');
      expect(row.ratios.trainingSequencesPerSecond).toBeCloseTo(
        (row.library.training?.sequencesPerSecond as number) / (row.baseline.training?.sequencesPerSecond as number),
        10,
      );
      expect(row.ratios.forwardMsPerSequence).toBeGreaterThan(0);
      expect(row.ratios.kernelCallsPerStep).toBeGreaterThan(0);
      // Neither implementation may leak: a step's tensors are all freed once Adam has its slots.
      expect(row.library.memory?.leakedTensors).toBe(0);
      expect(row.baseline.memory?.leakedTensors).toBe(0);
    }
  });

  it('measures the library with 2 gradient workers beside them on tfjs-wasm, with its ratios, and not on tfjs-cpu', () => {
    const results = JSON.parse(readFileSync(join(out, 'quick.json'), 'utf8')) as SpeedResults;
    expect(results.plan.parallel).toEqual({ workers: 2, backends: ['wasm'], warmupSteps: 0 });
    for (const row of results.rows) {
      if (row.backend === 'cpu') {
        expect(row.libraryWorkers).toBeNull();
        continue;
      }
      expectMeasured(row.libraryWorkers as SubjectMeasurement, 'library-workers');
      expect(row.libraryWorkers?.memory?.leakedTensors).toBe(0);
      const speed = row.libraryWorkers?.training?.sequencesPerSecond as number;
      expect(row.workersRatios?.trainingOverBaseline).toBeCloseTo(speed / (row.baseline.training?.sequencesPerSecond as number), 10);
      expect(row.workersRatios?.trainingOverLibrary).toBeCloseTo(speed / (row.library.training?.sequencesPerSecond as number), 10);
    }
    expect(quick.stderr).toContain('[wasm] batch 8 library, 2 workers: ');
    const markdown = readFileSync(join(out, 'quick.md'), 'utf8');
    expect(markdown).toContain('| Ratio | Library, 2 workers seq/s | Ratio | vs library |');
  });

  it('rejects a bad flag with exit 2 and one line naming the flag, the value and what is expected', async () => {
    const result = await runBundle(['--mode', 'converge', '--budget', '20']);
    expect(result).toEqual({ code: 2, stdout: '', stderr: 'ntm bench: --budget must be a duration such as 90s, 20m or 1h, got "20"\n' });
  });
});

describe('pnpm bench --mode converge (a few seconds of it)', () => {
  it('runs a sweep of the ntm command until the budget, evaluating, and reports each seed with every field', () => {
    expect(converge.stderr).toContain('ntm bench (converge): seeds 1');
    expect(converge.code).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'converge.json'), 'utf8')) as ConvergeResults;
    expect(results).toMatchObject({ format: 'ntm-bench-converge', formatVersion: 1, medianTrainingMinutes: null });
    expect(results.plan).toMatchObject({ seeds: [1], budgetSeconds: 3, backend: 'wasm', batchSize: 8, evaluationEvery: 1, targetBitErrors: 0.1 });
    // The runs are an `ntm sweep`: its progress lines went to stderr.
    expect(converge.stderr).toMatch(/started copy-ntm-lstm-adam-b8-s1/);
    expect(converge.stderr).toMatch(/finished copy-ntm-lstm-adam-b8-s1: time budget spent after/);
    expect(results.backendInfo).toBeNull();
    const [run] = results.runs;
    expect(results.runs).toHaveLength(1);
    expect(run).toMatchObject({ seed: 1, converged: false, stopReason: 'time-budget', nanEvents: 0 });
    expect(run?.steps).toBeGreaterThan(0);
    expect(run?.sequencesSeen).toBe((run?.steps as number) * 8);
    // `ntm train` starts no step that the step before it predicts would end more than a tenth past
    // --time-budget. Every step is evaluated, so the evaluation before the last marks when the last
    // step started: before 3.3 s. And it stopped only at 3 s or because the next step, predicted to
    // take as long as the last, would have ended past 3.3 s. (No bound on wall time itself: a loaded
    // machine can make one step far slower than the one before.)
    const trainingSeconds = run?.trainingSeconds as number;
    const lastStepStart = run?.evaluations.at(-2)?.wallSeconds ?? 0;
    expect(lastStepStart).toBeLessThan(3 * 1.1);
    expect(trainingSeconds).toBeGreaterThanOrEqual(run?.evaluations.at(-1)?.wallSeconds as number);
    expect(trainingSeconds + (trainingSeconds - lastStepStart)).toBeGreaterThan(3);
    expect(run?.processSeconds).toBeNull();
    // Every step was evaluated; an untrained model gets most of the ~84 bits of a length-1..20 episode wrong.
    expect(run?.evaluations).toHaveLength(run?.steps as number);
    expect(run?.finalBitErrors).toBe(run?.evaluations.at(-1)?.bitErrors);
    expect(run?.finalBitErrors).toBeGreaterThan(1);
    const markdown = readFileSync(join(out, 'converge.md'), 'utf8');
    expect(converge.stdout).toContain(markdown);
    expect(markdown).toContain('| 1 | no (time-budget) |');
    expect(markdown).toContain('No run of 1 converged within 3.00 s.');
  });
});

describe('pnpm bench --mode compare', () => {
  it('draws the learning curves of converge.json files, before and after, and prints where it wrote them', async () => {
    const file = join(out, 'converge.json');
    const compare = join(folder, 'compare');
    const result = await runBundle(['--mode', 'compare', '--before', file, '--after', file, '--out', compare]);
    const written = ['learning-curves.md', 'learning-curves.svg', 'learning-curves-time.svg'].map((name) => join(compare, name));
    expect(result).toEqual({ code: 0, stdout: `Wrote ${written[0]}, ${written[1]} and ${written[2]}\n`, stderr: '' });
    const run = (JSON.parse(readFileSync(file, 'utf8')) as ConvergeResults).runs[0];
    for (const svgFile of written.slice(1)) {
      const pointCounts = [...readFileSync(svgFile, 'utf8').matchAll(/<polyline points="([^"]*)"/g)].map((match) => match[1]?.split(' ').length);
      expect(pointCounts).toEqual([run?.evaluations.length, run?.evaluations.length]);
    }
    const markdown = readFileSync(written[0] as string, 'utf8');
    expect(markdown).toContain('| 1 | no (time-budget) | – |');
    expect(markdown).toContain('Before: no run of 1 converged.');
  });

  it('rejects a file that is not a convergence result with exit 2 and one line naming it', async () => {
    const speed = join(out, 'quick.json');
    const result = await runBundle(['--mode', 'compare', '--before', speed, '--after', join(out, 'converge.json'), '--out', join(folder, 'never')]);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `ntm bench: --before file ${speed}: format must be "ntm-bench-converge", got "ntm-bench-speed"; write one with pnpm bench --mode converge\n`,
    });
  });
});
