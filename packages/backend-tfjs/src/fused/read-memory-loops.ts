import type { FloatArray } from './address-loops.js';

/** The sizes of one memory read: `B`, `H` read heads, `N` slots, `M` word size. */
export interface ReadMemorySizes {
  readonly batch: number;
  readonly heads: number;
  readonly slots: number;
  readonly wordSize: number;
}

/**
 * The read of every head (Graves et al. 2014, eq. 2; docs/math.md §2): r_h = Σ_i w_h[i] M[i], from
 * memory `[B, N, M]` and weighting `[B, H, N]` into `read` `[B, H, M]`.
 *
 * @example readMemoryForward({ batch, heads, slots, wordSize }, memory, weighting, read);
 */
export function readMemoryForward(sizes: ReadMemorySizes, memory: FloatArray, weighting: FloatArray, read: FloatArray): void {
  const { batch, heads, slots, wordSize } = sizes;
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < heads; h++) {
      const row = b * heads + h;
      for (let m = 0; m < wordSize; m++) {
        let total = 0;
        for (let i = 0; i < slots; i++) total += (weighting[row * slots + i] as number) * (memory[(b * slots + i) * wordSize + m] as number);
        read[row * wordSize + m] = total;
      }
    }
  }
}

/**
 * The backward pass of {@link readMemoryForward}: from dL/dr `[B, H, M]`, dL/dM[i] = Σ_h w_h[i] dr_h
 * `[B, N, M]` and dL/dw_h[i] = dr_h · M[i] `[B, H, N]` (every element written).
 *
 * @example readMemoryBackward(sizes, memory, weighting, readGradient, memoryGradient, weightingGradient);
 */
export function readMemoryBackward(
  sizes: ReadMemorySizes,
  memory: FloatArray,
  weighting: FloatArray,
  readGradient: FloatArray,
  memoryGradient: FloatArray,
  weightingGradient: FloatArray,
): void {
  const { batch, heads, slots, wordSize } = sizes;
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < slots; i++) {
      const slotOffset = (b * slots + i) * wordSize;
      for (let h = 0; h < heads; h++) {
        const row = b * heads + h;
        let total = 0;
        for (let m = 0; m < wordSize; m++) total += (readGradient[row * wordSize + m] as number) * (memory[slotOffset + m] as number);
        weightingGradient[row * slots + i] = total;
      }
      for (let m = 0; m < wordSize; m++) {
        let total = 0;
        for (let h = 0; h < heads; h++) total += (weighting[(b * heads + h) * slots + i] as number) * (readGradient[(b * heads + h) * wordSize + m] as number);
        memoryGradient[slotOffset + m] = total;
      }
    }
  }
}
