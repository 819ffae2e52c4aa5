import { CheckpointError } from '@ntm/machine';
import { printable } from './printable.js';

/**
 * The exit codes of `ntm`: 0 success, 1 a runtime failure (a missing or corrupt checkpoint,
 * a backend that will not start), 2 a usage error (a bad flag, an unknown task), and the
 * shell's 128 + signal for a run stopped by Ctrl-C (SIGINT, 130) or SIGTERM (143).
 * @example process.exitCode = EXIT_CODES.usage; // 2
 */
export const EXIT_CODES = { success: 0, failure: 1, usage: 2, interrupted: 130, terminated: 143 } as const;

/**
 * A mistake in how `ntm` was called: a flag, a value, a task name. Exit code 2.
 *
 * @example
 * ```ts
 * throw new UsageError('--batch-size must be a positive integer, got "0"');
 * ```
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * A failure while doing what was asked (a file that cannot be read, a run that cannot be
 * written). Exit code 1. Other errors (a `CheckpointError`, say) map to 1 as well.
 *
 * @example
 * ```ts
 * throw new CommandError(`cannot read runs/copy/log.jsonl: no such file`);
 * ```
 */
export class CommandError extends Error {
  override readonly name = 'CommandError';
}

/**
 * The exit code for an error that reached the top: 2 for usage errors, 1 for everything else.
 *
 * @example exitCodeOf(new UsageError('unknown task "nope"')) // 2
 */
export function exitCodeOf(error: unknown): number {
  return error instanceof UsageError ? EXIT_CODES.usage : EXIT_CODES.failure;
}

/**
 * The one line `ntm` prints for an error: `ntm: error: <message>`, the message squeezed onto
 * one line (a library's multi-line message must not look like several errors), with any
 * control byte in it escaped. A
 * `CheckpointError`'s message already names the file, so it is kept as it is.
 *
 * @example
 * ```ts
 * errorLine(new UsageError('unknown command "trian"')); // 'ntm: error: unknown command "trian"'
 * ```
 */
export function errorLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const prefix = error instanceof CheckpointError || error instanceof UsageError || error instanceof CommandError ? '' : describeKind(error);
  // printable: a message can quote a file's bytes (a parser's excerpt); they never reach the terminal raw.
  return `ntm: error: ${prefix}${printable(message.replace(/\s*\n\s*/g, ' ').trim()) || 'unknown error'}`;
}

/** Unexpected errors keep their class name, so a bug reads as a bug and not as a usage hint. */
function describeKind(error: unknown): string {
  if (!(error instanceof Error)) return '';
  return ['Error', 'RangeError', 'TypeError', 'TaskConfigError', 'ShapeError'].includes(error.name) ? '' : `${error.name}: `;
}
