import type { AdamRule, NtmBackend } from '@ntm/backend';
import type { AdamConfig } from './optimizer.js';
import { SlotOptimizer, type ParameterUpdate } from './slot-optimizer.js';

/**
 * Adam (Kingma & Ba 2015, Algorithm 1), as Collier & Beel trained their NTM. Slots per
 * parameter: `first-moment` (m) and `second-moment` (v). 13 kernel calls per parameter
 * tensor per update, whatever its size: the bias corrections are scalars computed in JS.
 *
 * @example
 * ```ts
 * const optimizer = new AdamOptimizer(backend, resolveOptimizerConfig({ kind: 'adam', learningRate: 1e-3 }) as Required<AdamConfig>);
 * optimizer.apply(store.trainable(), gradients);
 * ```
 */
export class AdamOptimizer extends SlotOptimizer {
  declare readonly config: Required<AdamConfig>;

  constructor(backend: NtmBackend, config: Required<AdamConfig>) {
    super(backend, config, {
      kind: 'adam',
      description: 'an adam optimizer',
      slotNames: ['first-moment', 'second-moment'],
      nonNegativeSlots: ['second-moment'],
    });
  }

  protected rule(step: number): AdamRule {
    const { beta1, beta2, epsilon } = this.config;
    return {
      kind: 'adam',
      beta1,
      beta1Complement: 1 - beta1,
      beta2,
      beta2Complement: 1 - beta2,
      epsilon,
      // m̂ = m/(1−β₁ᵗ) and v̂ = v/(1−β₂ᵗ), folded into two numbers so no bias-corrected tensor is kept.
      stepSize: this.learningRate / (1 - beta1 ** step), // lr/(1−β₁ᵗ)
      secondMomentCorrection: 1 / (1 - beta2 ** step), // 1/(1−β₂ᵗ)
    };
  }

  protected update(parameters: readonly ParameterUpdate[], step: number): void {
    const backend = this.backend;
    const rule = this.rule(step);
    const beta1Scalar = backend.scalar(rule.beta1);
    const beta1Complement = backend.scalar(rule.beta1Complement);
    const beta2Scalar = backend.scalar(rule.beta2);
    const beta2Complement = backend.scalar(rule.beta2Complement);
    const stepSize = backend.scalar(rule.stepSize);
    const secondMomentCorrection = backend.scalar(rule.secondMomentCorrection);
    const epsilonScalar = backend.scalar(rule.epsilon);

    for (const { variable, gradient, slots } of parameters) {
      const [firstMomentSlot, secondMomentSlot] = slots;
      if (!firstMomentSlot || !secondMomentSlot) throw new Error('AdamOptimizer: a parameter lacks its slots');
      // m ← β₁m + (1−β₁)g
      const firstMoment = backend.add(backend.mul(beta1Scalar, firstMomentSlot), backend.mul(beta1Complement, gradient));
      // v ← β₂v + (1−β₂)g²
      const secondMoment = backend.add(backend.mul(beta2Scalar, secondMomentSlot), backend.mul(beta2Complement, backend.square(gradient)));
      // w ← w − lr·m̂/(√v̂ + ε)
      const denominator = backend.add(backend.sqrt(backend.mul(secondMoment, secondMomentCorrection)), epsilonScalar);
      const change = backend.div(backend.mul(stepSize, firstMoment), denominator); // [parameter shape]
      variable.assign(backend.sub(variable, change));
      firstMomentSlot.assign(firstMoment);
      secondMomentSlot.assign(secondMoment);
    }
  }
}
