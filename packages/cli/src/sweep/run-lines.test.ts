import { describe, expect, it } from 'vitest';
import type { RunOutcome } from './run-outcome.js';
import { formatRunEnd } from './run-lines.js';
import { parseSweepSpec } from './sweep-spec.js';
import { expandSweep } from './sweep-runs.js';

const [run] = expandSweep(parseSweepSpec('grid: { task: copy, seed: 1 }', 's.yaml'));
if (!run) throw new Error('no run');
const outcome: RunOutcome = {
  format: 'ntm-sweep-run',
  formatVersion: 1,
  id: run.id,
  configuration: run.configuration,
  settings: run.settings,
  stopReason: 'converged',
  converged: true,
  steps: 1500,
  sequencesSeen: 48_000,
  trainingSeconds: 107,
  nanEvents: 0,
  finalCost: 2.31,
  finalBitErrors: 0.0390625,
  resumes: 0,
  evaluations: [],
  test: null,
};

describe('formatRunEnd', () => {
  it('says why the run ended, after how much training, and its held-out and test figures', () => {
    expect(formatRunEnd(outcome)).toBe(
      'finished copy-ntm-lstm-adam-s1: converged after 48,000 sequences, 1m 47s of training; held-out 0.0391 bit errors, cost 2.31',
    );
    const tested = { ...outcome, resumes: 2, test: { sequences: 1000, seed: 4242, cost: 9.1, bitErrors: 0.22, generalisation: [] } };
    expect(formatRunEnd(tested)).toBe(
      'finished copy-ntm-lstm-adam-s1 (resumed 2×): converged after 48,000 sequences, 1m 47s of training; held-out 0.0391 bit errors, cost 2.31; test set 0.22 bit errors',
    );
    expect(formatRunEnd({ ...outcome, stopReason: 'diverged', converged: false })).toMatch(/: diverged \(NaN or Infinity, step after step\) after/);
  });
});
