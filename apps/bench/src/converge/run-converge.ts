import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TfjsBackendInfo } from '@ntm/backend-tfjs';
import { median } from '../measure/statistics.js';
import { formatConvergeMarkdown } from '../report/converge-markdown.js';
import { formatDuration } from '../report/format.js';
import { describeMachine, roundedLoad } from '../report/machine-info.js';
import { writeResults } from '../results-files.js';
import { runWorkerProcess } from '../worker-process.js';
import type { ConvergePlan } from './converge-plan.js';
import type { ConvergeResults, ConvergeRun, ConvergeWorkerResult } from './converge-results.js';

/**
 * The convergence benchmark's parent: one worker process per seed, one after the other, then
 * `converge.json` and `converge.md` in `outputFolder`.
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
    `ntm bench (converge): seeds ${plan.seeds.join(', ')}, budget ${formatDuration(plan.budgetSeconds)} each, tfjs-${plan.backend}, batch ${plan.batchSize}; ` +
      `load average ${machine.loadAverageAtStart.join(' ')}`,
  );
  const scratch = mkdtempSync(join(tmpdir(), 'ntm-bench-'));
  const runs: ConvergeRun[] = [];
  const notes: string[] = [];
  let backendInfo: TfjsBackendInfo | null = null;
  let ok = true;
  try {
    for (const seed of plan.seeds) {
      const resultFile = join(scratch, `seed-${seed}.json`);
      try {
        const result = await runWorkerProcess<ConvergeWorkerResult>(
          ['--worker', 'converge', '--seed', String(seed), '--plan', JSON.stringify(plan), '--result', resultFile],
          resultFile,
        );
        runs.push(result.run);
        backendInfo = result.backendInfo;
      } catch (error) {
        ok = false;
        notes.push(`seed ${seed}: ${(error as Error).message}`);
        log(`ntm bench: ${(error as Error).message}`);
      }
    }
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
    backendInfo,
    workload: {
      task: 'copy',
      lengths: '1–20 (the paper’s)',
      model: "the paper's NTM-LSTM (LSTM 100, memory 128 × 20, 1 read + 1 write head, shifts −1…1)",
      optimizer: "the trainer's defaults: Adam 1e-3, gradients clipped elementwise to ±10 and by global norm to 50",
    },
    plan,
    runs,
    medianTrainingMinutes: converged.length === 0 ? null : median(converged.map((run) => run.trainingSeconds)) / 60,
    notes,
  };
  const files = writeResults(outputFolder, 'converge', results, formatConvergeMarkdown(results));
  return { results, files, ok };
}
