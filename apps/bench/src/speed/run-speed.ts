import { DEFAULT_GRADIENT_SHARDS } from '@ntm/trainer';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TfjsBackendInfo, TfjsFlavor } from '@ntm/backend-tfjs';
import { describeMachine, roundedLoad } from '../report/machine-info.js';
import { formatSpeedMarkdown } from '../report/speed-markdown.js';
import { writeResults } from '../results-files.js';
import { runWorkerProcess } from '../worker-process.js';
import type { SpeedPlan } from './speed-plan.js';
import { speedTarget, type SpeedResults, type SpeedRow, type SpeedWorkerResult } from './speed-results.js';
import { implementationLabel } from './subjects.js';

/**
 * The speed benchmark's parent: one worker process per backend, one after the other (never
 * two at once: they would share the cores and slow each other; only `--quick` runs them side
 * by side), then `latest.json` and
 * `latest.md` (`quick.*` for `--quick`) in `outputFolder`. Returns the results and whether
 * every worker finished.
 *
 * @example const { results, ok } = await runSpeedBenchmark(DEFAULT_SPEED_PLAN, 'results', console.error);
 */
export async function runSpeedBenchmark(
  plan: SpeedPlan,
  outputFolder: string,
  log: (line: string) => void,
): Promise<{ results: SpeedResults; files: [string, string]; ok: boolean }> {
  const startedAt = new Date();
  const machine = describeMachine();
  log(
    `ntm bench (${plan.mode}): backends ${plan.backends.join(', ')}, batches ${plan.batchSizes.join(', ')}, copy length ${plan.sequenceLength}; ` +
      `load average ${machine.loadAverageAtStart.join(' ')}`,
  );
  const scratch = mkdtempSync(join(tmpdir(), 'ntm-bench-'));
  const rows: SpeedRow[] = [];
  const backends: Partial<Record<TfjsFlavor, TfjsBackendInfo>> = {};
  const notes: string[] = [];
  let ok = true;
  const runBackend = async (backend: TfjsFlavor): Promise<SpeedWorkerResult | null> => {
    const resultFile = join(scratch, `${backend}.json`);
    try {
      return await runWorkerProcess<SpeedWorkerResult>(
        ['--worker', 'speed', '--backend', backend, '--plan', JSON.stringify(plan), '--result', resultFile],
        resultFile,
      );
    } catch (error) {
      ok = false;
      notes.push(`tfjs-${backend}: ${(error as Error).message}; its rows are missing.`);
      log(`ntm bench: ${(error as Error).message}`);
      return null;
    }
  };
  try {
    // A quick run checks the harness, not the speed: its workers may share the cores.
    const finished: (SpeedWorkerResult | null)[] = [];
    if (plan.mode === 'quick') finished.push(...(await Promise.all(plan.backends.map(runBackend))));
    else for (const backend of plan.backends) finished.push(await runBackend(backend));
    for (const result of finished) {
      if (result === null) continue;
      rows.push(...result.rows);
      backends[result.backend] = result.backendInfo;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  for (const row of rows) {
    for (const measurement of [row.library, row.baseline, row.libraryWorkers ?? null]) {
      if (measurement?.status === 'skipped') {
        const label = implementationLabel(measurement.implementation, plan.parallel?.workers);
        notes.push(`tfjs-${row.backend}, batch ${row.batchSize}, ${label}: skipped: ${measurement.skippedReason}.`);
      }
    }
  }
  notes.push(
    'The baseline does not clip gradients or check them for NaN; the library does both in every step (a few hundred extra kernel calls), so the comparison slightly favours the baseline.',
  );
  if (plan.parallel !== null) {
    notes.push(
      `Library, ${plan.parallel.workers} workers: the same trainer with \`workers: ${plan.parallel.workers}\`: the batch's ${Math.max(DEFAULT_GRADIENT_SHARDS, plan.parallel.workers)} shards (the library row computes them one after another) ` +
        `shared by the trainer's thread and ${plan.parallel.workers - 1} worker thread${plan.parallel.workers === 2 ? '' : 's'}, the same bits as one thread (tfjs-${plan.parallel.backends.join(', tfjs-')} only). ` +
        "Its kernel count and leaks are the trainer's thread's; it gains only where a second core is idle. " +
        `Load average at the start ${machine.loadAverageAtStart.join(' ')}.`,
    );
  }
  const finishedAt = new Date();
  const first = rows[0];
  const results: SpeedResults = {
    format: 'ntm-bench-speed',
    formatVersion: 1,
    mode: plan.mode,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    wallSeconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
    machine: { ...machine, loadAverageAtEnd: roundedLoad() },
    workload: {
      task: 'copy',
      sequenceLength: plan.sequenceLength,
      timeSteps: 2 * plan.sequenceLength + 1,
      model: `the paper's NTM-LSTM (LSTM 100, memory 128 × 20, 1 read + 1 write head, shifts −1…1${
        first?.library.parameterCount ? `, ${first.library.parameterCount.toLocaleString('en-US')} parameters` : ''
      })`,
      optimizer: 'Adam 1e-3',
    },
    plan,
    backends,
    rows,
    target: speedTarget(rows, plan.parallel?.workers ?? null),
    notes,
  };
  const files = writeResults(outputFolder, plan.mode === 'quick' ? 'quick' : 'latest', results, formatSpeedMarkdown(results));
  return { results, files, ok };
}
