import type { NamedParameter, OptimizerUpdateResult, Tensor, Variable } from '@ntm/backend';

/**
 * RMSProp with momentum, the paper's optimiser (docs/math.md §5).
 *
 * `centered: true` (the default) is Graves 2013 ("Generating sequences with recurrent neural
 * networks", eqs. 38–41), the form the NTM paper cites:
 * n ← ℵn + (1−ℵ)g², ḡ ← ℵḡ + (1−ℵ)g, Δ ← ιΔ − lr·g/√(n − ḡ² + ε), w ← w + Δ.
 *
 * `centered: false` is PyTorch's non-centred RMSprop as pytorch-ntm uses it:
 * n ← ℵn + (1−ℵ)g², Δ ← ιΔ − lr·g/(√n + ε), w ← w + Δ
 * (PyTorch keeps `buf = −Δ/lr` instead of Δ; with a constant learning rate the two are the same).
 *
 * @example
 * ```ts
 * const paper: OptimizerConfig = { kind: 'rmsprop', learningRate: 1e-4 };
 * const pytorchNtm: OptimizerConfig = { kind: 'rmsprop', learningRate: 1e-4, centered: false };
 * ```
 */
export interface RmsPropConfig {
  readonly kind: 'rmsprop';
  /** lr, the step size (the paper: 1e-4 or 3e-5, docs/math.md §5). */
  readonly learningRate: number;
  /** ℵ in [0, 1), the decay of the running averages; default 0.95 (Graves 2013, pytorch-ntm). */
  readonly decay?: number;
  /** ι in [0, 1), the momentum; default 0.9 (the paper). */
  readonly momentum?: number;
  /**
   * ε > 0; default 1e-4 when centred (Graves 2013, inside the square root) and 1e-8 when not
   * (PyTorch's default, added after the square root).
   */
  readonly epsilon?: number;
  /** Subtract the squared mean gradient ḡ² (Graves 2013); default true. */
  readonly centered?: boolean;
}

/**
 * Adam (Kingma & Ba 2015), as Collier & Beel trained their NTM (lr 1e-3):
 * m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², w ← w − lr·m̂/(√v̂ + ε) with the bias corrections
 * m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
 *
 * @example
 * ```ts
 * const collier: OptimizerConfig = { kind: 'adam', learningRate: 1e-3 };
 * ```
 */
export interface AdamConfig {
  readonly kind: 'adam';
  /** lr, the step size. */
  readonly learningRate: number;
  /** β₁ in [0, 1), the decay of the first moment; default 0.9. */
  readonly beta1?: number;
  /** β₂ in [0, 1), the decay of the second moment; default 0.999. */
  readonly beta2?: number;
  /** ε > 0, added to √v̂; default 1e-8. */
  readonly epsilon?: number;
}

/**
 * Which optimiser to build and its settings; omitted fields take the defaults documented on
 * {@link RmsPropConfig} and {@link AdamConfig}.
 *
 * @example
 * ```ts
 * const config: OptimizerConfig = { kind: 'rmsprop', learningRate: 1e-4, momentum: 0.9 };
 * ```
 */
export type OptimizerConfig = RmsPropConfig | AdamConfig;

/**
 * An optimiser config with every default filled in, as {@link Optimizer.config} reports it.
 *
 * @example
 * ```ts
 * createOptimizer(backend, { kind: 'adam', learningRate: 1e-3 }).config;
 * // { kind: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }
 * ```
 */
export type ResolvedOptimizerConfig = Required<RmsPropConfig> | Required<AdamConfig>;

/**
 * How {@link Optimizer.step} clips gradients: each element to ±`elementwise` (the paper: 10),
 * then all together by global norm to `globalNorm` (Collier & Beel: 50); `null` skips either.
 *
 * @example const clipping: GradientClipping = { elementwise: 10, globalNorm: null };
 */
export interface GradientClipping {
  readonly elementwise: number | null;
  readonly globalNorm: number | null;
}

/** One slot of an {@link OptimizerState}: a running average kept for one parameter. */
export interface OptimizerSlot {
  /** `parameterPath#slotName`, e.g. `controller/lstm0/kernel#mean-square`. */
  readonly name: string;
  /** The parameter's shape. */
  readonly shape: readonly number[];
  /** Row-major values, rounded to float32 (exact on float32 backends). */
  readonly values: Float32Array;
}

/**
 * Everything an optimiser remembers between updates, for a checkpoint: JSON-friendly apart
 * from the `Float32Array`s. Loading it into a fresh optimiser of the same config makes the
 * following updates identical to the ones the saved optimiser would have made.
 *
 * @example
 * ```ts
 * const state = optimizer.getState();
 * state.slots.map((slot) => slot.name); // ['w#mean-square', 'w#mean-gradient', 'w#momentum']
 * ```
 */
export interface OptimizerState {
  readonly kind: 'rmsprop' | 'adam';
  /** The number of updates applied so far (Adam's t). */
  readonly iterations: number;
  readonly slots: readonly OptimizerSlot[];
}

/**
 * A stateful optimiser over named parameters. Its running averages ("slots") are variables of
 * the backend, created the first time {@link Optimizer.apply} sees the parameters and keyed by
 * each parameter's path.
 *
 * @example
 * ```ts
 * const optimizer = createOptimizer(backend, { kind: 'rmsprop', learningRate: 1e-4 });
 * const parameters = store.trainable();
 * const { value, gradients } = backend.variableGradients(loss, parameters.map((p) => p.variable));
 * const clipped = clipGradientsElementwise(backend, gradients, 10);
 * optimizer.apply(parameters, clipped);
 * backend.dispose([value, ...gradients, ...clipped]);
 * ```
 */
export interface Optimizer {
  /** The config with every default filled in. */
  readonly config: ResolvedOptimizerConfig;
  /**
   * Applies one update to every parameter's variable (assigned in place) given its gradient
   * (same order, same shapes). The gradients are not disposed.
   */
  apply(parameters: readonly NamedParameter[], gradients: readonly Tensor[]): void;
  /**
   * A training step's whole update: the NaN guard on the gradients, clipping (elementwise to
   * ±`clipping.elementwise`, then by global norm to `clipping.globalNorm`; `null` skips
   * either), {@link Optimizer.apply}, and a check that every parameter and slot is still
   * finite. Where the backend offers `fused.optimizerUpdate` (tfjs-wasm) this is one kernel
   * call; elsewhere it is composed of tensor operations, ≈ 30 per parameter. Where the
   * gradients are not finite nothing changes; where the result is not finite the update was
   * made, and the caller must undo it. The gradients are not disposed.
   *
   * @example
   * ```ts
   * const { gradientsFinite, globalNorm, resultFinite } = optimizer.step(parameters, gradients, { elementwise: 10, globalNorm: 50 });
   * ```
   */
  step(parameters: readonly NamedParameter[], gradients: readonly Tensor[], clipping: GradientClipping): OptimizerUpdateResult;
  /** The number of updates applied so far (restored by {@link Optimizer.setState}). */
  readonly iterations: number;
  /**
   * A factor on the config's learning rate, 1 at the start: the trainer lowers it once a run
   * meets its criterion, so that a converged model stays converged. Not part of
   * {@link OptimizerState} (the trainer saves it with its own state).
   */
  learningRateScale: number;
  /** A copy of the optimiser's state (slot values read back from the backend). */
  getState(): OptimizerState;
  /** Replaces the state with a saved one; throws naming the problem if it does not fit. */
  setState(state: OptimizerState): void;
  /**
   * The slot variables as they are now, without reading them back: for a check of their values
   * on the backend (the trainer's guard against non-finite state). Not to be disposed, nor kept
   * across {@link Optimizer.setState}, which replaces them.
   *
   * @example allFinite(backend, optimizer.slotVariables()) // false once a slot overflowed
   */
  slotVariables(): readonly Variable[];
  /** Frees the slot variables; the optimiser cannot be used afterwards. */
  dispose(): void;
}
