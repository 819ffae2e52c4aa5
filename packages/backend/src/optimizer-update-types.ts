// The fused optimiser update's hook: a backend may do a training step's NaN guard, gradient
// clipping and optimiser update over every parameter in one call. It is model-agnostic (any
// parameters, any gradients), so it is declared here with the contract, not by a model package.
import type { Tensor, Variable } from './contract.js';

/**
 * Adam's arithmetic for one update (Kingma & Ba 2015), with the step's bias corrections folded
 * into two numbers, and each β's complement given as computed in float64, so that a fused
 * kernel rounds exactly as the composition of tensor operations does:
 * m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², w ← w − stepSize·m / (√(v·secondMomentCorrection) + ε).
 *
 * @example
 * ```ts
 * const t = 1; // the update's number, from 1
 * const rule: AdamRule = {
 *   kind: 'adam', beta1: 0.9, beta1Complement: 1 - 0.9, beta2: 0.999, beta2Complement: 1 - 0.999, epsilon: 1e-8,
 *   stepSize: 1e-3 / (1 - 0.9 ** t), secondMomentCorrection: 1 / (1 - 0.999 ** t),
 * };
 * ```
 */
export interface AdamRule {
  readonly kind: 'adam';
  readonly beta1: number;
  /** 1 − β₁. */
  readonly beta1Complement: number;
  readonly beta2: number;
  /** 1 − β₂. */
  readonly beta2Complement: number;
  readonly epsilon: number;
  /** lr / (1 − β₁ᵗ). */
  readonly stepSize: number;
  /** 1 / (1 − β₂ᵗ). */
  readonly secondMomentCorrection: number;
}

/**
 * RMSProp with momentum (Graves 2013, eqs. 38–41), centred or not:
 * n ← ℵn + (1−ℵ)g²; centred: ḡ ← ℵḡ + (1−ℵ)g and d = √(max(n − ḡ², 0) + ε); otherwise
 * d = √n + ε; Δ ← ιΔ − lr·g/d; w ← w + Δ.
 *
 * @example
 * ```ts
 * const rule: RmsPropRule = { kind: 'rmsprop', centered: true, decay: 0.95, decayComplement: 1 - 0.95, momentum: 0.9, epsilon: 1e-4, learningRate: 1e-4 };
 * ```
 */
export interface RmsPropRule {
  readonly kind: 'rmsprop';
  readonly centered: boolean;
  /** ℵ. */
  readonly decay: number;
  /** 1 − ℵ. */
  readonly decayComplement: number;
  /** ι. */
  readonly momentum: number;
  readonly epsilon: number;
  readonly learningRate: number;
}

/**
 * One optimiser update's arithmetic: {@link AdamRule} or {@link RmsPropRule}.
 * @example const rule: OptimizerRule = { kind: 'rmsprop', centered: false, decay: 0.95, decayComplement: 0.05, momentum: 0.9, epsilon: 1e-8, learningRate: 1e-4 };
 */
export type OptimizerRule = AdamRule | RmsPropRule;

/**
 * What one fused update takes. Slots come in the rule's order: Adam's first and second
 * moments; centred RMSProp's mean square, mean gradient and momentum; non-centred RMSProp's
 * mean square and momentum.
 *
 * @example
 * ```ts
 * const inputs: OptimizerUpdateInputs = {
 *   parameters: [weights], gradients: [weightsGradient], slots: [[firstMoment, secondMoment]],
 *   rule, clipping: { elementwise: 10, globalNorm: 50 },
 * };
 * ```
 */
export interface OptimizerUpdateInputs {
  /** The variables to update, assigned in place. */
  readonly parameters: readonly Variable[];
  /** One gradient per parameter, same shapes; not disposed. */
  readonly gradients: readonly Tensor[];
  /** Per parameter, its slot variables (same shape), assigned in place. */
  readonly slots: readonly (readonly Variable[])[];
  readonly rule: OptimizerRule;
  /**
   * Clip every gradient element to ±`elementwise`, then scale all gradients by
   * `globalNorm`/‖g‖ where their global norm ‖g‖ exceeds it; `null` skips either.
   */
  readonly clipping: { readonly elementwise: number | null; readonly globalNorm: number | null };
}

/**
 * What one fused update did.
 * @example const { gradientsFinite, globalNorm, resultFinite } = backend.fused.optimizerUpdate(inputs);
 */
export interface OptimizerUpdateResult {
  /** False when a gradient held a NaN or ±∞: then nothing was changed. */
  readonly gradientsFinite: boolean;
  /** ‖g‖ after elementwise clipping, before scaling; NaN where `clipping.globalNorm` is null or a gradient was not finite. */
  readonly globalNorm: number;
  /** False when the update was made but left a parameter or a slot non-finite (an overflow): the caller must undo it. */
  readonly resultFinite: boolean;
}

/**
 * The fused optimiser update: the NaN guard on the gradients, both clippings and the update of
 * every parameter and slot in one call, instead of ≈ 30 tensor operations per parameter. Its
 * reference is the trainer's composition of tensor operations (`@ntm/trainer`'s optimisers and
 * clipping functions).
 *
 * @example const result = backend.fused.optimizerUpdate?.(inputs); // undefined: compose it
 */
export type OptimizerUpdateKernel = (inputs: OptimizerUpdateInputs) => OptimizerUpdateResult;
