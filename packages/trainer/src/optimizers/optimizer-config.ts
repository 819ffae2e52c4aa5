import { checkKnownFields, checkObject, checkOneOf, checkPositiveNumber, describeValue } from '@ntm/backend';
import type { AdamConfig, ResolvedOptimizerConfig, RmsPropConfig } from './optimizer.js';

/**
 * The optimiser kinds {@link resolveOptimizerConfig} accepts.
 *
 * @example OPTIMIZER_KINDS.join(' | ') // 'rmsprop | adam', for a command line's help text
 */
export const OPTIMIZER_KINDS = ['rmsprop', 'adam'] as const;

/**
 * The RMSProp defaults: the paper's (docs/math.md §5, Graves 2013 eqs. 38–41). The non-centred
 * form takes PyTorch's ε = 1e-8 instead, because there ε sits outside the square root, where
 * 1e-4 would cap the effective step of small gradients far more than Graves' ε does.
 *
 * @example
 * ```ts
 * resolveOptimizerConfig({ kind: 'rmsprop', learningRate: 1e-4 }).epsilon; // 1e-4: RMSPROP_DEFAULTS.centeredEpsilon
 * resolveOptimizerConfig({ kind: 'rmsprop', learningRate: 1e-4, centered: false }).epsilon; // 1e-8: RMSPROP_DEFAULTS.nonCenteredEpsilon
 * ```
 */
export const RMSPROP_DEFAULTS = {
  decay: 0.95,
  momentum: 0.9,
  centeredEpsilon: 1e-4,
  nonCenteredEpsilon: 1e-8,
  centered: true,
} as const;

/**
 * The Adam defaults of Kingma & Ba 2015 (also tfjs's and PyTorch's).
 *
 * @example resolveOptimizerConfig({ kind: 'adam', learningRate: 1e-3 }) // { kind: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }
 */
export const ADAM_DEFAULTS = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

const rmsPropFields = ['kind', 'learningRate', 'decay', 'momentum', 'epsilon', 'centered'];
const adamFields = ['kind', 'learningRate', 'beta1', 'beta2', 'epsilon'];

/**
 * Checks an optimiser config (it may come from JSON, where types do not reach) and fills in
 * the defaults. Every error names the field, the value and the allowed range.
 *
 * @example
 * ```ts
 * resolveOptimizerConfig({ kind: 'rmsprop', learningRate: 1e-4 });
 * // { kind: 'rmsprop', learningRate: 0.0001, decay: 0.95, momentum: 0.9, epsilon: 0.0001, centered: true }
 * resolveOptimizerConfig({ kind: 'sgd', learningRate: 1 });
 * // RangeError: optimizer.kind must be one of "rmsprop", "adam", got "sgd"
 * ```
 */
export function resolveOptimizerConfig(config: unknown): ResolvedOptimizerConfig {
  const fields = checkObject('optimizer', config);
  const kind = checkOneOf('optimizer.kind', fields.kind, OPTIMIZER_KINDS);
  // Unknown fields first: a misspelt `learningrate` should be reported as such.
  checkKnownFields(`optimizer (${kind})`, fields, kind === 'rmsprop' ? rmsPropFields : adamFields);
  const learningRate = checkRequiredPositive('optimizer.learningRate', fields.learningRate);
  if (kind === 'rmsprop') {
    const centered = checkBoolean('optimizer.centered', fields.centered, RMSPROP_DEFAULTS.centered);
    const resolved: Required<RmsPropConfig> = {
      kind,
      learningRate,
      decay: checkUnitInterval('optimizer.decay', fields.decay, RMSPROP_DEFAULTS.decay),
      momentum: checkUnitInterval('optimizer.momentum', fields.momentum, RMSPROP_DEFAULTS.momentum),
      epsilon: checkPositiveNumber('optimizer.epsilon', fields.epsilon, centered ? RMSPROP_DEFAULTS.centeredEpsilon : RMSPROP_DEFAULTS.nonCenteredEpsilon),
      centered,
    };
    return Object.freeze(resolved);
  }
  const resolved: Required<AdamConfig> = {
    kind,
    learningRate,
    beta1: checkUnitInterval('optimizer.beta1', fields.beta1, ADAM_DEFAULTS.beta1),
    beta2: checkUnitInterval('optimizer.beta2', fields.beta2, ADAM_DEFAULTS.beta2),
    epsilon: checkPositiveNumber('optimizer.epsilon', fields.epsilon, ADAM_DEFAULTS.epsilon),
  };
  return Object.freeze(resolved);
}

function checkRequiredPositive(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${field} must be a finite number > 0, got ${describeValue(value)}`);
  }
  return value;
}

/** Decays and momenta: 1 would never forget (or, for momentum, never stop), so it is excluded. */
function checkUnitInterval(field: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value >= 1) {
    throw new RangeError(`${field} must be a number in [0, 1), got ${describeValue(value)}`);
  }
  return value;
}

function checkBoolean(field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new TypeError(`${field} must be true or false, got ${describeValue(value)}`);
  return value;
}
