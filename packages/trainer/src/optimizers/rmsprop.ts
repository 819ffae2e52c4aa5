import type { NtmBackend, RmsPropRule, Tensor } from '@ntm/backend';
import type { RmsPropConfig } from './optimizer.js';
import { SlotOptimizer, type ParameterUpdate } from './slot-optimizer.js';

/**
 * RMSProp with momentum (see {@link RmsPropConfig} for the two forms). Slots per parameter:
 * `mean-square` (n), `mean-gradient` (ḡ, centred form only) and `momentum` (Δ, the last update).
 * 17 kernel calls per parameter tensor per update (11 non-centred), whatever its size.
 *
 * @example
 * ```ts
 * const optimizer = new RmsPropOptimizer(backend, resolveOptimizerConfig({ kind: 'rmsprop', learningRate: 1e-4 }) as Required<RmsPropConfig>);
 * optimizer.apply(store.trainable(), gradients);
 * ```
 */
export class RmsPropOptimizer extends SlotOptimizer {
  declare readonly config: Required<RmsPropConfig>;

  constructor(backend: NtmBackend, config: Required<RmsPropConfig>) {
    const slotNames = config.centered ? ['mean-square', 'mean-gradient', 'momentum'] : ['mean-square', 'momentum'];
    super(backend, config, {
      kind: 'rmsprop',
      description: `a ${config.centered ? 'centred' : 'non-centred'} rmsprop optimizer`,
      slotNames,
      nonNegativeSlots: ['mean-square'],
    });
  }

  protected rule(): RmsPropRule {
    const { decay, momentum, epsilon, centered } = this.config;
    return { kind: 'rmsprop', centered, decay, decayComplement: 1 - decay, momentum, epsilon, learningRate: this.learningRate };
  }

  protected update(parameters: readonly ParameterUpdate[]): void {
    const backend = this.backend;
    const rule = this.rule();
    const { centered } = rule;
    const decayScalar = backend.scalar(rule.decay); // ℵ
    const complementScalar = backend.scalar(rule.decayComplement); // 1 − ℵ
    const momentumScalar = backend.scalar(rule.momentum); // ι
    const learningRateScalar = backend.scalar(rule.learningRate);
    const epsilonScalar = backend.scalar(rule.epsilon);
    const zero = backend.scalar(0);

    for (const { variable, gradient, slots } of parameters) {
      const meanSquareSlot = slots[0];
      const meanGradientSlot = centered ? slots[1] : undefined;
      const momentumSlot = slots[slots.length - 1];
      if (!meanSquareSlot || !momentumSlot) throw new Error('RmsPropOptimizer: a parameter lacks its slots');

      // Graves 2013 eq. 38: n ← ℵn + (1−ℵ)g²
      const meanSquare = backend.add(backend.mul(decayScalar, meanSquareSlot), backend.mul(complementScalar, backend.square(gradient))); // [parameter shape]
      let denominator: Tensor; // √(n − ḡ² + ε) or √n + ε
      if (meanGradientSlot) {
        // eq. 39: ḡ ← ℵḡ + (1−ℵ)g
        const meanGradient = backend.add(backend.mul(decayScalar, meanGradientSlot), backend.mul(complementScalar, gradient));
        // eq. 40's √(n − ḡ² + ε). n ≥ ḡ² holds exactly (Jensen), but float32 rounding can
        // dip below zero when ε is tiny, and √ of a negative would be NaN: clamp at 0.
        const variance = backend.maximum(backend.sub(meanSquare, backend.square(meanGradient)), zero);
        denominator = backend.sqrt(backend.add(variance, epsilonScalar));
        meanGradientSlot.assign(meanGradient);
      } else {
        // PyTorch's non-centred form: √n + ε.
        denominator = backend.add(backend.sqrt(meanSquare), epsilonScalar);
      }
      // eq. 40: Δ ← ιΔ − lr·g/denominator
      const delta = backend.sub(backend.mul(momentumScalar, momentumSlot), backend.div(backend.mul(learningRateScalar, gradient), denominator));
      // eq. 41: w ← w + Δ
      variable.assign(backend.add(variable, delta));
      meanSquareSlot.assign(meanSquare);
      momentumSlot.assign(delta);
    }
  }
}
