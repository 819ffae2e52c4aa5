import { ShapeChecker, type NtmBackend, type Tensor } from '@ntm/backend';

/**
 * The interpolation gate (Graves et al. 2014, eq. 7): `w^g = g · w^c + (1 − g) · w_{t−1}`.
 * g = 1 takes the content weighting, g = 0 keeps the previous weighting (pure location-based
 * addressing, which the copy task needs after the first step).
 *
 * @param contentWeighting w^c: `[batch, heads, slots]`
 * @param previousWeighting w_{t−1}: `[batch, heads, slots]`
 * @param interpolationGate g ∈ [0, 1]: `[batch, heads]`
 * @returns w^g: `[batch, heads, slots]`
 *
 * @example
 * ```ts
 * const gated = interpolate(backend, content, previous, gate); // [batch, heads, slots]
 * ```
 */
export function interpolate(backend: NtmBackend, contentWeighting: Tensor, previousWeighting: Tensor, interpolationGate: Tensor): Tensor {
  const shapes = new ShapeChecker('interpolate')
    .check('contentWeighting', contentWeighting.shape, ['batch', 'heads', 'slots'])
    .check('previousWeighting', previousWeighting.shape, ['batch', 'heads', 'slots'])
    .check('interpolationGate', interpolationGate.shape, ['batch', 'heads']);
  return backend.tidy(() => {
    const gate = backend.reshape(interpolationGate, [shapes.size('batch'), shapes.size('heads'), 1]); // [batch, heads, 1]
    // g·w^c + (1 − g)·w_{t−1} = w_{t−1} + g·(w^c − w_{t−1}): one multiply fewer.
    return backend.add(previousWeighting, backend.mul(gate, backend.sub(contentWeighting, previousWeighting)));
  });
}
