import * as tf from '@tensorflow/tfjs-core';
import { createTfjsBackend } from '@ntm/backend-tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { MeasurementSession, measureInterleaved } from './measure-subject.js';
import { QUICK_SPEED_PLAN, type SpeedPlan } from './speed-plan.js';
import type { BenchSubject, Implementation } from './subjects.js';

const plan: SpeedPlan = {
  ...QUICK_SPEED_PLAN,
  warmupSteps: 1,
  repetitions: 3,
  minimumRepetitionSeconds: 0,
  maximumStepsPerRepetition: 1,
  forwardRepetitions: 2,
  capSeconds: 600,
};

beforeAll(async () => {
  await createTfjsBackend('cpu');
});

/**
 * A stand-in implementation: each step runs two kernels, takes `stepMilliseconds` (busy, or on
 * vitest's fake clock with `fakeClock`), and keeps `leakPerStep` tensors alive.
 */
function fakeSubject(
  implementation: Implementation,
  calls: string[],
  options: { leakPerStep?: number; stepMilliseconds?: number; fakeClock?: boolean } = {},
): BenchSubject {
  const kept: tf.Tensor[] = [];
  return {
    implementation,
    parameterCount: 7,
    trainStep: () => {
      calls.push(`${implementation} step`);
      if (options.fakeClock) vi.advanceTimersByTime(options.stepMilliseconds ?? 0);
      else {
        const started = performance.now();
        while (performance.now() - started < (options.stepMilliseconds ?? 0));
      }
      tf.tidy(() => {
        tf.add(tf.mul(tf.scalar(2), tf.scalar(3)), 1);
      });
      for (let index = 0; index < (options.leakPerStep ?? 0); index++) kept.push(tf.scalar(index));
    },
    forward: () => {
      calls.push(`${implementation} forward`);
    },
    dispose: () => tf.dispose(kept),
  };
}

describe('measureInterleaved', () => {
  it('warms up, profiles, then alternates the two implementations repetition by repetition', async () => {
    const calls: string[] = [];
    const sessions = [new MeasurementSession(fakeSubject('library', calls), plan, 4), new MeasurementSession(fakeSubject('baseline', calls), plan, 4)];
    const [library, baseline] = await measureInterleaved(sessions, plan);
    expect(calls).toEqual([
      'library step', // warm-up
      'baseline step',
      'library step', // profiled
      'baseline step',
      ...Array.from({ length: 3 }, () => ['library step', 'baseline step']).flat(),
      'library forward',
      'baseline forward',
      'library forward',
      'baseline forward',
    ]);
    expect(library?.training?.repetitions).toHaveLength(3);
    expect(library?.forward?.repetitions).toHaveLength(2);
    expect(baseline?.kernels?.calls).toBe(2); // Multiply and Add (making a scalar runs no kernel)
    expect(baseline?.kernels?.topKernels.map(({ name, calls: count }) => [name, count]).sort()).toEqual([
      ['Add', 1],
      ['Multiply', 1],
    ]);
  });

  it('counts the tensors each implementation leaves alive, apart from the other', async () => {
    const calls: string[] = [];
    const [leaky, clean] = await measureInterleaved(
      [new MeasurementSession(fakeSubject('library', calls, { leakPerStep: 2 }), plan, 1), new MeasurementSession(fakeSubject('baseline', calls), plan, 1)],
      plan,
    );
    expect(leaky?.memory?.leakedTensors).toBe(2 * 3); // 2 a step, 3 timed repetitions of 1 step
    expect(leaky?.memory?.leakedBytes).toBe(2 * 3 * 4);
    expect(clean?.memory?.leakedTensors).toBe(0);
  });

  it('gives up after the warm-up when the step time shows the cap cannot be kept, and the other goes on', async () => {
    const calls: string[] = [];
    const tight = { ...plan, capSeconds: 0.1 };
    // On a fake clock: the steps take exactly 60 ms and 1 ms, however slow a loaded machine's
    // first kernel calls are (the real clock once made the fast one miss the cap too).
    vi.useFakeTimers({ toFake: ['performance'] });
    const [slow, fast] = await measureInterleaved(
      [
        new MeasurementSession(fakeSubject('library', calls, { stepMilliseconds: 60, fakeClock: true }), tight, 1),
        new MeasurementSession(fakeSubject('baseline', calls, { stepMilliseconds: 1, fakeClock: true }), tight, 1),
      ],
      tight,
    ).finally(() => vi.useRealTimers());
    expect(slow?.status).toBe('skipped');
    expect(slow?.skippedReason).toMatch(/^a warm-up step took 0\.\d s, so warm-up, profiling and one repetition would take ≈ \d+ s: over the 0\.1 s cap$/);
    expect(slow?.training).toBeNull();
    expect(fast?.status).toBe('measured');
    expect(calls.filter((call) => call === 'library step')).toHaveLength(1);
  });

  it('awaits a subject whose step finishes later (the library with gradient workers), and times it to the end', async () => {
    const calls: string[] = [];
    const asynchronous: BenchSubject = {
      ...fakeSubject('library-workers', calls),
      trainStep: async () => {
        calls.push('library-workers step started');
        await new Promise((resolve) => setTimeout(resolve, 25));
        calls.push('library-workers step done');
      },
    };
    const [parallel, baseline] = await measureInterleaved(
      [new MeasurementSession(asynchronous, plan, 2), new MeasurementSession(fakeSubject('baseline', calls), plan, 2)],
      plan,
    );
    // Each step ends before the next implementation's begins: interleaving stays step by step.
    expect(calls.slice(0, 6)).toEqual([
      'library-workers step started',
      'library-workers step done',
      'baseline step',
      'library-workers step started',
      'library-workers step done',
      'baseline step',
    ]);
    expect(parallel?.implementation).toBe('library-workers');
    expect(parallel?.training?.msPerStep).toBeGreaterThanOrEqual(20);
    expect(baseline?.training?.msPerStep).toBeLessThan(parallel?.training?.msPerStep as number);
  });
});
