import type { NtmBackend, Tensor } from '@ntm/backend';

/**
 * The training loss: binary cross-entropy in bits, summed over every output bit of every
 * scored step and averaged over the batch — the paper's "cost per sequence" (docs/math.md §4):
 * `−(1/B) Σ_{t,b} mask[t,b] Σ_c (y log₂ σ(z) + (1 − y) log₂ σ(−z))`.
 *
 * Computed from logits with log-sigmoid, which stays finite where σ(z) rounds to 0 or 1
 * (a confident wrong bit costs |z| / ln 2 bits instead of −log 0).
 *
 * @param logits `[time, batch, outputs]`
 * @param targets `[time, batch, outputs]`
 * @param mask `[time, batch]`
 * @returns a scalar: bits per sequence
 *
 * @example
 * ```ts
 * const loss = sequenceLossBits(backend, model.run(inputs).logits, targets, mask);
 * ```
 */
export function sequenceLossBits(backend: NtmBackend, logits: Tensor, targets: Tensor, mask: Tensor): Tensor {
  const [time, batch] = logits.shape as [number, number, number];
  return backend.tidy(() => {
    const logOne = backend.logSigmoid(logits); // [time, batch, outputs]: log σ(z)
    const logZero = backend.logSigmoid(backend.neg(logits)); // log(1 − σ(z)) = log σ(−z)
    const logLikelihood = backend.add(backend.mul(targets, logOne), backend.mul(backend.sub(backend.scalar(1), targets), logZero));
    const perStep = backend.sum(logLikelihood, -1); // [time, batch]
    const masked = backend.mul(perStep, backend.reshape(mask, [time, batch])); // [time, batch]
    return backend.mul(backend.sumAll(masked), backend.scalar(-1 / (batch * Math.LN2)));
  });
}
