import { describe, expect, it } from 'vitest';
import { parseCommandArguments } from '../arguments.js';
import { UsageError } from '../errors.js';
import { planTraining, trainSpec } from './train-options.js';
import { chooseWorkers, parseWorkersFlag } from './train-workers.js';

const plan = (...argv: string[]) => planTraining(parseCommandArguments(trainSpec, argv));

describe('--workers', () => {
  it('reads auto or a count', () => {
    expect(parseWorkersFlag('auto')).toBe('auto');
    expect(parseWorkersFlag('3')).toBe(3);
    expect(plan('copy', '--workers', '2').workers).toBe(2);
    expect(plan('copy', '--workers', 'auto').workers).toBe('auto');
    expect(plan('copy').workers).toBe(1);
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

  it('makes auto two threads with two cores or more, one with one', () => {
    expect(chooseWorkers('auto', script, 2)).toBe(2);
    expect(chooseWorkers('auto', script, 16)).toBe(2);
    expect(chooseWorkers('auto', script, 1)).toBe(1);
  });

  it('keeps a count as given, up to the cores', () => {
    expect(chooseWorkers(3, script, 4)).toBe(3);
    expect(chooseWorkers(2, script, 2)).toBe(2);
    expect(chooseWorkers(1, undefined, 2)).toBe(1);
  });

  it('refuses more threads than cores (the issue: --workers 99 on 2 cores ran its first step in 14 s)', () => {
    expect(() => chooseWorkers(99, script, 2)).toThrow(
      new UsageError(
        '--workers 99 is more than the 2 cores of this machine (threads beyond the cores only take turns on them); use --workers 2 or fewer, or auto',
      ),
    );
    expect(() => chooseWorkers(2, script, 1)).toThrow(/more than the 1 core of this machine/);
  });

  it('without a program file to start threads from, auto is one and a count above one a usage error', () => {
    expect(chooseWorkers('auto', undefined, 8)).toBe(1);
    expect(() => chooseWorkers(2, undefined, 8)).toThrow(
      new UsageError('--workers 2 needs worker threads, which only the built ntm program can start; use --workers 1 here'),
    );
  });
});
