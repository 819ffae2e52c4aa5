import { describe, expect, it } from 'vitest';
import { estimateSecondsLeft, ProgressDisplay, progressFraction, progressLine, type ProgressState } from './progress-bar.js';

const state: ProgressState = {
  step: 150,
  sequencesSeen: 4800,
  cost: 41.234,
  bitErrors: 11.3,
  heldOutBitErrors: 10.9,
  sequencesPerSecond: 38.12,
  elapsedSeconds: 10,
  startStep: 100,
};

describe('progress arithmetic', () => {
  it('takes the further of the step and time budgets', () => {
    expect(progressFraction(state, { maxSteps: 300, timeBudgetSeconds: null })).toBe(0.5);
    expect(progressFraction(state, { maxSteps: 300, timeBudgetSeconds: 16 })).toBe(0.625);
    expect(progressFraction(state, { maxSteps: null, timeBudgetSeconds: null })).toBeNull();
  });

  it("times the steps left at this invocation's pace, and takes the nearer budget", () => {
    // 50 steps in 10 s since the resume at step 100: 150 more steps take 30 s.
    expect(estimateSecondsLeft(state, { maxSteps: 300, timeBudgetSeconds: null })).toBe(30);
    expect(estimateSecondsLeft(state, { maxSteps: 300, timeBudgetSeconds: 25 })).toBe(15);
    expect(estimateSecondsLeft(state, { maxSteps: null, timeBudgetSeconds: null })).toBeNull();
  });

  it('writes the line: bar, step, sequences, cost, bit errors, speed and ETA', () => {
    expect(progressLine(state, { maxSteps: 300, timeBudgetSeconds: null }, 200)).toBe(
      '[██████░░░░░░]  50% step 150 · 4,800 seq · cost 41.2 · bit err 11.3 (held-out 10.9) · 38.1 seq/s · ETA 30s',
    );
    expect(progressLine({ ...state, heldOutBitErrors: null }, { maxSteps: null, timeBudgetSeconds: null }, 200)).toBe(
      'step 150 · 4,800 seq · cost 41.2 · bit err 11.3 · 38.1 seq/s · ETA —',
    );
    const cut = progressLine(state, { maxSteps: 300, timeBudgetSeconds: null }, 40);
    expect(cut).toHaveLength(40);
    expect(cut.endsWith('…')).toBe(true);
  });
});

describe('ProgressDisplay', () => {
  const report = (step: number) => ({ step, sequencesSeen: step * 32, cost: 10, bitErrors: 2, sequencesPerSecond: 40, skipped: false });

  it('redraws one terminal line at most ten times a second', () => {
    let written = '';
    let now = 0;
    const display = new ProgressDisplay(
      {
        write: (text) => {
          written += text;
        },
        isTTY: true,
        columns: 200,
      },
      { plain: false, maxSteps: 100, timeBudgetSeconds: null, startStep: 0, now: () => now },
    );
    for (let step = 1; step <= 20; step++) {
      now += 20; // 50 steps a second
      display.step(report(step));
    }
    const draws = written.split('\r').filter((part) => part.startsWith('['));
    expect(draws).toHaveLength(4); // 400 ms of steps: a draw at 20 ms, then every 100 ms
    expect(written).not.toContain('\n');
    display.message('NaN at step 20: update skipped');
    expect(written).toContain('\r\x1b[KNaN at step 20: update skipped\n\r[');
    display.finish();
    expect(written.endsWith('\r\x1b[K')).toBe(true);
  });

  it('prints one plain line per evaluation and nothing per step', () => {
    let written = '';
    let now = 0;
    const display = new ProgressDisplay(
      {
        write: (text) => {
          written += text;
        },
      },
      { plain: true, maxSteps: null, timeBudgetSeconds: 60, startStep: 0, now: () => now },
    );
    for (let step = 1; step <= 10; step++) {
      now += 1000;
      display.step(report(step));
    }
    expect(written).toBe('');
    display.evaluation(9.5, 1.25, { cost: 10, bitErrors: 2 });
    expect(written).toBe('step 10 · 320 seq · train cost 10 bit err 2 · held-out cost 9.5 bit err 1.25 · 40 seq/s · 10s · ETA 50s\n');
  });
});
