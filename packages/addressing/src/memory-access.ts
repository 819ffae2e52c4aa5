import { ShapeChecker, type NtmBackend, type Tensor } from '@ntm/backend';

/**
 * Reads memory for every read head (Graves et al. 2014, eq. 2): `r = Σ_i w[i] · M[i]`.
 *
 * @param memory M_t: `[batch, slots, wordSize]`
 * @param weighting w_t: `[batch, heads, slots]`
 * @returns r_t: `[batch, heads, wordSize]`
 *
 * @example
 * ```ts
 * const readVectors = readMemory(backend, memory, readWeighting); // [batch, heads, wordSize]
 * ```
 */
export function readMemory(backend: NtmBackend, memory: Tensor, weighting: Tensor): Tensor {
  new ShapeChecker('readMemory')
    .check('memory', memory?.shape, ['batch', 'slots', 'wordSize'])
    .check('weighting', weighting?.shape, ['batch', 'heads', 'slots']);
  return backend.matMul(weighting, memory); // [batch, heads, slots] × [batch, slots, wordSize] → [batch, heads, wordSize]
}

/**
 * Writes memory for every write head at once (Graves et al. 2014, eqs. 3–4): erase, then add.
 * `M~[i] = M[i] ⊙ Π_h (1 − w_h[i] · e_h)`, `M'[i] = M~[i] + Σ_h w_h[i] · a_h`.
 * With several write heads the erasures multiply and the additions sum, so the heads' order
 * does not matter (docs/math.md §2).
 *
 * @param memory M_{t−1}: `[batch, slots, wordSize]`
 * @param weighting w_t of each write head: `[batch, heads, slots]`
 * @param erase e ∈ [0, 1]: `[batch, heads, wordSize]`
 * @param add a: `[batch, heads, wordSize]`
 * @returns M_t: `[batch, slots, wordSize]`
 *
 * @example
 * ```ts
 * const nextMemory = writeMemory(backend, memory, writeWeighting, erase, add);
 * ```
 */
export function writeMemory(backend: NtmBackend, memory: Tensor, weighting: Tensor, erase: Tensor, add: Tensor): Tensor {
  const shapes = new ShapeChecker('writeMemory')
    .check('memory', memory?.shape, ['batch', 'slots', 'wordSize'])
    .check('weighting', weighting?.shape, ['batch', 'heads', 'slots'])
    .check('erase', erase?.shape, ['batch', 'heads', 'wordSize'])
    .check('add', add?.shape, ['batch', 'heads', 'wordSize']);
  const [batch, heads, slots, wordSize] = ['batch', 'heads', 'slots', 'wordSize'].map((d) => shapes.size(d)) as [number, number, number, number];
  return backend.tidy(() => {
    const addition = backend.matMul(weighting, add, true, false); // [batch, slots, heads] × [batch, heads, wordSize] → [batch, slots, wordSize]
    let retained: Tensor; // [batch, slots, wordSize]: Π_h (1 − w_h[i] e_h)
    if (heads === 1) {
      // w ⊗ e as one outer product: [batch, slots, 1] × [batch, 1, wordSize]
      const erasure = backend.matMul(weighting, erase, true, false); // [batch, slots, wordSize]
      retained = backend.sub(backend.scalar(1), erasure);
    } else {
      const w = backend.reshape(weighting, [batch, heads, slots, 1]); // [batch, heads, slots, 1]
      const e = backend.reshape(erase, [batch, heads, 1, wordSize]); // [batch, heads, 1, wordSize]
      retained = backend.prod(backend.sub(backend.scalar(1), backend.mul(w, e)), 1); // [batch, slots, wordSize]
    }
    return backend.add(backend.mul(memory, retained), addition);
  });
}
