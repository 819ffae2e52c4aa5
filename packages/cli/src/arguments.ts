import { parseArgs } from 'node:util';
import { MAX_SEED } from '@ntm/trainer';
import { UsageError } from './errors.js';

/** One `--flag` of a command. */
export interface OptionSpec {
  /** Without the dashes: `batch-size`. */
  readonly name: string;
  /** `string` flags take a value (`--seed 3`, `--seed=3`); `boolean` flags take none. */
  readonly kind: 'string' | 'boolean';
  /** The value's placeholder in the help text: `N`, `DIR`. */
  readonly placeholder?: string;
  readonly description: string;
}

/** A command's arguments: positionals and flags, and the words of its `--help`. */
export interface CommandSpec {
  /** `train`, `eval`, … */
  readonly name: string;
  /**
   * The positional arguments, in order (`<task>`); optional ones are marked, and the last may
   * repeat (`<run>...`: one or more).
   */
  readonly positionals: readonly { readonly name: string; readonly optional?: boolean; readonly repeats?: boolean }[];
  readonly summary: string;
  readonly options: readonly OptionSpec[];
  /** Lines shown under "Examples:" in the help. */
  readonly examples?: readonly string[];
  /** A paragraph shown after the options. */
  readonly notes?: string;
}

/** What {@link parseCommandArguments} found. */
export interface ParsedArguments {
  readonly positionals: readonly string[];
  /** Flags given, by name: a string for `string` flags, `true` for `boolean` ones. */
  readonly values: Readonly<Record<string, string | true | undefined>>;
  /** `--help` or `-h` was given: print the help and do nothing else. */
  readonly help: boolean;
}

const helpOption: OptionSpec = { name: 'help', kind: 'boolean', description: 'Show this help.' };

/**
 * Parses one command's arguments with `node:util`'s `parseArgs`, then checks what it found
 * against the spec, so every mistake becomes one {@link UsageError} that says what was wrong
 * and where to look: an unknown flag, a flag without its value, a value given to a switch,
 * a missing or extra positional, a flag given twice. Why refuse a repeat: many CLIs let the last
 * one win, so `--steps 100 … --steps 10` would silently train a tenth of what the first asked.
 *
 * @example
 * ```ts
 * parseCommandArguments(trainSpec, ['copy', '--seed', '3']);
 * // { positionals: ['copy'], values: { seed: '3' }, help: false }
 * parseCommandArguments(trainSpec, ['copy', '--sede', '3']);
 * // UsageError: unknown option --sede for "ntm train" (see ntm train --help)
 * ```
 */
export function parseCommandArguments(spec: CommandSpec, argv: readonly string[]): ParsedArguments {
  const options = [...spec.options, helpOption];
  const byName = new Map(options.map((option) => [option.name, option]));
  // strict: false, so that every problem can be reported in this file's words (parseArgs'
  // own messages are long and mention options the user never typed).
  const { tokens } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(options.map((option) => [option.name, { type: option.kind }])),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const positionals: string[] = [];
  const values: Record<string, string | true | undefined> = {};
  // Help wins over every other mistake on the line: whoever asks for it is about to fix them.
  const help = tokens.some((token) => token.kind === 'option' && (token.name === 'help' || token.rawName === '-h'));
  if (help) return { positionals, values, help };
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind !== 'option') continue;
    const option = byName.get(token.name);
    if (!option || token.rawName.length === 2) {
      throw new UsageError(`unknown option ${token.rawName} for "ntm ${spec.name}" (see ntm ${spec.name} --help)`);
    }
    const earlier = values[option.name];
    if (earlier !== undefined) {
      const both = option.kind === 'boolean' ? '' : ` (${JSON.stringify(earlier)} and ${JSON.stringify(token.value ?? '')})`;
      throw new UsageError(`option --${option.name} is given twice${both}; give it once`);
    }
    if (option.kind === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`option --${option.name} takes no value, got "--${option.name}=${token.value}"`);
      values[option.name] = true;
      continue;
    }
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith('--'))) {
      const got = token.value === undefined ? 'nothing' : `option ${token.value}`;
      throw new UsageError(`option --${option.name} needs a value (${option.placeholder ?? 'VALUE'}), got ${got}`);
    }
    values[option.name] = token.value;
  }
  const required = spec.positionals.filter((positional) => !positional.optional).length;
  const repeats = spec.positionals.at(-1)?.repeats === true;
  if (!repeats && positionals.length > spec.positionals.length) {
    throw new UsageError(`unexpected argument "${positionals[spec.positionals.length]}" for "ntm ${spec.name}" (usage: ${usageLine(spec)})`);
  }
  if (positionals.length < required) {
    const missing = spec.positionals[positionals.length]?.name ?? 'argument';
    throw new UsageError(`missing <${missing}> (usage: ${usageLine(spec)})`);
  }
  return { positionals, values, help };
}

/**
 * The usage line of a command: `ntm train <task> [options]`.
 * @example usageLine(evalSpec) // 'ntm eval <checkpoint> [options]'
 */
export function usageLine(spec: CommandSpec): string {
  const positionals = spec.positionals.map((positional) => {
    const shown = positional.optional ? `[${positional.name}]` : `<${positional.name}>`;
    return positional.repeats ? `${shown}...` : shown;
  });
  return ['ntm', spec.name, ...positionals, '[options]'].join(' ');
}

/**
 * A command's `--help` text: usage, summary, every flag with its description, notes, examples.
 * @example io.stdout.write(helpText(trainSpec));
 */
export function helpText(spec: CommandSpec): string {
  const flags = [...spec.options, helpOption].map((option) => ({
    flag: option.kind === 'string' ? `--${option.name} ${option.placeholder ?? 'VALUE'}` : `--${option.name}`,
    description: option.description,
  }));
  const width = Math.max(...flags.map((flag) => flag.flag.length)) + 2;
  const lines = [`Usage: ${usageLine(spec)}`, '', spec.summary, '', 'Options:'];
  for (const flag of flags) lines.push(`  ${flag.flag.padEnd(width)}${flag.description}`);
  if (spec.notes) lines.push('', spec.notes);
  if (spec.examples && spec.examples.length > 0) lines.push('', 'Examples:', ...spec.examples.map((example) => `  ${example}`));
  return `${lines.join('\n')}\n`;
}

/**
 * A flag's value as an integer ≥ `minimum` (default 1) and ≤ `maximum` (default: any).
 * @example parseIntegerFlag('batch-size', '32') // 32; '0' → UsageError "--batch-size must be an integer >= 1, got "0""
 */
export function parseIntegerFlag(flag: string, text: string, minimum = 1, maximum = Number.MAX_SAFE_INTEGER): number {
  const value = /^[+-]?\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < minimum || value > maximum) {
    const range = maximum === Number.MAX_SAFE_INTEGER ? `>= ${minimum}` : `from ${minimum} to ${maximum}`;
    throw new UsageError(`--${flag} must be an integer ${range}, got "${text}"`);
  }
  return value;
}

/**
 * A `--seed`: an integer from 0 to 2³²−1, the seeds the generator tells apart.
 * @example parseSeedFlag('seed', '4294967296') // UsageError: --seed must be an integer from 0 to 4294967295 (seeds are 32-bit), got "4294967296"
 */
export function parseSeedFlag(flag: string, text: string): number {
  try {
    return parseIntegerFlag(flag, text, 0, MAX_SEED);
  } catch {
    throw new UsageError(`--${flag} must be an integer from 0 to ${MAX_SEED} (seeds are 32-bit), got "${text}"`);
  }
}

/**
 * A flag's value as a finite number > 0 (`1e-4`, `0.001`).
 * @example parsePositiveNumberFlag('learning-rate', '1e-4') // 0.0001
 */
export function parsePositiveNumberFlag(flag: string, text: string): number {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`--${flag} must be a number > 0, got "${text}"`);
  return value;
}

const durationUnits: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600 };

/**
 * A duration in seconds: a plain number of seconds (`90`), or numbers with units `s`, `m`,
 * `h`, in any combination (`10m`, `1h30m`, `2.5h`).
 *
 * @example
 * ```ts
 * parseDurationFlag('time-budget', '1h30m'); // 5400
 * parseDurationFlag('time-budget', '10 minutes'); // UsageError
 * ```
 */
export function parseDurationFlag(flag: string, text: string): number {
  const trimmed = text.trim();
  let seconds = Number.NaN;
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    seconds = Number(trimmed);
  } else if (/^(\d+(\.\d+)?[smh])+$/.test(trimmed)) {
    seconds = 0;
    for (const [, amount, unit] of trimmed.matchAll(/(\d+(?:\.\d+)?)([smh])/g)) {
      seconds += Number(amount) * (durationUnits[unit as string] as number);
    }
  }
  if (!(seconds > 0) || !Number.isFinite(seconds)) {
    throw new UsageError(`--${flag} must be a duration > 0 such as 90 (seconds), 90s, 10m, 1h or 1h30m, got "${text}"`);
  }
  return seconds;
}

/**
 * A flag's value as one of a fixed set of words.
 * @example parseChoiceFlag('optimizer', 'adam', ['adam', 'rmsprop']) // 'adam'
 */
export function parseChoiceFlag<const Choice extends string>(flag: string, text: string, choices: readonly Choice[]): Choice {
  if (!(choices as readonly string[]).includes(text)) {
    throw new UsageError(`--${flag} must be one of ${choices.join(', ')}, got "${text}"`);
  }
  return text as Choice;
}

/**
 * A flag's value as a JSON object (`--task-config '{"maxLength":5}'`).
 * @example parseJsonObjectFlag('task-config', '{"maxLength":5}') // { maxLength: 5 }
 */
export function parseJsonObjectFlag(flag: string, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--${flag} must be a JSON object such as '{"maxLength":5}', got ${JSON.stringify(text)} (${(error as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`--${flag} must be a JSON object such as '{"maxLength":5}', got ${JSON.stringify(text)}`);
  }
  return value as Record<string, unknown>;
}

/**
 * A flag's value as a comma-separated list of integers ≥ 1 (`10,20,30`).
 * @example parseIntegerListFlag('lengths', '10,20,30') // [10, 20, 30]
 */
export function parseIntegerListFlag(flag: string, text: string): number[] {
  const parts = text.split(',').map((part) => part.trim());
  if (parts.some((part) => !/^\d+$/.test(part) || Number(part) < 1)) {
    throw new UsageError(`--${flag} must be a comma-separated list of integers >= 1 such as 10,20,30, got "${text}"`);
  }
  return parts.map(Number);
}
