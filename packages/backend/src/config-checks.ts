/**
 * Checks of configuration fields, shared by every package that takes a config (controllers,
 * heads, the machine, tasks, the trainer). Every error names the field
 * (`controller.layerSizes[1]`), the value it got and what was expected, because configs often
 * come from JSON files or the command line where TypeScript's types do not reach.
 *
 * @example
 * ```ts
 * checkPositiveInteger('memory.slots', 0); // RangeError: memory.slots must be a positive integer, got 0
 * ```
 */

/** How a value reads in an error message: strings quoted, arrays and objects as JSON. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'function') return 'a function';
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** Throws unless `value` is a plain object; returns it typed as a record. */
export function checkObject(field: string, value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`${field} must be an object, got ${describeValue(value)}`);
  }
  return value as Record<string, unknown>;
}

/** Throws on any key not in `allowed`: a misspelt optional field (`outputclip`) would otherwise be ignored. */
export function checkKnownFields(field: string, value: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new TypeError(`${field} has an unknown field ${JSON.stringify(key)}; allowed fields: ${allowed.join(', ')}`);
    }
  }
}

/** Throws unless `value` is an integer ≥ 1. */
export function checkPositiveInteger(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`${field} must be a positive integer, got ${describeValue(value)}`);
  }
  return value;
}

/** Throws unless `value` is a non-empty array of positive integers. */
export function checkLayerSizes(field: string, value: unknown, emptyHint = ''): readonly number[] {
  if (!Array.isArray(value)) {
    throw new TypeError(`${field} must be an array of positive integers, got ${describeValue(value)}`);
  }
  if (value.length === 0) {
    throw new RangeError(`${field} must list at least one layer size, got []${emptyHint}`);
  }
  return value.map((size: unknown, index) => checkPositiveInteger(`${field}[${index}]`, size));
}

/** Throws unless `value` is undefined (→ `fallback`, when given) or a finite number > 0. */
export function checkPositiveNumber(field: string, value: unknown, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${field} must be a finite number > 0, got ${describeValue(value)}`);
  }
  return value;
}

/** Throws unless `value` is one of `allowed`. */
export function checkOneOf<T extends string>(field: string, value: unknown, allowed: readonly T[], hint = ''): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    const choices = allowed.map((choice) => JSON.stringify(choice)).join(', ');
    throw new RangeError(`${field} must be one of ${choices}, got ${describeValue(value)}${hint}`);
  }
  return value as T;
}

/**
 * Accepts a `kind` field on a factory's own config only when it names that factory's kind, so a
 * `ControllerConfig` narrowed to `'lstm'` can be handed to `createLstmController` unchanged.
 */
export function checkOwnKind(field: string, value: unknown, kind: string, factory: string): void {
  if (value !== undefined && value !== kind) {
    throw new RangeError(`${field}.kind must be ${JSON.stringify(kind)} (or absent) for ${factory}, got ${describeValue(value)}`);
  }
}

/** Throws unless `value` is undefined (→ `fallback`) or an integer ≥ 0. */
export function checkNonNegativeInteger(field: string, value: unknown, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new RangeError(`${field} must be an integer >= 0, got ${describeValue(value)}`);
  }
  return value;
}

/** Throws unless `value` is undefined (→ `fallback`) or a finite number. */
export function checkFiniteNumber(field: string, value: unknown, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${field} must be a finite number, got ${describeValue(value)}`);
  }
  return value;
}
