import type { OptimizerUpdateKernel } from './optimizer-update-types.js';

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
 * The fused hooks a backend offers: faster implementations of whole stages of training, each
 * optional. The contract knows no model, so it declares only the model-agnostic hook
 * (`optimizerUpdate`); the packages that own a model's stage declare its hook by augmenting
 * this interface (TypeScript declaration merging) — `memoryStep` in `@ntm/addressing`,
 * `ntmSequence` in `@ntm/sequence-kernel` — together with the generic composition that stays
 * its reference. A backend offers a hook by implementing
 * the declared signature; `@ntm/backend-conformance` checks every hook a backend offers against
 * that composition on the float64 reference backend.
 *
 * Why hooks at all: a naive op-by-op NTM step costs tens of kernel calls per head, and each
 * kernel call on tfjs costs ≈ 10 µs of fixed overhead whatever its size (docs/toolchain.md), so
 * one kernel for a whole step, or a whole sequence, is where speed comes from.
 *
 * @example
 * ```ts
 * // in the package that owns the stage:
 * declare module '@ntm/backend' {
 *   interface FusedKernels {
 *     memoryStep?: MemoryStepKernel;
 *   }
 * }
 * ```
 */
export interface FusedKernels {
  /**
   * A training step's NaN guard, gradient clipping and optimiser update over every parameter
   * in one call. Declared here, not by a model package: it knows only parameters, gradients
   * and the optimiser's arithmetic.
   */
  readonly optimizerUpdate?: OptimizerUpdateKernel;
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
