import { checkObject, describeValue } from '@ntm/backend';
import type { OptimizerState } from './optimizer.js';

/** What an optimiser expects of a state it is asked to load. */
export interface ExpectedSlots {
  readonly kind: OptimizerState['kind'];
  /** How the optimiser reads in errors, e.g. `a centred rmsprop optimizer`. */
  readonly description: string;
  /** The slots it keeps per parameter, in the order it uses them. */
  readonly slotNames: readonly string[];
  /** Slots that are averages of squares: a negative value in them would give NaN updates. */
  readonly nonNegativeSlots: readonly string[];
}

/** One parameter's slots in a checked state, in {@link ExpectedSlots.slotNames} order. */
export interface CheckedParameterSlots {
  readonly shape: readonly number[];
  readonly values: readonly ArrayLike<number>[];
}

/** A state that passed {@link checkOptimizerState}. */
export interface CheckedOptimizerState {
  readonly iterations: number;
  /** By parameter path, in the order the state lists them. */
  readonly parameters: ReadonlyMap<string, CheckedParameterSlots>;
}

/**
 * Checks a saved optimiser state against what the loading optimiser keeps, before anything is
 * replaced, so a bad checkpoint fails with a message naming the slot instead of surfacing as
 * NaNs many steps later. `values` may be any array of numbers (a checkpoint decoded from JSON).
 *
 * @example
 * ```ts
 * checkOptimizerState(state, { kind: 'adam', description: 'an adam optimizer',
 *   slotNames: ['first-moment', 'second-moment'], nonNegativeSlots: ['second-moment'] });
 * ```
 */
export function checkOptimizerState(state: unknown, expected: ExpectedSlots): CheckedOptimizerState {
  const fields = checkObject('setState: state', state);
  if (fields.kind !== expected.kind) {
    throw new RangeError(`setState: state.kind is ${describeValue(fields.kind)} but this is ${expected.description}; expected "${expected.kind}"`);
  }
  const iterations = fields.iterations;
  if (typeof iterations !== 'number' || !Number.isInteger(iterations) || iterations < 0) {
    throw new RangeError(`setState: state.iterations must be an integer >= 0, got ${describeValue(iterations)}`);
  }
  if (!Array.isArray(fields.slots)) {
    throw new TypeError(`setState: state.slots must be an array, got ${describeValue(fields.slots)}`);
  }

  const found = new Map<string, { shape: readonly number[]; values: Map<string, ArrayLike<number>> }>();
  (fields.slots as unknown[]).forEach((slot, index) => {
    const where = `setState: state.slots[${index}]`;
    const { path, slotName, shape, values } = checkSlot(where, slot, expected);
    const entry = found.get(path) ?? { shape, values: new Map<string, ArrayLike<number>>() };
    found.set(path, entry);
    if (entry.values.has(slotName)) throw new RangeError(`${where}: slot "${path}#${slotName}" appears twice`);
    if (!sameShape(entry.shape, shape)) {
      throw new RangeError(`${where}: "${path}#${slotName}" has shape [${shape.join(', ')}] but the other slots of "${path}" have [${entry.shape.join(', ')}]`);
    }
    entry.values.set(slotName, values);
  });

  const parameters = new Map<string, CheckedParameterSlots>();
  for (const [path, entry] of found) {
    const missing = expected.slotNames.filter((name) => !entry.values.has(name));
    if (missing.length > 0) {
      throw new RangeError(
        `setState: parameter "${path}" lacks the slot(s) ${missing.join(', ')}; ${expected.description} keeps ${expected.slotNames.join(', ')}`,
      );
    }
    parameters.set(path, {
      shape: entry.shape,
      values: expected.slotNames.map((name) => entry.values.get(name) as ArrayLike<number>),
    });
  }
  return { iterations, parameters };
}

function checkSlot(
  where: string,
  slot: unknown,
  expected: ExpectedSlots,
): { path: string; slotName: string; shape: readonly number[]; values: ArrayLike<number> } {
  const fields = checkObject(where, slot);
  const name = fields.name;
  const separator = typeof name === 'string' ? name.lastIndexOf('#') : -1;
  if (typeof name !== 'string' || separator <= 0) {
    throw new TypeError(`${where}.name must be "parameterPath#slotName", got ${describeValue(name)}`);
  }
  const path = name.slice(0, separator);
  const slotName = name.slice(separator + 1);
  if (!expected.slotNames.includes(slotName)) {
    throw new RangeError(`${where}.name "${name}" names the slot "${slotName}", but ${expected.description} keeps ${expected.slotNames.join(', ')}`);
  }
  const shape = fields.shape;
  if (!Array.isArray(shape) || !shape.every((size) => Number.isInteger(size) && size >= 0)) {
    throw new TypeError(`${where}.shape must be an array of integers >= 0, got ${describeValue(shape)}`);
  }
  const values = fields.values as ArrayLike<number> | undefined;
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new TypeError(`${where}.values must be a Float32Array (or an array of numbers), got ${describeValue(values)}`);
  }
  const size = (shape as number[]).reduce((product, axis) => product * axis, 1);
  if (values.length !== size) {
    throw new RangeError(`${where}: "${name}" has ${values.length} values for shape [${shape.join(', ')}]; expected ${size}`);
  }
  const mustBeNonNegative = expected.nonNegativeSlots.includes(slotName);
  for (let element = 0; element < values.length; element += 1) {
    const value = values[element];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new RangeError(`${where}: "${name}" value ${element} must be a finite number, got ${describeValue(value)}`);
    }
    if (mustBeNonNegative && value < 0) {
      throw new RangeError(`${where}: "${name}" value ${element} is ${value}; a ${slotName} is an average of squares, expected >= 0`);
    }
  }
  return { path, slotName, shape: shape as number[], values };
}

/** Whether two shapes are equal axis by axis. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((size, axis) => size === b[axis]);
}
