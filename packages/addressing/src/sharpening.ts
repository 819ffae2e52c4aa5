import { ShapeChecker, type NtmBackend, type Tensor } from '@ntm/backend';
import { DEFAULT_EPSILONS } from './epsilons.js';

/**
 * Sharpening (Graves et al. 2014, eq. 9): `w[i] = (w~[i] + ε)^γ / Σ_j (w~[j] + ε)^γ`.
 *
 * Computed as `softmax(γ · log(w~ + ε))`, which is the same quantity: the direct form
 * underflows in float32 for large γ (a weight of 1/128 to the 50th power is 1e-105, below
 * float32's smallest number, so every weight and the sum become 0), while the softmax
 * subtracts the largest exponent first and stays a distribution.
 *
 * @param weighting w~ ≥ 0: `[batch, heads, slots]`
 * @param sharpening γ ≥ 1: `[batch, heads]`
 * @returns w: `[batch, heads, slots]`, each row a distribution
 *
 * @example
 * ```ts
 * const sharpened = sharpen(backend, shifted, gamma); // [batch, heads, slots]
 * ```
 */
export function sharpen(backend: NtmBackend, weighting: Tensor, sharpening: Tensor, epsilon: number = DEFAULT_EPSILONS.sharpening): Tensor {
  const shapes = new ShapeChecker('sharpen')
    .check('weighting', weighting.shape, ['batch', 'heads', 'slots'])
    .check('sharpening', sharpening.shape, ['batch', 'heads']);
  return backend.tidy(() => {
    const exponent = backend.reshape(sharpening, [shapes.size('batch'), shapes.size('heads'), 1]); // [batch, heads, 1]
    const logWeighting = backend.log(backend.add(weighting, backend.scalar(epsilon))); // [batch, heads, slots]
    return backend.softmax(backend.mul(exponent, logWeighting));
  });
}
