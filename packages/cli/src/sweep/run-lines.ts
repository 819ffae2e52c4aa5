import { formatCount, formatDuration, formatMeasure } from '../format.js';
import type { RunOutcome } from './run-outcome.js';

const reasons: Readonly<Record<RunOutcome['stopReason'], string>> = {
  converged: 'converged',
  'max-steps': 'step budget spent',
  'time-budget': 'time budget spent',
  stopped: 'stopped',
  diverged: 'diverged (NaN or Infinity, step after step)',
};

/**
 * The line a sweep prints when a run ends.
 * @example formatRunEnd(outcome) // 'finished copy-ntm-lstm-adam-s1: converged after 48,000 sequences, 1m 47s of training; held-out 0.0391 bit errors, cost 2.31; test set 0.22 bit errors'
 */
export function formatRunEnd(outcome: RunOutcome): string {
  const resumed = outcome.resumes > 0 ? ` (resumed ${outcome.resumes}×)` : '';
  const test = outcome.test ? `; test set ${formatMeasure(outcome.test.bitErrors)} bit errors` : '';
  return (
    `finished ${outcome.id}${resumed}: ${reasons[outcome.stopReason]} after ${formatCount(outcome.sequencesSeen)} sequences, ` +
    `${formatDuration(outcome.trainingSeconds)} of training; held-out ${formatMeasure(outcome.finalBitErrors)} bit errors, cost ${formatMeasure(outcome.finalCost)}${test}`
  );
}
