/**
 * The backend contract: everything the ntm packages ask of a tensor library.
 *
 * Every package above this one (addressing, heads, controllers, the machine, the trainer)
 * talks to tensors only through {@link NtmBackend}. A backend is one object implementing it:
 * `@ntm/backend-tfjs` wraps TensorFlow.js (WASM SIMD by default, `cpu` as fallback) and
 * `@ntm/backend-reference` is a plain float64 JavaScript oracle used by the tests.
 *
 * Conventions every implementation follows:
 * - Tensors are immutable float tensors (float32 on tfjs, float64 on the reference); their shape
 *   is a plain array. A backend may only be given tensors it created itself.
 * - Binary elementwise operations broadcast NumPy-style (trailing axes aligned).
 * - `axis` arguments may be negative (counted from the end).
 * - Nothing is freed implicitly: wrap work in {@link NtmBackend.tidy} or call
 *   {@link NtmBackend.dispose}.
 */

/**
 * The version of this contract; a backend states the version it was written for.
 *
 * @example
 * ```ts
 * class MyBackend implements NtmBackend {
 *   readonly specificationVersion = BACKEND_SPECIFICATION_VERSION; // 'ntm-backend-v1'
 *   // …
 * }
 * ```
 */
export const BACKEND_SPECIFICATION_VERSION = 'ntm-backend-v1' as const;

/** The type of {@link BACKEND_SPECIFICATION_VERSION}. */
export type BackendSpecificationVersion = typeof BACKEND_SPECIFICATION_VERSION;

/** A tensor shape: the size of every axis, outermost first. */
export type Shape = readonly number[];

/**
 * An opaque tensor owned by one backend. Only its shape is public; its values are read with
 * {@link NtmBackend.read} or {@link NtmBackend.readSync}.
 */
export interface Tensor {
  readonly shape: Shape;
}

/** A trainable tensor: it keeps its identity while its value is replaced by `assign`. */
export interface Variable extends Tensor {
  /** A unique name (tfjs requires unique variable names per process). */
  readonly name: string;
  /** Replaces the value; `value` must have the same shape. The variable keeps `value`'s data. */
  assign(value: Tensor): void;
}

/** Anything {@link NtmBackend.tidy} may return and keep alive. */
export type TensorContainer =
  | void
  | Tensor
  | number
  | string
  | boolean
  | null
  | undefined
  | readonly TensorContainer[]
  | { readonly [key: string]: TensorContainer };

/**
 * Everything one addressing step needs, for all heads of all batch rows at once
 * (docs/math.md §2). `B` = batch, `H` = heads, `N` = memory slots, `M` = word size,
 * `K` = shift kernel width `2n + 1`.
 */
export interface AddressingInputs {
  /** M_t, the memory to address: `[B, N, M]`. */
  readonly memory: Tensor;
  /** k, one key per head: `[B, H, M]`. */
  readonly key: Tensor;
  /** β ≥ 0, key strength: `[B, H]`. */
  readonly keyStrength: Tensor;
  /** g ∈ [0, 1], interpolation gate: `[B, H]`. */
  readonly interpolationGate: Tensor;
  /** s, shift weighting over shifts −n…n (a distribution): `[B, H, K]`. */
  readonly shiftWeighting: Tensor;
  /** γ ≥ 1, sharpening exponent: `[B, H]`. */
  readonly sharpening: Tensor;
  /** w_{t−1}, every head's previous weighting: `[B, H, N]`. */
  readonly previousWeighting: Tensor;
}

/** A group of heads' addressing parameters: {@link AddressingInputs} without the memory. */
export type HeadAddressingInputs = Omit<AddressingInputs, 'memory'>;

/**
 * The inputs of one NTM memory step (docs/math.md §2): the memory before it and every head's
 * parameters. Read heads `[B, R, …]`, write heads `[B, W, …]`.
 */
export interface MemoryStepInputs {
  /** M_{t−1}: `[B, N, M]`. */
  readonly memory: Tensor;
  /** The read heads' addressing parameters and previous weightings. */
  readonly read: HeadAddressingInputs;
  /** The write heads' addressing parameters and previous weightings, with erase e ∈ [0, 1] and add a: `[B, W, M]`. */
  readonly write: HeadAddressingInputs & { readonly erase: Tensor; readonly add: Tensor };
}

/**
 * The order of a memory step: `write-then-read` (the paper's: write M_{t−1} into M_t, then
 * address and read M_t) or `read-then-write` (address and read M_{t−1}, then write).
 */
export type MemoryStepOrder = 'write-then-read' | 'read-then-write';

/** What one memory step makes. */
export interface MemoryStepResult {
  /** M_t: `[B, N, M]`. */
  readonly memory: Tensor;
  /** w_t of the read heads: `[B, R, N]`. */
  readonly readWeighting: Tensor;
  /** w_t of the write heads: `[B, W, N]`. */
  readonly writeWeighting: Tensor;
  /** r_t: `[B, R, M]`. */
  readonly readVectors: Tensor;
}

/** The ε values of the addressing math (docs/math.md §3: ≈ 1e-8). */
export interface AddressingEpsilons {
  /** Added to ‖k‖·‖M[i]‖ in the cosine similarity denominator. */
  readonly similarity: number;
  /** Added to w~ before raising it to γ, so a zero weight never meets log(0). */
  readonly sharpening: number;
}

/** The activation of one block of head parameters (see {@link HeadActivationBlock}). */
export type HeadActivationKind = 'tanh' | 'identity' | 'sigmoid' | 'softplus' | 'onePlusSoftplus' | 'softmax';

/**
 * One parameter of a group of heads among the heads' pre-activation columns: the columns
 * `[offset, offset + heads · sizePerHead)`, head after head (the layout `@ntm/heads` documents).
 */
export interface HeadActivationBlock {
  /** The first column. */
  readonly offset: number;
  /** How many heads share the block. */
  readonly heads: number;
  /** Columns per head: M for a key, erase or add, 2n + 1 for a shift weighting, 1 otherwise. */
  readonly sizePerHead: number;
  /**
   * `tanh`, `identity`, `sigmoid`, `softplus` = log(1 + eˣ), `onePlusSoftplus` = 1 + softplus,
   * or `softmax` over each head's `sizePerHead` columns.
   */
  readonly activation: HeadActivationKind;
  /** The output is `[B, heads, sizePerHead]` when true, `[B, heads]` when false (then `sizePerHead` is 1). */
  readonly vector: boolean;
}

/**
 * The fused NTM kernels: two sizes of fused work, each optional. A backend that supplies one
 * must give the same values (and, if it supports gradients, the same gradients) as the generic
 * composition it replaces, which stays the reference; `@ntm/backend-conformance` checks both
 * against it on the float64 reference backend.
 *
 * Why this exists: a naive op-by-op NTM step costs tens of kernel calls per head, and each
 * kernel call on tfjs costs ≈ 10 µs of fixed overhead whatever its size (docs/toolchain.md), so
 * one kernel for a whole step, or a whole sequence, is where speed comes from.
 */
export interface FusedKernels {
  /**
   * One time step of memory access: address the write heads on M_{t−1} and write (erase, then
   * add); address the read heads and read, on M_t (`write-then-read`) or on M_{t−1}
   * (`read-then-write`). The reference is `memoryStepGeneric` of `@ntm/addressing`. Returns
   * `null` where this backend cannot run it for these sizes (the caller then composes the step
   * from tensor operations).
   */
  memoryStep?(inputs: MemoryStepInputs, order: MemoryStepOrder, epsilons: AddressingEpsilons): MemoryStepResult | null;
  /**
   * A whole NTM sequence, every time step in one kernel call (and its gradient in one more): for
   * t = 1…T, the controller on [x_t, r_{t−1}] — an LSTM (each layer `[i, f, g, o] = [input,
   * h_{t−1}] · kernel + bias`, c_t = σ(f) ⊙ c_{t−1} + σ(i) ⊙ tanh(g), h_t = σ(o) ⊙ tanh(c_t)) or
   * a feed-forward network (each layer `activation(input · kernel + bias)`) — its top layer
   * clipped to ±`outputClip`, then the heads (`h_t · headsKernel + headsBias`, each block of
   * `headBlocks` clipped to ±`headClip` and activated), then {@link FusedKernels.memoryStep}.
   * Returns the output network's input for every step, `[T, B, U + R·M]` (row t = [h_t, r_t]),
   * or `null` where this backend cannot run it here (the caller then steps one time step at a
   * time, which stays the reference). The gradient reaches every tensor of `inputs`.
   *
   * The head blocks must be the heads' twelve blocks in their fixed order (read key, β, g, s, γ,
   * write key, β, g, s, γ, erase, add: `parameterBlocks` of `@ntm/heads`), so there must be
   * read and write heads.
   */
  ntmSequence?(inputs: NtmSequenceInputs, order: MemoryStepOrder, epsilons: AddressingEpsilons): Tensor | null;
}

/**
 * One controller layer's weights for {@link FusedKernels.ntmSequence}.
 * @example const layer: LayerWeights = { kernel, bias }; // LSTM: [inputs + units, 4·units], [4·units]; dense: [inputs, units], [units]
 */
export interface LayerWeights {
  /** LSTM: `[inputs + units, 4·units]`, acting on [input, h_{t−1}], gate blocks i, f, g, o. Dense: `[inputs, units]`. */
  readonly kernel: Tensor;
  /** LSTM: `[4·units]`. Dense: `[units]`. */
  readonly bias: Tensor;
}

/**
 * The controller of a {@link FusedKernels.ntmSequence}: its layers bottom first (layer 0 reads
 * [x_t, r_{t−1}], `inputSize + R·M` wide) and the clip of its output.
 * @example const controller: NtmSequenceController = { kind: 'feed-forward', layers: [{ kernel, bias }], activation: 'tanh', outputClip: 20 };
 */
export type NtmSequenceController =
  | {
      readonly kind: 'lstm';
      readonly layers: readonly LayerWeights[];
      /** The initial state, [h⁰, c⁰, h¹, c¹, …], each `[B, units of that layer]`. */
      readonly state: readonly Tensor[];
      /** h_t is clipped to ±this (`Infinity` for none). */
      readonly outputClip: number;
    }
  | {
      readonly kind: 'feed-forward';
      readonly layers: readonly LayerWeights[];
      /** The activation of every layer. */
      readonly activation: 'tanh' | 'relu' | 'sigmoid';
      /** h_t is clipped to ±this (`Infinity` for none). */
      readonly outputClip: number;
    };

/**
 * What {@link FusedKernels.ntmSequence} runs on (B batch, N slots, M word size, R and W heads, U controller units).
 * @example
 * ```ts
 * const rows = backend.fused.ntmSequence?.(
 *   { inputs, memory, readWeighting, writeWeighting, readVectors,
 *     controller: { kind: 'lstm', layers: [{ kernel, bias }], state: [h0, c0], outputClip: 20 },
 *     headsKernel, headsBias, headBlocks: heads.weights.blocks, headClip: 20 },
 *   'write-then-read', { similarity: 1e-8, sharpening: 1e-8 },
 * ); // [T, B, U + R·M], or null: step through time instead
 * ```
 */
export interface NtmSequenceInputs {
  /** x_1 … x_T: `[T, B, inputSize]`. */
  readonly inputs: Tensor;
  /** M_0: `[B, N, M]`. */
  readonly memory: Tensor;
  /** w^r_0: `[B, R, N]`. */
  readonly readWeighting: Tensor;
  /** w^w_0: `[B, W, N]`. */
  readonly writeWeighting: Tensor;
  /** r_0: `[B, R, M]`. */
  readonly readVectors: Tensor;
  readonly controller: NtmSequenceController;
  /** The heads' linear layer: `[U, C]` and `[C]`. */
  readonly headsKernel: Tensor;
  readonly headsBias: Tensor;
  readonly headBlocks: readonly HeadActivationBlock[];
  /** The heads' pre-activation clip (`Infinity` for none). */
  readonly headClip: number;
}

/** What a backend can do beyond forward values. */
export interface BackendCapabilities {
  /** `valueAndGradients` and `variableGradients` work. */
  readonly gradients: boolean;
  /** Floating point precision of its tensors. */
  readonly precision: 'float32' | 'float64';
}

/** The result of a gradient computation. (A type, not an interface, so `tidy` can return it.) */
export type ValueAndGradients = {
  /** The scalar value of the function. */
  readonly value: Tensor;
  /** d value / d input, one per input, in the order given. */
  readonly gradients: Tensor[];
};

/**
 * The contract. Each method documents its shapes; implementations must throw a clear error
 * (not return garbage) on shapes they cannot handle.
 *
 * @example
 * ```ts
 * import { createBackend } from '@ntm/backend';
 * import '@ntm/backend-tfjs/register'; // registers 'tfjs-wasm' and 'tfjs-cpu'
 *
 * const { backend } = await createBackend(); // the best that initialises: tfjs-wasm
 * const sum = backend.tidy(() => {
 *   const x = backend.tensor([1, 2, 3, 4], [2, 2]);
 *   return backend.sum(x, -1); // [3, 7]
 * });
 * console.log(backend.readSync(sum));
 * backend.dispose(sum);
 * ```
 */
export interface NtmBackend {
  /** The contract version this implementation was written for. */
  readonly specificationVersion: BackendSpecificationVersion;
  /** The name it is registered under, e.g. `tfjs-wasm`. */
  readonly name: string;
  /** What it supports beyond forward values. */
  readonly capabilities: BackendCapabilities;
  /** Fused kernels for the heavy steps, if the backend has any. */
  readonly fused: FusedKernels;

  // ---- creation and reading ----
  /** A tensor from row-major values; `values.length` must equal the product of `shape`. */
  tensor(values: ArrayLike<number>, shape: Shape): Tensor;
  /** A rank-0 tensor. */
  scalar(value: number): Tensor;
  /** A tensor filled with `value`. */
  fill(shape: Shape, value: number): Tensor;
  /** The values, row-major (resolves once any pending computation is done). */
  read(x: Tensor): Promise<Float32Array | Float64Array>;
  /** The values, row-major, synchronously (may block on some backends). */
  readSync(x: Tensor): Float32Array | Float64Array;

  // ---- elementwise, broadcasting ----
  add(a: Tensor, b: Tensor): Tensor;
  sub(a: Tensor, b: Tensor): Tensor;
  mul(a: Tensor, b: Tensor): Tensor;
  div(a: Tensor, b: Tensor): Tensor;
  maximum(a: Tensor, b: Tensor): Tensor;
  minimum(a: Tensor, b: Tensor): Tensor;

  // ---- elementwise, unary ----
  neg(x: Tensor): Tensor;
  exp(x: Tensor): Tensor;
  /** Natural logarithm. */
  log(x: Tensor): Tensor;
  sqrt(x: Tensor): Tensor;
  square(x: Tensor): Tensor;
  abs(x: Tensor): Tensor;
  tanh(x: Tensor): Tensor;
  sigmoid(x: Tensor): Tensor;
  /** log(1 + eˣ), computed without overflow for large x. */
  softplus(x: Tensor): Tensor;
  relu(x: Tensor): Tensor;
  /** Clamps every element to [min, max]; the gradient is passed where min < x < max. */
  clip(x: Tensor, min: number, max: number): Tensor;

  // ---- reductions ----
  sum(x: Tensor, axis: number, keepDims?: boolean): Tensor;
  /** Product along an axis (several write heads' erasures multiply). */
  prod(x: Tensor, axis: number, keepDims?: boolean): Tensor;
  max(x: Tensor, axis: number, keepDims?: boolean): Tensor;
  /** Sum of every element: a rank-0 tensor. */
  sumAll(x: Tensor): Tensor;
  /** Softmax along the last axis, stable for large inputs (subtracts the maximum). */
  softmax(x: Tensor): Tensor;
  /** log-sigmoid, stable for large |x| (binary cross-entropy is built from it). */
  logSigmoid(x: Tensor): Tensor;

  // ---- linear algebra ----
  /**
   * Matrix product of the last two axes, batched over leading axes when both are rank 3:
   * `[…, m, k] × […, k, n] → […, m, n]`, with optional transposes of the last two axes.
   */
  matMul(a: Tensor, b: Tensor, transposeA?: boolean, transposeB?: boolean): Tensor;

  // ---- shape ----
  reshape(x: Tensor, shape: Shape): Tensor;
  transpose(x: Tensor, permutation: readonly number[]): Tensor;
  concat(xs: readonly Tensor[], axis: number): Tensor;
  /** `size[i] = -1` means "to the end of axis i". */
  slice(x: Tensor, begin: readonly number[], size: readonly number[]): Tensor;
  /** Picks `indices` along `axis` (indices are plain integers, they need no gradient). */
  gather(x: Tensor, indices: readonly number[], axis: number): Tensor;
  /** Repeats `x` `reps[i]` times along axis i. */
  tile(x: Tensor, reps: readonly number[]): Tensor;

  // ---- memory ----
  /**
   * Runs `f` and frees every tensor it created except those it returns. Nested scopes work.
   * `f` must be synchronous.
   */
  tidy<R extends TensorContainer>(f: () => R): R;
  /** Frees tensors now. Disposing twice is harmless. */
  dispose(x: Tensor | readonly Tensor[]): void;
  /** Marks a tensor created inside a `tidy` to survive it. */
  keep<T extends Tensor>(x: T): T;
  /** How many tensors this backend holds alive now (the leak tests watch it). */
  numTensors(): number;

  // ---- variables and gradients ----
  /** A trainable variable initialised with a copy of `initial`'s values. */
  variable(initial: Tensor, name?: string): Variable;
  /**
   * The value of a scalar function and its gradients with respect to `inputs`.
   * Throws if `capabilities.gradients` is false.
   */
  valueAndGradients(f: (...inputs: Tensor[]) => Tensor, inputs: readonly Tensor[]): ValueAndGradients;
  /**
   * The value of a scalar function of some variables and its gradients with respect to them,
   * in the order given. Throws if `capabilities.gradients` is false.
   */
  variableGradients(f: () => Tensor, variables: readonly Variable[]): ValueAndGradients;

  /**
   * Counts the kernel calls `f` makes (tfjs's `tf.profile`), for benchmarks and the
   * speed work. Optional: a backend without kernels has nothing to count.
   */
  countKernels?(f: () => TensorContainer): Promise<{ kernelCalls: number; byKernel: Record<string, number> }>;
}
