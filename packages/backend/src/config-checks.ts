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

/**
 * How a value reads in an error message: strings quoted, arrays and objects as JSON.
 *
 * @example
 * ```ts
 * describeValue('lstm'); // '"lstm"'
 * describeValue([100, 0]); // '[100,0]'
 * describeValue(undefined); // 'undefined'
 * ```
 */
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

/**
 * Throws unless `value` is a plain object; returns it typed as a record.
 *
 * @example checkObject('model', [100]); // TypeError: model must be an object, got [100]
 */
export function checkObject(field: string, value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`${field} must be an object, got ${describeValue(value)}`);
  }
  return value as Record<string, unknown>;
}

/**
 * Throws on any key not in `allowed`: a misspelt optional field (`outputclip`) would otherwise be ignored.
 *
 * @example
 * ```ts
 * checkKnownFields('controller', { layerSizes: [100], outputclip: 20 }, ['kind', 'inputSize', 'layerSizes', 'outputClip']);
 * // TypeError: controller has an unknown field "outputclip"; allowed fields: kind, inputSize, layerSizes, outputClip
 * ```
 */
export function checkKnownFields(field: string, value: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new TypeError(`${field} has an unknown field ${JSON.stringify(key)}; allowed fields: ${allowed.join(', ')}`);
    }
  }
}

/**
 * Throws unless `value` is an integer ≥ 1.
 *
 * @example
 * ```ts
 * checkPositiveInteger('memory.slots', 128); // 128
 * checkPositiveInteger('memory.slots', 0); // RangeError: memory.slots must be a positive integer, got 0
 * ```
 */
export function checkPositiveInteger(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`${field} must be a positive integer, got ${describeValue(value)}`);
  }
  return value;
}

/**
 * Throws unless `value` is a non-empty array of positive integers.
 *
 * @example
 * ```ts
 * checkLayerSizes('controller.layerSizes', [100, 100]); // [100, 100]
 * checkLayerSizes('controller.layerSizes', [100, 0]); // RangeError: controller.layerSizes[1] must be a positive integer, got 0
 * checkLayerSizes('controller.layerSizes', []); // RangeError: controller.layerSizes must list at least one layer size, got []
 * ```
 */
export function checkLayerSizes(field: string, value: unknown, emptyHint = ''): readonly number[] {
  if (!Array.isArray(value)) {
    throw new TypeError(`${field} must be an array of positive integers, got ${describeValue(value)}`);
  }
  if (value.length === 0) {
    throw new RangeError(`${field} must list at least one layer size, got []${emptyHint}`);
  }
  return value.map((size: unknown, index) => checkPositiveInteger(`${field}[${index}]`, size));
}

/**
 * Throws unless `value` is undefined (→ `fallback`, when given) or a finite number > 0.
 *
 * @example
 * ```ts
 * checkPositiveNumber('controller.outputClip', undefined, 20); // 20
 * checkPositiveNumber('controller.outputClip', -1, 20); // RangeError: controller.outputClip must be a finite number > 0, got -1
 * ```
 */
export function checkPositiveNumber(field: string, value: unknown, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${field} must be a finite number > 0, got ${describeValue(value)}`);
  }
  return value;
}

/**
 * Throws unless `value` is one of `allowed`.
 *
 * @example
 * ```ts
 * checkOneOf('optimizer.kind', 'adam', ['rmsprop', 'adam']); // 'adam', typed 'rmsprop' | 'adam'
 * checkOneOf('optimizer.kind', 'sgd', ['rmsprop', 'adam']); // RangeError: optimizer.kind must be one of "rmsprop", "adam", got "sgd"
 * ```
 */
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
 *
 * @example
 * ```ts
 * checkOwnKind('controller', 'lstm', 'lstm', 'createLstmController'); // ok, and so is undefined
 * checkOwnKind('controller', 'feed-forward', 'lstm', 'createLstmController');
 * // RangeError: controller.kind must be "lstm" (or absent) for createLstmController, got "feed-forward"
 * ```
 */
export function checkOwnKind(field: string, value: unknown, kind: string, factory: string): void {
  if (value !== undefined && value !== kind) {
    throw new RangeError(`${field}.kind must be ${JSON.stringify(kind)} (or absent) for ${factory}, got ${describeValue(value)}`);
  }
}

/**
 * Throws unless `value` is undefined (→ `fallback`) or an integer ≥ 0.
 *
 * @example
 * ```ts
 * checkNonNegativeInteger('heads.shiftRadius', undefined, 1); // 1
 * checkNonNegativeInteger('heads.shiftRadius', -1, 1); // RangeError: heads.shiftRadius must be an integer >= 0, got -1
 * ```
 */
export function checkNonNegativeInteger(field: string, value: unknown, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new RangeError(`${field} must be an integer >= 0, got ${describeValue(value)}`);
  }
  return value;
}

/**
 * Throws unless `value` is undefined (→ `fallback`) or a finite number.
 *
 * @example
 * ```ts
 * checkFiniteNumber('memory.constantValue', undefined, 1e-6); // 1e-6
 * checkFiniteNumber('memory.constantValue', Number.NaN); // RangeError: memory.constantValue must be a finite number, got NaN
 * ```
 */
export function checkFiniteNumber(field: string, value: unknown, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${field} must be a finite number, got ${describeValue(value)}`);
  }
  return value;
}
