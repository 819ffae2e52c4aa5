import { EventEmitter } from 'node:events';
import type { TrainingEvent } from '@ntm/trainer';
import { describe, expect, it } from 'vitest';
import { connectToSweepParent, isRunProgressMessage, SWEEP_CHILD_ENV } from './progress-channel.js';

/** A stand-in for `process` with an IPC channel, recording what is sent. */
function fakeChild(env: Record<string, string>) {
  const emitter = new EventEmitter();
  const sent: unknown[] = [];
  let unreffed = false;
  const child = {
    env,
    connected: true,
    send: (message: unknown) => {
      sent.push(message);
      return true;
    },
    on: (event: string, listener: () => void) => emitter.on(event, listener),
    channel: { unref: () => (unreffed = true), ref: () => {} },
  };
  return { child: child as unknown as NodeJS.Process, sent, emitter, unreffed: () => unreffed };
}

const step = (number: number, cost: number) =>
  ({
    kind: 'step',
    step: number,
    sequencesSeen: number * 8,
    cost,
    bitErrors: 1,
    gradientNorm: 1,
    skipped: false,
    rolledBack: false,
    curriculumLevel: null,
    seconds: 0.01,
    sequencesPerSecond: 800,
    wallSeconds: number / 100,
    nanEvents: 0,
  }) as TrainingEvent;

describe('connectToSweepParent', () => {
  it('is off unless a sweep started the process', () => {
    expect(connectToSweepParent(fakeChild({}).child)).toBeNull();
  });

  it('reports steps (at most twice a second) and every evaluation, and stops once the parent is gone', () => {
    const { child, sent, emitter, unreffed } = fakeChild({ [SWEEP_CHILD_ENV]: '1' });
    const channel = connectToSweepParent(child);
    if (!channel) throw new Error('no channel');
    expect(unreffed()).toBe(true);
    channel.onTrainingEvent(step(1, 9));
    channel.onTrainingEvent(step(2, 8));
    channel.onTrainingEvent({ kind: 'evaluation', step: 2, sequencesSeen: 16, wallSeconds: 0.02, cost: 5, bitErrors: 0.5, sequences: 32 } as TrainingEvent);
    expect(sent).toEqual([
      { kind: 'ntm-run-progress', progress: { step: 1, sequencesSeen: 8, cost: 9, heldOutBitErrors: null, wallSeconds: 0.01 } },
      { kind: 'ntm-run-progress', progress: { step: 2, sequencesSeen: 16, cost: 8, heldOutBitErrors: 0.5, wallSeconds: 0.02 } },
    ]);
    expect(sent.every(isRunProgressMessage)).toBe(true);
    expect(channel.shouldStop()).toBe(false);
    emitter.emit('disconnect');
    expect(channel.shouldStop()).toBe(true);
    channel.onTrainingEvent({ kind: 'evaluation', step: 3, sequencesSeen: 24, wallSeconds: 0.03, cost: 4, bitErrors: 0.4, sequences: 32 } as TrainingEvent);
    expect(sent).toHaveLength(2);
  });
});
