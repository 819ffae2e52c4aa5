import { describe, expect, it } from 'vitest';
import {
  helpText,
  parseChoiceFlag,
  parseCommandArguments,
  parseDurationFlag,
  parseIntegerFlag,
  parseIntegerListFlag,
  parseJsonObjectFlag,
  parsePositiveNumberFlag,
  usageLine,
  type CommandSpec,
} from './arguments.js';
import { UsageError } from './errors.js';

const spec: CommandSpec = {
  name: 'demo',
  positionals: [{ name: 'task' }, { name: 'extra', optional: true }],
  summary: 'A demo command.',
  options: [
    { name: 'seed', kind: 'string', placeholder: 'N', description: 'The seed.' },
    { name: 'plain', kind: 'boolean', description: 'Plain lines.' },
  ],
  examples: ['ntm demo copy --seed 3'],
};

/** The UsageError message of a call, or a failure if it did not throw one. */
function usageMessage(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('parseCommandArguments', () => {
  it('reads positionals, string flags (both spellings) and switches', () => {
    expect(parseCommandArguments(spec, ['copy', '--seed', '3', '--plain'])).toEqual({ positionals: ['copy'], values: { seed: '3', plain: true }, help: false });
    expect(parseCommandArguments(spec, ['--seed=7', 'copy', 'more']).values['seed']).toBe('7');
    expect(parseCommandArguments(spec, ['copy', 'more']).positionals).toEqual(['copy', 'more']);
  });

  it('refuses a flag given twice (a later repeat used to win silently)', () => {
    expect(() => parseCommandArguments(spec, ['copy', '--seed', '1', '--seed', '2'])).toThrow(
      new UsageError('option --seed is given twice ("1" and "2"); give it once'),
    );
    expect(() => parseCommandArguments(spec, ['copy', '--seed=1', '--seed=1'])).toThrow(/--seed is given twice/);
    expect(() => parseCommandArguments(spec, ['copy', '--plain', '--plain'])).toThrow(new UsageError('option --plain is given twice; give it once'));
  });

  it('reports --help and -h without checking the rest', () => {
    expect(parseCommandArguments(spec, ['--help']).help).toBe(true);
    expect(parseCommandArguments(spec, ['-h', '--nonsense']).help).toBe(true);
  });

  it('names an unknown flag and the command', () => {
    expect(usageMessage(() => parseCommandArguments(spec, ['copy', '--sede', '3']))).toBe('unknown option --sede for "ntm demo" (see ntm demo --help)');
    expect(usageMessage(() => parseCommandArguments(spec, ['copy', '-x']))).toMatch(/^unknown option -x /);
  });

  it('requires a value for a string flag, and refuses one for a switch', () => {
    expect(usageMessage(() => parseCommandArguments(spec, ['copy', '--seed']))).toBe('option --seed needs a value (N), got nothing');
    expect(usageMessage(() => parseCommandArguments(spec, ['copy', '--seed', '--plain']))).toBe('option --seed needs a value (N), got option --plain');
    expect(usageMessage(() => parseCommandArguments(spec, ['copy', '--plain=yes']))).toBe('option --plain takes no value, got "--plain=yes"');
  });

  it('counts positionals', () => {
    expect(usageMessage(() => parseCommandArguments(spec, []))).toBe('missing <task> (usage: ntm demo <task> [extra] [options])');
    expect(usageMessage(() => parseCommandArguments(spec, ['a', 'b', 'c']))).toMatch(/^unexpected argument "c" for "ntm demo"/);
  });

  it('takes any number of a repeating last positional, at least one when it is required', () => {
    const many: CommandSpec = { ...spec, positionals: [{ name: 'run', repeats: true }] };
    expect(parseCommandArguments(many, ['a', 'b', 'c', '--plain']).positionals).toEqual(['a', 'b', 'c']);
    expect(usageMessage(() => parseCommandArguments(many, []))).toBe('missing <run> (usage: ntm demo <run>... [options])');
  });
});

describe('help', () => {
  it('lists the usage, every flag with its placeholder, and the examples', () => {
    const text = helpText(spec);
    expect(usageLine(spec)).toBe('ntm demo <task> [extra] [options]');
    expect(text).toContain('Usage: ntm demo <task> [extra] [options]');
    expect(text).toMatch(/--seed N\s+The seed\./);
    expect(text).toMatch(/--plain\s+Plain lines\./);
    expect(text).toMatch(/--help\s+Show this help\./);
    expect(text).toContain('  ntm demo copy --seed 3');
  });
});

describe('value parsers', () => {
  it('parses integers and rejects zero, fractions, words and signs below the minimum', () => {
    expect(parseIntegerFlag('batch-size', '32')).toBe(32);
    expect(parseIntegerFlag('seed', '0', 0)).toBe(0);
    expect(usageMessage(() => parseIntegerFlag('batch-size', '0'))).toBe('--batch-size must be an integer >= 1, got "0"');
    for (const bad of ['1.5', 'ten', '', '-3', '1e3']) expect(() => parseIntegerFlag('steps', bad)).toThrow(UsageError);
  });

  it('parses positive numbers in any JavaScript spelling', () => {
    expect(parsePositiveNumberFlag('learning-rate', '1e-4')).toBe(1e-4);
    expect(parsePositiveNumberFlag('stop-at', '0.1')).toBe(0.1);
    for (const bad of ['0', '-1', 'fast', '', 'Infinity']) expect(() => parsePositiveNumberFlag('learning-rate', bad)).toThrow(UsageError);
  });

  it('parses durations in seconds, s, m, h and combinations', () => {
    expect(parseDurationFlag('time-budget', '90')).toBe(90);
    expect(parseDurationFlag('time-budget', '90s')).toBe(90);
    expect(parseDurationFlag('time-budget', '10m')).toBe(600);
    expect(parseDurationFlag('time-budget', '1h30m')).toBe(5400);
    expect(parseDurationFlag('time-budget', '2.5h')).toBe(9000);
    for (const bad of ['0', '10 minutes', 'm', '1d', '-5']) expect(() => parseDurationFlag('time-budget', bad)).toThrow(UsageError);
  });

  it('parses choices, JSON objects and integer lists', () => {
    expect(parseChoiceFlag('optimizer', 'rmsprop', ['adam', 'rmsprop'])).toBe('rmsprop');
    expect(usageMessage(() => parseChoiceFlag('optimizer', 'sgd', ['adam', 'rmsprop']))).toBe('--optimizer must be one of adam, rmsprop, got "sgd"');
    expect(parseJsonObjectFlag('task-config', '{"maxLength":5}')).toEqual({ maxLength: 5 });
    expect(usageMessage(() => parseJsonObjectFlag('task-config', '[1]'))).toMatch(/^--task-config must be a JSON object/);
    expect(usageMessage(() => parseJsonObjectFlag('task-config', '{maxLength:5}'))).toMatch(/^--task-config must be a JSON object/);
    expect(parseIntegerListFlag('lengths', '10, 20,30')).toEqual([10, 20, 30]);
    expect(() => parseIntegerListFlag('lengths', '10,,20')).toThrow(UsageError);
    expect(() => parseIntegerListFlag('lengths', '0')).toThrow(UsageError);
  });
});
