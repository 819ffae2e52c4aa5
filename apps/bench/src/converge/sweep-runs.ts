import { readFileSync } from 'node:fs';
import type { StopReason } from '@ntm/trainer';
import type { ConvergeRun } from './converge-results.js';

/**
 * The fields of a sweep's `report.json` (format `ntm-sweep-report`, version 1, written by
 * `ntm sweep`) that the convergence benchmark reads.
 */
interface SweepReportFile {
  readonly format: 'ntm-sweep-report';
  readonly formatVersion: 1;
  readonly outcomes: readonly {
    readonly settings: { readonly seed: number };
    readonly stopReason: StopReason;
    readonly converged: boolean;
    readonly steps: number;
    readonly sequencesSeen: number;
    readonly trainingSeconds: number;
    readonly nanEvents: number;
    readonly finalCost: number | null;
    readonly finalBitErrors: number | null;
    readonly evaluations: readonly {
      readonly step: number;
      readonly sequencesSeen: number;
      readonly wallSeconds: number;
      readonly cost: number | null;
      readonly bitErrors: number | null;
    }[];
  }[];
}

/**
 * The finished runs of a sweep's `report.json`, as the benchmark's runs, by seed.
 * @example readSweepRuns('sweeps/copy-shards/report.json').map((run) => run.seed) // [1, 2, …, 10]
 */
export function readSweepRuns(path: string): ConvergeRun[] {
  const report = JSON.parse(readFileSync(path, 'utf8')) as SweepReportFile;
  if (report.format !== 'ntm-sweep-report' || report.formatVersion !== 1)
    throw new Error(`${path} is not an ntm sweep report (format ntm-sweep-report, version 1)`);
  return report.outcomes
    .map((outcome) => ({
      seed: outcome.settings.seed,
      converged: outcome.converged,
      stopReason: outcome.stopReason,
      steps: outcome.steps,
      sequencesSeen: outcome.sequencesSeen,
      trainingSeconds: outcome.trainingSeconds,
      processSeconds: null,
      nanEvents: outcome.nanEvents,
      finalBitErrors: outcome.finalBitErrors,
      finalCost: outcome.finalCost,
      // JSON has no NaN: a non-finite evaluation was written as null, and reads back as NaN.
      evaluations: outcome.evaluations.map(({ step, sequencesSeen, wallSeconds, cost, bitErrors }) => ({
        step,
        sequencesSeen,
        wallSeconds,
        cost: cost ?? Number.NaN,
        bitErrors: bitErrors ?? Number.NaN,
      })),
    }))
    .sort((a, b) => a.seed - b.seed);
}
