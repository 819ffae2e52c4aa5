import type { Shape } from './contract.js';

/** A dimension in an expected shape: a fixed size, or a name bound by its first use. */
export type ExpectedDimension = number | string;

/**
 * Thrown when a tensor argument has the wrong rank or size; the message names everything.
 *
 * @example
 * ```ts
 * try {
 *   new ShapeChecker('readMemory').check('memory', [128, 20], ['batch', 'slots', 'wordSize']);
 * } catch (error) {
 *   if (error instanceof ShapeError) console.error(error.message);
 *   // readMemory: memory has rank 2 (shape [128, 20]) but expected rank 3: [batch, slots, wordSize]
 * }
 * ```
 */
export class ShapeError extends Error {
  override readonly name = 'ShapeError';
}

/**
 * Checks the shapes of a function's tensor arguments against symbolic shapes, binding each
 * named dimension on first sight, so that errors say which argument, what it got and what
 * was expected, instead of failing deep inside a tensor library.
 *
 * @example
 * ```ts
 * const shapes = new ShapeChecker('readMemory');
 * shapes.check('memory', memory.shape, ['batch', 'slots', 'wordSize']);
 * shapes.check('weighting', weighting.shape, ['batch', 'heads', 'slots']);
 * // ShapeError: readMemory: weighting has shape [2, 1, 64] but expected
 * //   [batch, heads, slots] = [2, 1, 128] (slots = 128 from memory)
 * ```
 */
export class ShapeChecker {
  private readonly bound = new Map<string, { size: number; from: string }>();

  constructor(private readonly functionName: string) {}

  /** Binds a named dimension to a size before any argument is checked. */
  bind(dimension: string, size: number, from: string): this {
    this.bound.set(dimension, { size, from });
    return this;
  }

  /** The size bound to a named dimension (after a check that bound it). */
  size(dimension: string): number {
    const entry = this.bound.get(dimension);
    if (!entry) throw new Error(`${this.functionName}: dimension "${dimension}" was never bound`);
    return entry.size;
  }

  /** Checks one argument's shape; throws a {@link ShapeError} naming it if it does not fit. */
  check(argument: string, actual: Shape | undefined, expected: readonly ExpectedDimension[]): this {
    if (!actual || !Array.isArray(actual)) {
      throw new ShapeError(`${this.functionName}: ${argument} must be a tensor, got ${describe(actual)}`);
    }
    const pattern = `[${expected.join(', ')}]`;
    if (actual.length !== expected.length) {
      throw new ShapeError(
        `${this.functionName}: ${argument} has rank ${actual.length} (shape [${actual.join(', ')}]) but expected rank ${expected.length}: ${pattern}`,
      );
    }
    const notes: string[] = [];
    const wanted = expected.map((dimension, axis) => {
      if (typeof dimension === 'number') return dimension;
      const entry = this.bound.get(dimension);
      if (entry) {
        notes.push(`${dimension} = ${entry.size} from ${entry.from}`);
        return entry.size;
      }
      this.bound.set(dimension, { size: actual[axis] as number, from: argument });
      return actual[axis] as number;
    });
    if (wanted.some((size, axis) => size !== actual[axis])) {
      throw new ShapeError(
        `${this.functionName}: ${argument} has shape [${actual.join(', ')}] but expected ${pattern} = [${wanted.join(', ')}]` +
          (notes.length > 0 ? ` (${notes.join('; ')})` : ''),
      );
    }
    return this;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  return typeof value === 'object' ? `an object without a shape` : `${typeof value} ${String(value)}`;
}
