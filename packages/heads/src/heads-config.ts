import { validateInitialBias, type HeadsInitialBias } from './initial-bias.js';

/** The activation of a head parameter that is a vector in word space (key k, add a). */
export type VectorActivation = 'tanh' | 'identity';

const vectorActivations: readonly VectorActivation[] = ['tanh', 'identity'];

/**
 * The shape of a machine's heads (docs/math.md §1).
 *
 * @example
 * ```ts
 * // The paper's copy task: one read and one write head on a 128 × 20 memory, shifts −1, 0, +1.
 * const config: HeadsConfig = { controllerSize: 100, readHeads: 1, writeHeads: 1, wordSize: 20, shiftRadius: 1 };
 * ```
 */
export interface HeadsConfig {
  /** The width of the controller output h_t. */
  readonly controllerSize: number;
  /** How many read heads (≥ 0; read and write heads may not both be 0). */
  readonly readHeads: number;
  /** How many write heads (≥ 0; read and write heads may not both be 0). */
  readonly writeHeads: number;
  /** M, the width of a memory word. */
  readonly wordSize: number;
  /** n: the heads can shift by −n…n slots, so the shift weighting has 2n + 1 entries (paper: 1). */
  readonly shiftRadius: number;
  /** The key's activation (default `'tanh'`, which keeps keys in the range of the memory's words). */
  readonly keyActivation?: VectorActivation;
  /** The add vector's activation (default `'tanh'`). */
  readonly addActivation?: VectorActivation;
  /**
   * Pre-activations are clipped to ±this before the activations (default 20, docs/math.md §3);
   * `Infinity` turns clipping off.
   */
  readonly preActivationClip?: number;
  /**
   * Where some head parameters start, as the projection bias's pre-activations per group
   * (default `{}`: every bias 0, every head soft and unbiased). See {@link HeadsInitialBias}.
   */
  readonly initialBias?: HeadsInitialBias;
}

/**
 * The defaults of the optional fields. Why these: tanh keys and adds are what the
 * implementations that trained reliably used (docs/math.md §1), and ±20 is where every activation
 * here is saturated to float32 precision, so the clip changes no useful value while keeping
 * exp() and its gradient far from overflow (docs/math.md §3).
 *
 * @example HEADS_CONFIG_DEFAULTS // { keyActivation: 'tanh', addActivation: 'tanh', preActivationClip: 20, initialBias: {} }, frozen
 */
export const HEADS_CONFIG_DEFAULTS = Object.freeze({
  keyActivation: 'tanh',
  addActivation: 'tanh',
  preActivationClip: 20,
  initialBias: Object.freeze({}),
} as const satisfies Partial<HeadsConfig>);

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  return typeof value;
}

function checkInteger(field: keyof HeadsConfig, value: unknown, minimum: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) {
    const expected = minimum === 0 ? 'a non-negative integer' : `an integer >= ${minimum}`;
    throw new RangeError(`heads.${field} must be ${expected}, got ${describe(value)}`);
  }
}

function checkVectorActivation(field: 'keyActivation' | 'addActivation', value: unknown): VectorActivation {
  if (value === undefined) return HEADS_CONFIG_DEFAULTS[field];
  if (!vectorActivations.includes(value as VectorActivation)) {
    throw new RangeError(`heads.${field} must be one of ${vectorActivations.map((name) => `"${name}"`).join(', ')}, got ${describe(value)}`);
  }
  return value as VectorActivation;
}

/**
 * Checks a heads config and fills in its defaults. Every error names the field, the value it
 * got and what is allowed.
 *
 * @throws RangeError on a bad value; TypeError when `config` is not an object.
 *
 * @example
 * ```ts
 * validateHeadsConfig({ controllerSize: 100, readHeads: 1, writeHeads: 1, wordSize: 20, shiftRadius: 1 });
 * // { …, keyActivation: 'tanh', addActivation: 'tanh', preActivationClip: 20, initialBias: {} }
 * validateHeadsConfig({ controllerSize: 100, readHeads: 1, writeHeads: 1, wordSize: 0, shiftRadius: 1 });
 * // RangeError: heads.wordSize must be an integer >= 1, got 0
 * ```
 */
export function validateHeadsConfig(config: HeadsConfig): Required<HeadsConfig> {
  if (config === null || typeof config !== 'object') {
    throw new TypeError(`heads config must be an object, got ${describe(config)}`);
  }
  checkInteger('controllerSize', config.controllerSize, 1);
  checkInteger('readHeads', config.readHeads, 0);
  checkInteger('writeHeads', config.writeHeads, 0);
  if (config.readHeads === 0 && config.writeHeads === 0) {
    throw new RangeError('heads.readHeads and heads.writeHeads must not both be 0, got 0 read and 0 write heads');
  }
  checkInteger('wordSize', config.wordSize, 1);
  const radius: unknown = config.shiftRadius;
  if (typeof radius !== 'number' || !Number.isInteger(radius) || radius < 0) {
    const width = typeof radius === 'number' ? ` (a kernel width 2n + 1 = ${2 * radius + 1})` : '';
    throw new RangeError(
      `heads.shiftRadius must be a non-negative integer n, so that the shift kernel has an odd integer width 2n + 1, got ${describe(radius)}${width}`,
    );
  }
  const clip: unknown = config.preActivationClip ?? HEADS_CONFIG_DEFAULTS.preActivationClip;
  if (typeof clip !== 'number' || Number.isNaN(clip) || clip <= 0) {
    throw new RangeError(`heads.preActivationClip must be a positive number (Infinity for no clipping), got ${describe(clip)}`);
  }
  return Object.freeze({
    controllerSize: config.controllerSize,
    readHeads: config.readHeads,
    writeHeads: config.writeHeads,
    wordSize: config.wordSize,
    shiftRadius: radius,
    keyActivation: checkVectorActivation('keyActivation', config.keyActivation),
    addActivation: checkVectorActivation('addActivation', config.addActivation),
    preActivationClip: clip,
    initialBias: validateInitialBias(config.initialBias, radius),
  });
}
