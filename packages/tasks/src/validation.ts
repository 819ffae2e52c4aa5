/**
 * Config checks shared by the tasks. Every message names the field (`copy.minLength`), the
 * value it got and what was expected, so a typo in a training config fails at once and says
 * where, instead of producing odd batches thousands of steps later.
 */

/**
 * Thrown when a task config or a sampling argument is invalid.
 * @example
 * ```ts
 * try { createCopyTask({ minLength: 5, maxLength: 3 }); }
 * catch (error) { error instanceof TaskConfigError; } // true: "copy.minLength must be <= copy.maxLength, got 5 > 3"
 * ```
 */
export class TaskConfigError extends RangeError {
  override readonly name = 'TaskConfigError';
}

/**
 * Merges `overrides` into `defaults`, rejecting fields the task does not have (a misspelt
 * `maxLenght` would otherwise be silently ignored). `undefined` fields keep their default.
 *
 * @example
 * ```ts
 * resolveConfig('copy', { bits: 8, minLength: 1, maxLength: 20 }, { maxLength: 120 });
 * // { bits: 8, minLength: 1, maxLength: 120 }
 * ```
 */
export function resolveConfig<T extends object>(taskName: string, defaults: T, overrides: Partial<T> | undefined): T {
  if (overrides === undefined) return { ...defaults };
  if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides)) {
    throw new TaskConfigError(`${taskName} config must be an object, got ${describeValue(overrides)}`);
  }
  const known = Object.keys(defaults);
  const merged = { ...defaults } as Record<string, unknown>;
  for (const [field, value] of Object.entries(overrides)) {
    if (!known.includes(field)) {
      throw new TaskConfigError(`${taskName}.${field} is not a ${taskName} option; expected one of ${known.join(', ')}`);
    }
    if (value !== undefined) merged[field] = value;
  }
  return merged as T;
}

/**
 * Requires an integer ≥ `minimum` (default 1).
 * @example requireInteger('copy.bits', 8); // ok; 0 → "copy.bits must be an integer >= 1, got 0"
 */
export function requireInteger(field: string, value: unknown, minimum = 1, maximum = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum || value > maximum) {
    const bounds = maximum === Number.MAX_SAFE_INTEGER ? `>= ${minimum}` : `in ${minimum}..${maximum}`;
    throw new TaskConfigError(`${field} must be an integer ${bounds}, got ${describeValue(value)}`);
  }
  return value;
}

/**
 * Requires `minimum <= maximum` for a pair of fields already checked on their own.
 * @example requireOrdered('copy.minLength', 5, 'copy.maxLength', 3); // throws "… got 5 > 3"
 */
export function requireOrdered(minField: string, minimum: number, maxField: string, maximum: number): void {
  if (minimum > maximum) {
    throw new TaskConfigError(`${minField} must be <= ${maxField}, got ${minimum} > ${maximum}`);
  }
}

/**
 * Requires a finite number.
 * @example requireFinite('priority-sort.minPriority', -1);
 */
export function requireFinite(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TaskConfigError(`${field} must be a finite number, got ${describeValue(value)}`);
  }
  return value;
}

/**
 * Checks the arguments of `Task.sample`: a generator with `next()` and a positive batch size.
 * @example requireSampleArguments('copy', new Random(1), 32);
 */
export function requireSampleArguments(taskName: string, random: unknown, batchSize: unknown): void {
  if (random === null || typeof random !== 'object' || typeof (random as { next?: unknown }).next !== 'function') {
    throw new TaskConfigError(`${taskName}.sample: random must be a Random from @ntm/random (never Math.random), got ${describeValue(random)}`);
  }
  requireInteger(`${taskName}.sample: batchSize`, batchSize);
}

export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? `an array of length ${value.length}` : 'an object';
}
