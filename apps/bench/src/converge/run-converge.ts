import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from '../measure/statistics.js';
import { formatConvergeMarkdown } from '../report/converge-markdown.js';
import { formatDuration } from '../report/format.js';
import { describeMachine, roundedLoad } from '../report/machine-info.js';
import { writeResults } from '../results-files.js';
import { TASK_TRAINING_DEFAULTS } from '@ntm/trainer';
import type { ConvergePlan } from './converge-plan.js';
import type { ConvergeResults, ConvergeRun } from './converge-results.js';
import { readSweepRuns } from './sweep-runs.js';

/**
 * The sweep spec of a convergence benchmark: the paper's copy-task NTM-LSTM with the
 * copy task's defaults (Adam, clipping, NaN guard; lengths 1–20), one run per seed,
 * stopping below the target held-out bit errors or when the budget runs out.
 *
 * @example convergeSweepSpec({ ...DEFAULT_CONVERGE_PLAN, seeds: [1, 2] }).grid // { task: 'copy', preset: 'ntm-lstm', seed: [1, 2], … }
 */
export function convergeSweepSpec(plan: ConvergePlan): Record<string, unknown> {
  return {
    name: 'bench-converge',
    backend: `tfjs-${plan.backend}`,
    grid: { task: 'copy', preset: 'ntm-lstm', seed: [...plan.seeds], batchSize: plan.batchSize, curriculum: plan.curriculum },
    budget: { time: plan.budgetSeconds, stopAt: plan.targetBitErrors, evalEvery: plan.evaluationEvery },
  };
}

/**
 * The convergence benchmark's parent: a sweep of `ntm` (its bundle, built beside this one
 * into `ntm/`) over the plan's seeds, `plan.parallel` at a time, then `converge.json` and
 * `converge.md` in `outputFolder`, read from the sweep's `report.json`. There is one
 * implementation of "many runs", the sweep; this is one use of it.
 *
 * @example const { results } = await runConvergeBenchmark({ ...DEFAULT_CONVERGE_PLAN, seeds: [1, 2, 3] }, 'results', console.error);
 */
export async function runConvergeBenchmark(
  plan: ConvergePlan,
  outputFolder: string,
  log: (line: string) => void,
): Promise<{ results: ConvergeResults; files: [string, string]; ok: boolean }> {
  const startedAt = new Date();
  const machine = describeMachine();
  log(
    `ntm bench (converge): seeds ${plan.seeds.join(', ')}, ${plan.parallel} at a time, budget ${formatDuration(plan.budgetSeconds)} each, tfjs-${plan.backend}, ` +
      `batch ${plan.batchSize}; load average ${machine.loadAverageAtStart.join(' ')}`,
  );
  const scratch = mkdtempSync(join(tmpdir(), 'ntm-bench-'));
  const notes: string[] = [];
  let runs: ConvergeRun[] = [];
  let ok = true;
  try {
    const specFile = join(scratch, 'bench-converge.json');
    writeFileSync(specFile, JSON.stringify(convergeSweepSpec(plan)));
    const sweepFolder = join(scratch, 'sweep');
    const code = await runNtm(['sweep', specFile, '--out', sweepFolder, '--parallel', String(plan.parallel)]);
    if (code !== 0) {
      ok = false;
      notes.push(`ntm sweep exited with ${code}: a run failed (its lines above say why); the runs that finished are below.`);
    }
    runs = readSweepRuns(join(sweepFolder, 'report.json'));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  notes.push(
    "The naive baseline's convergence is not measured (not required): it trains the same model, so it would need about as many sequences, at its own (much lower) sequences per second from latest.md.",
  );
  const converged = runs.filter((run) => run.converged);
  const finishedAt = new Date();
  const results: ConvergeResults = {
    format: 'ntm-bench-converge',
    formatVersion: 1,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    machine: { ...machine, loadAverageAtEnd: roundedLoad() },
    backendInfo: null,
    workload: {
      task: 'copy',
      lengths: '1–20 (the paper’s)',
      model: "the paper's NTM-LSTM (LSTM 100, memory 128 × 20, 1 read + 1 write head, shifts −1…1)",
      optimizer: `the copy task's defaults: Adam ${TASK_TRAINING_DEFAULTS.copy.optimizer.learningRate} (×${TASK_TRAINING_DEFAULTS.copy.learningRateFactorAfterCriterion} from the first validation result below the target), gradients clipped elementwise to ±10 and by global norm to 50`,
    },
    plan,
    runs,
    medianTrainingMinutes: converged.length === 0 ? null : median(converged.map((run) => run.trainingSeconds)) / 60,
    notes,
  };
  const files = writeResults(outputFolder, 'converge', results, formatConvergeMarkdown(results));
  return { results, files, ok };
}

/** Runs the `ntm` bundle built beside this one, its output on this process's stderr (stdout carries the report). */
function runNtm(argv: readonly string[]): Promise<number | string> {
  const program = fileURLToPath(new URL('./ntm/ntm.js', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [program, ...argv], { stdio: ['ignore', process.stderr, 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
}
