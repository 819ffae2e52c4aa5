import { describeMachineLine } from '../../report/machine-line.js';
import type { ConvergeResults, ConvergeRun } from '../../converge/converge-results.js';
import { DEFAULT_CONVERGE_PLAN } from '../../converge/converge-plan.js';

/**
 * A run whose evaluations (every 50 steps of batch 32: 1,600 sequences, and `secondsPerEvaluation`
 * of training) scored `bitErrors`; it converged when the last one is below 0.1.
 *
 * @example syntheticRun(1, [30, 2, 0.05]) // 3 evaluations, converged at 4,800 sequences
 */
export function syntheticRun(seed: number, bitErrors: readonly (number | null)[], secondsPerEvaluation = 30, nanEvents = 0): ConvergeRun {
  const evaluations = bitErrors.map((errors, index) => ({
    step: 50 * (index + 1),
    sequencesSeen: 1600 * (index + 1),
    wallSeconds: secondsPerEvaluation * (index + 1),
    // JSON writes a NaN as null, which is what a file holds after a NaN evaluation.
    bitErrors: errors as number,
    cost: 1,
  }));
  const last = evaluations.at(-1);
  const converged = typeof last?.bitErrors === 'number' && last.bitErrors < 0.1;
  return {
    seed,
    converged,
    stopReason: converged ? 'converged' : 'time-budget',
    steps: last?.step ?? 0,
    sequencesSeen: last?.sequencesSeen ?? 0,
    trainingSeconds: (last?.wallSeconds ?? 0) + 1,
    processSeconds: (last?.wallSeconds ?? 0) + 5,
    nanEvents,
    finalBitErrors: last?.bitErrors ?? null,
    finalCost: last ? 1 : null,
    evaluations,
  };
}

/**
 * A `converge.json` holding `runs`, as `pnpm bench --mode converge` writes it.
 * @example syntheticResults([syntheticRun(1, [30, 0.05])])
 */
export function syntheticResults(runs: readonly ConvergeRun[], overrides: Partial<ConvergeResults> = {}): ConvergeResults & { readonly origin: string } {
  const results: ConvergeResults = {
    format: 'ntm-bench-converge',
    formatVersion: 1,
    startedAt: '2026-11-25T20:00:00.000Z',
    finishedAt: '2026-11-25T20:30:00.000Z',
    machine: {
      cpuModel: 'Test CPU',
      cores: 2,
      availableParallelism: 2,
      memoryGiB: 8,
      platform: 'linux',
      arch: 'x64',
      nodeVersion: 'v20.20.0',
      loadAverageAtStart: [1.5, 1, 1],
      loadAverageAtEnd: [2.5, 1, 1],
      gitCommit: 'abc1234',
    },
    backendInfo: { activeBackend: 'wasm', tfjsVersion: '4.22.0', wasmSimd: true, wasmMultithreading: false, wasmThreads: 1, fusedKernels: 'wasm-simd' },
    workload: { task: 'copy', lengths: '1–20', model: 'NTM-LSTM', optimizer: 'Adam' },
    plan: { ...DEFAULT_CONVERGE_PLAN, seeds: runs.map((run) => run.seed) },
    runs,
    medianTrainingMinutes: null,
    notes: [],
    ...overrides,
  };
  // What readConvergeFiles makes of such a file.
  return { ...results, origin: describeMachineLine(results.machine, results.backendInfo, results.finishedAt) };
}
