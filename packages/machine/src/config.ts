import {
  checkFiniteNumber,
  checkKnownFields,
  checkLayerSizes,
  checkNonNegativeInteger,
  checkObject,
  checkOneOf,
  checkPositiveInteger,
  checkPositiveNumber,
  describeValue,
} from '@ntm/backend';
import { resolveControllerConfig } from '@ntm/controllers';
import { validateInitialBias, type HeadsInitialBias } from '@ntm/heads';

/**
 * How memory is filled at t = 0: the three of Collier & Beel (2018), and `sinusoidal`, rows that
 * vary smoothly with the slot (see {@link MemoryConfig.initialization}).
 *
 * @example MEMORY_INITIALIZATIONS.join(' | ') // 'constant | learned | random | sinusoidal', for a command line's help text
 */
export const MEMORY_INITIALIZATIONS = ['constant', 'learned', 'random', 'sinusoidal'] as const;
/** One of {@link MEMORY_INITIALIZATIONS}. */
export type MemoryInitialization = (typeof MEMORY_INITIALIZATIONS)[number];

/**
 * The order of one step (docs/math.md §2). `write-then-read` is the seed presentation's cell:
 * write heads address and write, then read heads address the new memory. `read-then-write`
 * addresses every head on M_{t−1} and reads before writing, as pytorch-ntm and TensorFlow's
 * NTMCell do, so results can be compared with either.
 *
 * @example
 * ```ts
 * STEP_ORDERS; // ['write-then-read', 'read-then-write']
 * resolveModelConfig({ kind: 'ntm', inputSize: 9, outputSize: 8, stepOrder: 'read-first' });
 * // RangeError: stepOrder must be one of "write-then-read", "read-then-write", got "read-first"
 * ```
 */
export const STEP_ORDERS = ['write-then-read', 'read-then-write'] as const;
/** One of {@link STEP_ORDERS}. */
export type StepOrder = (typeof STEP_ORDERS)[number];

/** The memory matrix. */
export interface MemoryConfig {
  /** N, the number of slots. Paper: 128. */
  readonly slots?: number;
  /** M, the size of a word. Paper: 20. */
  readonly wordSize?: number;
  /**
   * Collier & Beel found the constant 1e-6 initialisation trains fastest (≈ 2× faster than
   * the next), so it is the default; `learned` is tanh of a learned bias, `random` is
   * tanh(N(0, 0.5)) drawn once from the model's seed and saved with it. `sinusoidal` is a fixed
   * table whose rows turn smoothly with the slot (sines and cosines of slot × frequencies from
   * π/N to π/2, docs/math.md §3): neighbouring slots have similar rows, so a key that varies
   * smoothly (made from a priority, say) addresses slots in order.
   */
  readonly initialization?: MemoryInitialization;
  /** The value of the constant initialisation (1e-6: small, but not zero, so cosine similarity is defined). */
  readonly constantValue?: number;
}

/** The controller, without its input size (the NTM computes it: inputs + read heads × word size). */
export type NtmControllerConfig =
  | { readonly kind: 'lstm'; readonly layerSizes: readonly number[]; readonly outputClip?: number }
  | {
      readonly kind: 'feed-forward';
      readonly hiddenSizes: readonly number[];
      readonly activation?: 'tanh' | 'relu' | 'sigmoid';
      readonly outputClip?: number;
    };

/** The heads. */
export interface NtmHeadsConfig {
  /** Read heads (≥ 1). "1 head" in the paper's tables means one read and one write head. */
  readonly readHeads?: number;
  /** Write heads (≥ 1). */
  readonly writeHeads?: number;
  /** n: shifts −n…n, a kernel of width 2n + 1 (paper: 1). */
  readonly shiftRadius?: number;
  readonly keyActivation?: 'tanh' | 'identity';
  readonly addActivation?: 'tanh' | 'identity';
  /** Pre-activations clipped to ±this (docs/math.md §3: 20). */
  readonly preActivationClip?: number;
  /**
   * Where some head parameters start (default `{}`: every head soft and unbiased); e.g.
   * `{ write: { interpolationGate: -3, shiftWeighting: [0, 0, 3], sharpening: 2 } }` starts the
   * write heads walking the memory one slot a step. See `HeadsInitialBias` in `@ntm/heads`.
   */
  readonly initialBias?: HeadsInitialBias;
}

/**
 * A Neural Turing Machine's configuration. Every field but the sizes has a default; the
 * defaults are the paper's copy-task NTM with an LSTM controller (Table 1–3, docs/math.md §5).
 *
 * @example
 * ```ts
 * const config: NtmConfig = {
 *   kind: 'ntm',
 *   inputSize: 9,   // 8 bits + delimiter
 *   outputSize: 8,
 *   memory: { slots: 128, wordSize: 20 },
 *   controller: { kind: 'lstm', layerSizes: [100] },
 *   heads: { readHeads: 1, writeHeads: 1 },
 * };
 * ```
 */
export interface NtmConfig {
  readonly kind: 'ntm';
  /** Width of x_t. */
  readonly inputSize: number;
  /** Width of y_t (the output layer gives logits; sigmoid gives bit probabilities). */
  readonly outputSize: number;
  readonly memory?: MemoryConfig;
  /** Default: an LSTM of 100 units (the paper's NTM-LSTM). */
  readonly controller?: NtmControllerConfig;
  readonly heads?: NtmHeadsConfig;
  /** Default `write-then-read`, the seed's cell. */
  readonly stepOrder?: StepOrder;
}

/** The LSTM-only baseline of the paper's comparisons: stacked LSTM layers and an output layer. */
export interface LstmBaselineConfig {
  readonly kind: 'lstm';
  readonly inputSize: number;
  readonly outputSize: number;
  /** Paper: 3 layers (3 × 256 for copy, 3 × 512 for repeat copy, 3 × 128 for N-grams and sort). */
  readonly layerSizes: readonly number[];
}

/** Any model this package builds, told apart by `kind`. */
export type ModelConfig = NtmConfig | LstmBaselineConfig;

/** An {@link NtmConfig} with every default filled in and every field checked. */
export interface ResolvedNtmConfig {
  readonly kind: 'ntm';
  readonly inputSize: number;
  readonly outputSize: number;
  readonly memory: Required<MemoryConfig>;
  readonly controller: NtmControllerConfig;
  readonly heads: Required<NtmHeadsConfig>;
  readonly stepOrder: StepOrder;
}

/** A resolved {@link ModelConfig}. */
export type ResolvedModelConfig = ResolvedNtmConfig | LstmBaselineConfig;

/**
 * The model kinds.
 *
 * @example
 * ```ts
 * MODEL_KINDS; // ['ntm', 'lstm']
 * resolveModelConfig({ kind: 'gru', inputSize: 9, outputSize: 8 }); // RangeError: kind must be one of "ntm", "lstm", got "gru"
 * ```
 */
export const MODEL_KINDS = ['ntm', 'lstm'] as const;

const defaultMemory: Required<MemoryConfig> = {
  slots: 128,
  wordSize: 20,
  initialization: 'constant',
  constantValue: 1e-6,
};

const defaultHeads: Required<NtmHeadsConfig> = {
  readHeads: 1,
  writeHeads: 1,
  shiftRadius: 1,
  keyActivation: 'tanh',
  addActivation: 'tanh',
  preActivationClip: 20,
  initialBias: {},
};

/**
 * Checks a model config (from code, JSON or the command line) and fills in defaults. Errors
 * name the field, the value and what is allowed.
 *
 * @example
 * ```ts
 * resolveModelConfig({ kind: 'ntm', inputSize: 9, outputSize: 8, memory: { slots: 0 } });
 * // RangeError: memory.slots must be a positive integer, got 0
 * ```
 */
export function resolveModelConfig(config: unknown): ResolvedModelConfig {
  const fields = checkObject('model', config);
  const kind = checkOneOf('kind', fields['kind'], MODEL_KINDS);
  if (kind === 'lstm') {
    checkKnownFields('model', fields, ['kind', 'inputSize', 'outputSize', 'layerSizes']);
    return {
      kind,
      inputSize: checkPositiveInteger('inputSize', fields['inputSize']),
      outputSize: checkPositiveInteger('outputSize', fields['outputSize']),
      layerSizes: checkLayerSizes('layerSizes', fields['layerSizes']),
    };
  }
  checkKnownFields('model', fields, ['kind', 'inputSize', 'outputSize', 'memory', 'controller', 'heads', 'stepOrder']);
  const memory = resolveMemory(fields['memory']);
  const heads = resolveHeads(fields['heads'], memory);
  return {
    kind,
    inputSize: checkPositiveInteger('inputSize', fields['inputSize']),
    outputSize: checkPositiveInteger('outputSize', fields['outputSize']),
    memory,
    controller: resolveController(fields['controller']),
    heads,
    stepOrder: fields['stepOrder'] === undefined ? 'write-then-read' : checkOneOf('stepOrder', fields['stepOrder'], STEP_ORDERS),
  };
}

function resolveMemory(value: unknown): Required<MemoryConfig> {
  if (value === undefined) return defaultMemory;
  const fields = checkObject('memory', value);
  checkKnownFields('memory', fields, Object.keys(defaultMemory));
  return {
    slots: fields['slots'] === undefined ? defaultMemory.slots : checkPositiveInteger('memory.slots', fields['slots']),
    wordSize: fields['wordSize'] === undefined ? defaultMemory.wordSize : checkPositiveInteger('memory.wordSize', fields['wordSize']),
    initialization:
      fields['initialization'] === undefined
        ? defaultMemory.initialization
        : checkOneOf('memory.initialization', fields['initialization'], MEMORY_INITIALIZATIONS),
    constantValue: checkFiniteNumber('memory.constantValue', fields['constantValue'], defaultMemory.constantValue),
  };
}

function resolveHeads(value: unknown, memory: Required<MemoryConfig>): Required<NtmHeadsConfig> {
  // No early return for an absent `heads`: the default shift kernel (width 3) must still be
  // checked against a small memory.
  const fields = value === undefined ? {} : checkObject('heads', value);
  checkKnownFields('heads', fields, Object.keys(defaultHeads));
  const readHeads = fields['readHeads'] === undefined ? 1 : checkPositiveInteger('heads.readHeads', fields['readHeads']);
  const writeHeads = fields['writeHeads'] === undefined ? 1 : checkPositiveInteger('heads.writeHeads', fields['writeHeads']);
  const shiftRadius = checkNonNegativeInteger('heads.shiftRadius', fields['shiftRadius'], defaultHeads.shiftRadius);
  if (2 * shiftRadius + 1 > memory.slots) {
    throw new RangeError(
      `heads.shiftRadius ${shiftRadius} gives a shift kernel of width ${2 * shiftRadius + 1}, wider than memory.slots ${memory.slots}; expected 2·shiftRadius + 1 <= ${memory.slots}`,
    );
  }
  return {
    readHeads,
    writeHeads,
    shiftRadius,
    keyActivation: fields['keyActivation'] === undefined ? 'tanh' : checkOneOf('heads.keyActivation', fields['keyActivation'], ['tanh', 'identity']),
    addActivation: fields['addActivation'] === undefined ? 'tanh' : checkOneOf('heads.addActivation', fields['addActivation'], ['tanh', 'identity']),
    preActivationClip: checkPositiveNumber('heads.preActivationClip', fields['preActivationClip'], 20),
    initialBias: validateInitialBias(fields['initialBias'], shiftRadius),
  };
}

/**
 * The fields of {@link NtmControllerConfig} by kind: the controllers' own fields without
 * `inputSize`, so an unknown-field error lists only what an NTM config may hold.
 */
const controllerFields = {
  lstm: ['kind', 'layerSizes', 'outputClip'],
  'feed-forward': ['kind', 'hiddenSizes', 'activation', 'outputClip'],
} as const;

function resolveController(value: unknown): NtmControllerConfig {
  if (value === undefined) return { kind: 'lstm', layerSizes: [100] };
  const fields = checkObject('controller', value);
  const kind = checkOneOf('controller.kind', fields['kind'], ['lstm', 'feed-forward'] as const);
  if ('inputSize' in fields) {
    throw new TypeError(
      `controller.inputSize must not be given (got ${describeValue(fields['inputSize'])}): the NTM computes it as inputSize + readHeads × wordSize`,
    );
  }
  checkKnownFields('controller', fields, controllerFields[kind]);
  // The controllers package owns the rest of the checks (layer sizes, activation, clip);
  // run them now, with a stand-in input size, so a bad config fails before anything is built.
  const { inputSize: _standIn, ...resolved } = resolveControllerConfig({ ...fields, inputSize: 1 }, 'controller');
  return { ...resolved, kind } as NtmControllerConfig;
}
