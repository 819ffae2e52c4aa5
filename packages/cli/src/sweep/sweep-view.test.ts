import { describe, expect, it } from 'vitest';
import { SweepView, sweepStatusLines, type SweepStatus } from './sweep-view.js';

const status: SweepStatus = {
  name: 'copy-seeds',
  total: 10,
  done: 3,
  failed: 1,
  running: new Map([
    ['copy-ntm-lstm-adam-s5', { step: 1200, sequencesSeen: 38400, cost: 3.214, heldOutBitErrors: 0.4123, wallSeconds: 75 }],
    ['copy-ntm-lstm-adam-s6', null],
  ]),
  queued: 4,
  elapsedSeconds: 192,
};

describe('the sweep progress view', () => {
  it("shows runs done, running, queued and failed, and each running run's step and cost", () => {
    expect(sweepStatusLines(status)).toEqual([
      'sweep copy-seeds: 3/10 done, 2 running, 4 queued, 1 failed · 3m 12s',
      '  copy-ntm-lstm-adam-s5  step 1,200 · cost 3.21 · held-out 0.412 bit errors · 1m 15s',
      '  copy-ntm-lstm-adam-s6  starting',
    ]);
  });

  it('redraws in place on a terminal, and prints plain lines elsewhere', () => {
    let terminal = '';
    const view = new SweepView({ write: (text) => (terminal += text), isTTY: true, columns: 200 });
    view.update(status, true);
    view.event('finished copy-ntm-lstm-adam-s4');
    expect(terminal).toBe(`${sweepStatusLines(status).join('\n')}\n\u001b[3F\u001b[Jfinished copy-ntm-lstm-adam-s4\n`);
    let log = '';
    const plain = new SweepView({ write: (text) => (log += text) });
    plain.update(status);
    plain.event('started copy-ntm-lstm-adam-s6');
    plain.finish(status);
    expect(log).toBe('started copy-ntm-lstm-adam-s6\nsweep copy-seeds: 3/10 done, 2 running, 4 queued, 1 failed · 3m 12s\n');
  });
});
