import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckpointContents } from '@ntm/machine';
import { readCheckpointFile } from '@ntm/machine/node';
import type { Trainer, TrainingEvent } from '@ntm/trainer';
import { describe, expect, it } from 'vitest';
import { ProgressDisplay } from '../progress-bar.js';
import { RunDirectory } from '../run-directory.js';
import { defaultRunDirectory } from './train.js';
import { TrainingSession } from './training-session.js';

/** Just enough of a Trainer for the session: counters, a checkpoint, an evaluation. */
function stubTrainer(weight: () => number) {
  return {
    step: 0,
    sequencesSeen: 0,
    nanEvents: 0,
    wallSeconds: 1.5,
    evaluate: () => ({ cost: 3, bitErrors: 0.5, sequences: 8 }),
    checkpoint: (): CheckpointContents => ({
      model: { kind: 'test' },
      tensors: [{ name: 'parameters/w', shape: [1], values: Float32Array.of(weight()) }],
      metadata: { step: stub.step },
    }),
  };
}
let stub: ReturnType<typeof stubTrainer>;

function session(weight: () => number = () => 1) {
  stub = stubTrainer(weight);
  const run = RunDirectory.open(mkdtempSync(join(tmpdir(), 'ntm-session-')), { resuming: false });
  let printed = '';
  const display = new ProgressDisplay(
    {
      write: (text) => {
        printed += text;
      },
    },
    { plain: true, maxSteps: null, timeBudgetSeconds: null, startStep: 0 },
  );
  const trainingSession = new TrainingSession(stub as unknown as Trainer, run, display, 2);
  const log = () =>
    readFileSync(run.logPath, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { trainingSession, run, log, printed: () => printed };
}

const step = (number: number, cost: number, skipped = false): TrainingEvent => ({
  kind: 'step',
  step: number,
  sequencesSeen: number * 4,
  cost,
  bitErrors: cost / 10,
  gradientNorm: 1,
  skipped,
  rolledBack: false,
  curriculumLevel: 3,
  seconds: 0.1,
  sequencesPerSecond: 40,
  wallSeconds: number / 10,
  nanEvents: 0,
});

describe('TrainingSession', () => {
  it('logs each evaluation with the mean training figures since the last one, skipping NaN steps', () => {
    const { trainingSession, log } = session();
    trainingSession.onEvent(step(1, 10));
    trainingSession.onEvent(step(1, Number.NaN, true));
    trainingSession.onEvent({ kind: 'nan', step: 1, action: 'skipped', nanEvents: 1 });
    trainingSession.onEvent(step(2, 20));
    trainingSession.onEvent({
      kind: 'evaluation',
      step: 2,
      sequencesSeen: 8,
      wallSeconds: 0.2,
      cost: 12,
      bitErrors: 1.5,
      sequences: 8,
      optimalCost: null,
      best: false,
      meetsCriteria: false,
    });
    trainingSession.onEvent({ kind: 'curriculum', step: 2, level: 4 });
    const records = log();
    expect(records.map((record) => record['kind'])).toEqual(['nan', 'evaluation', 'curriculum']);
    expect(records[0]).toMatchObject({ step: 1, action: 'skipped', nanEvents: 1 });
    expect(records[1]).toMatchObject({
      step: 2,
      trainingCost: 15,
      trainingBitErrors: 1.5,
      evaluationCost: 12,
      evaluationBitErrors: 1.5,
      evaluationSequences: 8,
      sequencesPerSecond: 40,
      wallSeconds: 0.2,
      curriculumLevel: 3,
    });
    expect(records[2]).toMatchObject({ step: 2, level: 4 });
  });

  it('writes a due checkpoint at the next step boundary, not before', () => {
    const { trainingSession, run } = session();
    stub.step = 1;
    trainingSession.onEvent(step(1, 10));
    expect(trainingSession.shouldStop()).toBe(false);
    expect(existsSync(run.checkpointPath)).toBe(false);
    stub.step = 2;
    trainingSession.onEvent(step(2, 10));
    expect(existsSync(run.checkpointPath)).toBe(false);
    expect(trainingSession.shouldStop()).toBe(false);
    expect(readCheckpointFile(run.checkpointPath).metadata['step']).toBe(2);
    trainingSession.stopSignal = 'SIGINT';
    expect(trainingSession.shouldStop()).toBe(true);
  });

  it('finishes with a last evaluation, a checkpoint and a stop record', () => {
    const { trainingSession, run, log } = session();
    stub.step = 3;
    stub.sequencesSeen = 12;
    trainingSession.finish('max-steps');
    expect(log().map((record) => record['kind'])).toEqual(['evaluation', 'stop']);
    expect(log()[0]).toMatchObject({ step: 3, evaluationCost: 3, evaluationBitErrors: 0.5, trainingCost: null });
    expect(log()[1]).toMatchObject({ reason: 'max-steps', step: 3, sequencesSeen: 12, signal: null });
    expect(readCheckpointFile(run.checkpointPath).metadata['step']).toBe(3);
  });

  it('keeps the last good checkpoint when the weights are not finite, and says so once', () => {
    let weight = 1;
    const { trainingSession, run, printed } = session(() => weight);
    stub.step = 2;
    trainingSession.onEvent(step(2, 10));
    trainingSession.shouldStop();
    weight = Number.NaN;
    stub.step = 4;
    trainingSession.onEvent(step(4, 10));
    trainingSession.shouldStop();
    trainingSession.finish('stopped');
    expect(readCheckpointFile(run.checkpointPath).metadata['step']).toBe(2);
    expect(printed().match(/ntm: warning: checkpoint not saved at step 4/g)).toHaveLength(1);
    expect(trainingSession.savedCheckpointStep).toBe(2);
  });

  it('a diverged run saves nothing more: it keeps the checkpoint it has, and logs why it stopped', () => {
    const { trainingSession, run, log } = session();
    stub.step = 2;
    trainingSession.onEvent(step(2, 10));
    trainingSession.shouldStop();
    expect(trainingSession.savedCheckpointStep).toBe(2);
    stub.step = 3;
    trainingSession.finish('diverged');
    expect(readCheckpointFile(run.checkpointPath).metadata['step']).toBe(2);
    expect(trainingSession.savedCheckpointStep).toBe(2);
    expect(log().map((record) => record['kind'])).toEqual(['stop']);
    expect(log()[0]).toMatchObject({ reason: 'diverged', step: 3 });
  });
});

describe('defaultRunDirectory', () => {
  it('names a run by task and local time, and adds a suffix when the name is taken', () => {
    const date = new Date(2025, 10, 25, 9, 7, 3);
    expect(defaultRunDirectory('copy', date, () => false)).toBe(join('runs', 'copy-20251125-090703'));
    const taken = new Set([join('runs', 'copy-20251125-090703'), join('runs', 'copy-20251125-090703-2')]);
    expect(defaultRunDirectory('copy', date, (path) => taken.has(path))).toBe(join('runs', 'copy-20251125-090703-3'));
  });
});
