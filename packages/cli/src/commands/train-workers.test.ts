import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { parseCommandArguments } from '../arguments.js';
import { UsageError } from '../errors.js';
import { planTraining, trainSpec } from './train-options.js';
import { idleCoresBetween, measureIdleCores } from './idle-cores.js';
import { chooseWorkers, parseWorkersFlag } from './train-workers.js';

const plan = (...argv: string[]) => planTraining(parseCommandArguments(trainSpec, argv));

describe('--workers', () => {
  it('reads auto or a count', () => {
    expect(parseWorkersFlag('auto')).toBe('auto');
    expect(parseWorkersFlag('3')).toBe(3);
    expect(plan('copy', '--workers', '2').workers).toBe(2);
    expect(plan('copy', '--workers', 'auto').workers).toBe('auto');
    expect(plan('copy').workers).toBe('auto');
    expect(plan('copy', '--gradient-shards', '4')).toMatchObject({ resolved: { gradientShards: 4, workers: 1 } });
  });

  it.each(['0', '-1', '1.5', 'two', ''])('refuses %j, saying what it takes', (text) => {
    expect(() => parseWorkersFlag(text)).toThrow(new UsageError(`--workers must be auto or an integer >= 1, got "${text}"`));
  });

  it('may be given with --resume: it is how this machine runs the run, not a part of the run', () => {
    expect(plan('--resume', 'runs/x/checkpoint.ntm', '--workers', '2')).toMatchObject({ kind: 'resume', workers: 2 });
  });
});

describe('chooseWorkers', () => {
  const script = 'file:///usr/lib/node_modules/@ntm/cli/dist/ntm.js';
  const idle = (cores: number) => () => Promise.resolve(cores);
  const unmeasured = () => Promise.reject(new Error('auto should not have measured here'));

  it('makes auto two threads where a second core stands idle, and says so', async () => {
    expect(await chooseWorkers('auto', { script, shards: 2, cores: 2, measureIdle: idle(1.93) })).toEqual({ workers: 2, reason: 'auto: 1.9 of 2 cores idle' });
    expect(await chooseWorkers('auto', { script, shards: 2, cores: 16, measureIdle: idle(15.2) })).toEqual({
      workers: 2,
      reason: 'auto: 15.2 of 16 cores idle',
    });
    expect((await chooseWorkers('auto', { script, shards: 2, cores: 2, measureIdle: idle(1.75) })).workers).toBe(2);
  });

  it('makes auto one thread beside other work: the second core less than 75 % idle, or none idle', async () => {
    expect(await chooseWorkers('auto', { script, shards: 2, cores: 2, measureIdle: idle(1.7) })).toEqual({ workers: 1, reason: 'auto: 1.7 of 2 cores idle' });
    expect((await chooseWorkers('auto', { script, shards: 2, cores: 2, measureIdle: idle(0.05) })).workers).toBe(1);
  });

  it('makes auto one thread, without measuring, with one core, one shard, or no program to start threads from', async () => {
    expect(await chooseWorkers('auto', { script, shards: 2, cores: 1, measureIdle: unmeasured })).toEqual({ workers: 1, reason: 'auto: one core' });
    expect(await chooseWorkers('auto', { script, shards: 1, cores: 8, measureIdle: unmeasured })).toEqual({ workers: 1, reason: 'auto: 1 gradient shard' });
    expect(await chooseWorkers('auto', { script: undefined, shards: 2, cores: 8, measureIdle: unmeasured })).toEqual({
      workers: 1,
      reason: 'auto: one thread, as worker threads need the built ntm program',
    });
  });

  it('keeps a count as given, up to the cores and the shards, without measuring', async () => {
    expect(await chooseWorkers(3, { script, shards: 4, cores: 4, measureIdle: unmeasured })).toEqual({ workers: 3, reason: null });
    expect((await chooseWorkers(2, { script, shards: 2, cores: 2, measureIdle: unmeasured })).workers).toBe(2);
    expect((await chooseWorkers(1, { script: undefined, shards: 2, cores: 2, measureIdle: unmeasured })).workers).toBe(1);
  });

  it('refuses more threads than cores (the issue: --workers 99 on 2 cores ran its first step in 14 s)', async () => {
    await expect(chooseWorkers(99, { script, shards: 128, cores: 2 })).rejects.toThrow(
      new UsageError(
        '--workers 99 is more than the 2 cores of this machine (threads beyond the cores only take turns on them); use --workers 2 or fewer, or auto',
      ),
    );
    await expect(chooseWorkers(2, { script, shards: 2, cores: 1 })).rejects.toThrow(/more than the 1 core of this machine/);
  });

  it('refuses more threads than the run has shards, and names both ways out', async () => {
    await expect(chooseWorkers(3, { script, shards: 2, cores: 4 })).rejects.toThrow(
      new UsageError(
        "--workers 3 is more than the run's 2 gradient shards (each thread computes whole shards); use --workers 2 or fewer, or --gradient-shards 3",
      ),
    );
  });

  it('without a program file to start threads from, a count above one is a usage error', async () => {
    await expect(chooseWorkers(2, { script: undefined, shards: 2, cores: 8 })).rejects.toThrow(
      new UsageError('--workers 2 needs worker threads, which only the built ntm program can start; use --workers 1 here'),
    );
  });
});

describe('idle cores', () => {
  it("sums each core's idle share of the interval", () => {
    const before = [
      { idle: 1000, total: 2000 },
      { idle: 500, total: 2000 },
    ];
    const after = [
      { idle: 1490, total: 2500 }, // 98 % idle
      { idle: 600, total: 2500 }, // 20 % idle
    ];
    expect(idleCoresBetween(before, after)).toBeCloseTo(1.18, 10);
  });

  it('counts a core whose counters did not move as idle', () => {
    expect(idleCoresBetween([{ idle: 5, total: 10 }], [{ idle: 5, total: 10 }])).toBe(1);
  });

  it('measures this machine: between none and all of its cores', async () => {
    const measured = await measureIdleCores(50);
    expect(measured).toBeGreaterThanOrEqual(0);
    expect(measured).toBeLessThanOrEqual(availableParallelism());
  });

  it('reads the counters twice, the interval apart', async () => {
    const readings = [[{ idle: 0, total: 0 }], [{ idle: 30, total: 40 }]];
    expect(await measureIdleCores(1, () => readings.shift() ?? [])).toBe(0.75);
  });
});
