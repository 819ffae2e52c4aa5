import type { FloatArray } from './address-loops.js';
import { ScratchSpace } from './scratch-space.js';

const scratch = new ScratchSpace();

/** The sizes of one memory read: `B`, `H` read heads, `N` slots, `M` word size. */
export interface ReadMemorySizes {
  readonly batch: number;
  readonly heads: number;
  readonly slots: number;
  readonly wordSize: number;
}

/**
 * The read of every head (Graves et al. 2014, eq. 2): `r_h[m] = Σ_i w_h[i] M[i,m]`, memory
 * `[B, N, M]`, weighting `[B, H, N]` → `output` `[B, H, M]`.
 *
 * @example readMemoryForward(sizes, memory, weighting, new Float32Array(B * H * M));
 */
export function readMemoryForward(sizes: ReadMemorySizes, memory: FloatArray, weighting: FloatArray, output: FloatArray): void {
  const { batch, heads, slots, wordSize } = sizes;
  scratch.reserve(wordSize);
  const read = scratch.take(wordSize);
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < heads; h++) {
      const row = b * heads + h;
      read.fill(0);
      // Slot by slot, so memory is read in order and the M sums run side by side.
      for (let i = 0; i < slots; i++) {
        const w = weighting[row * slots + i] as number;
        const slotOffset = (b * slots + i) * wordSize;
        for (let m = 0; m < wordSize; m++) read[m] = (read[m] as number) + w * (memory[slotOffset + m] as number);
      }
      for (let m = 0; m < wordSize; m++) output[row * wordSize + m] = read[m] as number;
    }
  }
}

/**
 * The backward pass of {@link readMemoryForward}: from dL/dr `[B, H, M]`,
 * `dM[i,m] = Σ_h w_h[i] dr_h[m]` and `dw_h[i] = Σ_m dr_h[m] M[i,m]` (every element written).
 *
 * @example readMemoryBackward(sizes, memory, weighting, outputGradient, memoryGradient, weightingGradient);
 */
export function readMemoryBackward(
  sizes: ReadMemorySizes,
  memory: FloatArray,
  weighting: FloatArray,
  outputGradient: FloatArray,
  memoryGradient: FloatArray,
  weightingGradient: FloatArray,
): void {
  const { batch, heads, slots, wordSize } = sizes;
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < slots; i++) {
      const slotOffset = (b * slots + i) * wordSize;
      for (let m = 0; m < wordSize; m++) {
        let total = 0;
        for (let h = 0; h < heads; h++) {
          const row = b * heads + h;
          total += (weighting[row * slots + i] as number) * (outputGradient[row * wordSize + m] as number);
        }
        memoryGradient[slotOffset + m] = total;
      }
      for (let h = 0; h < heads; h++) {
        const row = b * heads + h;
        let total = 0;
        for (let m = 0; m < wordSize; m++) total += (outputGradient[row * wordSize + m] as number) * (memory[slotOffset + m] as number);
        weightingGradient[row * slots + i] = total;
      }
    }
  }
}
