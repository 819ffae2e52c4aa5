import { ShapeChecker, type NtmBackend, type Tensor } from '@ntm/backend';
import { DEFAULT_EPSILONS } from './epsilons.js';

/**
 * The Euclidean norm of every row along the last axis, computed as √(Σx² + ε²).
 *
 * Why the ε² inside the root: the gradient of √ at 0 is infinite, and ∞ · 0 = NaN, so an
 * all-zero key or memory row would poison every gradient. With ε² inside, the gradient of an
 * all-zero row is exactly 0 and the value differs from ‖x‖ by at most ε.
 */
function rowNorms(backend: NtmBackend, x: Tensor, epsilon: number, keepDims: boolean): Tensor {
  return backend.sqrt(backend.add(backend.sum(backend.square(x), -1, keepDims), backend.scalar(epsilon * epsilon)));
}

/**
 * Cosine similarity of every head's key with every memory row (Graves et al. 2014, eq. 6):
 * `K(k, M[i]) = k · M[i] / (‖k‖ · ‖M[i]‖ + ε)`.
 *
 * @param memory M_t: `[batch, slots, wordSize]`
 * @param key k: `[batch, heads, wordSize]`
 * @returns `[batch, heads, slots]`, each value in [−1, 1]
 *
 * @example
 * ```ts
 * const similarity = cosineSimilarity(backend, memory, key); // [batch, heads, slots]
 * ```
 */
export function cosineSimilarity(backend: NtmBackend, memory: Tensor, key: Tensor, epsilon: number = DEFAULT_EPSILONS.similarity): Tensor {
  new ShapeChecker('cosineSimilarity').check('memory', memory.shape, ['batch', 'slots', 'wordSize']).check('key', key.shape, ['batch', 'heads', 'wordSize']);
  return backend.tidy(() => {
    const dot = backend.matMul(key, memory, false, true); // [batch, heads, slots]
    const keyNorm = rowNorms(backend, key, epsilon, true); // [batch, heads, 1]
    const [batch, slots] = memory.shape as [number, number, number];
    const memoryNorm = backend.reshape(rowNorms(backend, memory, epsilon, false), [batch, 1, slots]); // [batch, 1, slots]
    const denominator = backend.add(backend.mul(keyNorm, memoryNorm), backend.scalar(epsilon)); // [batch, heads, slots]
    return backend.div(dot, denominator);
  });
}

/**
 * Content addressing (Graves et al. 2014, eq. 5): a softmax over memory slots of the key
 * strength times the cosine similarity, `w^c[i] = exp(β·K(k, M[i])) / Σ_j exp(β·K(k, M[j]))`.
 *
 * @param memory M_t: `[batch, slots, wordSize]`
 * @param key k: `[batch, heads, wordSize]`
 * @param keyStrength β ≥ 0: `[batch, heads]`
 * @returns w^c: `[batch, heads, slots]`, each row a distribution
 *
 * @example
 * ```ts
 * const weighting = contentWeighting(backend, memory, key, keyStrength); // [batch, heads, slots]
 * ```
 */
export function contentWeighting(backend: NtmBackend, memory: Tensor, key: Tensor, keyStrength: Tensor, epsilon: number = DEFAULT_EPSILONS.similarity): Tensor {
  const shapes = new ShapeChecker('contentWeighting')
    .check('memory', memory.shape, ['batch', 'slots', 'wordSize'])
    .check('key', key.shape, ['batch', 'heads', 'wordSize'])
    .check('keyStrength', keyStrength.shape, ['batch', 'heads']);
  return backend.tidy(() => {
    const similarity = cosineSimilarity(backend, memory, key, epsilon); // [batch, heads, slots]
    const strength = backend.reshape(keyStrength, [shapes.size('batch'), shapes.size('heads'), 1]); // [batch, heads, 1]
    // softmax subtracts the row maximum, so β = 1000 does not overflow.
    return backend.softmax(backend.mul(similarity, strength));
  });
}
