import type { FloatArray } from './address-loops.js';
import { ScratchSpace } from './scratch-space.js';

/** The sizes of one memory write: `B`, `H` write heads, `N` slots, `M` word size. */
export interface WriteMemorySizes {
  readonly batch: number;
  readonly heads: number;
  readonly slots: number;
  readonly wordSize: number;
}

/** The inputs of a memory write as flat row-major arrays. */
export interface WriteMemoryArrays {
  readonly memory: FloatArray; // [B, N, M]
  readonly weighting: FloatArray; // [B, H, N]
  readonly erase: FloatArray; // [B, H, M]
  readonly add: FloatArray; // [B, H, M]
}

const scratch = new ScratchSpace();

/**
 * Erase then add for every write head (Graves et al. 2014, eqs. 3–4; docs/math.md §2):
 * `M'[i,m] = M[i,m] · Π_h (1 − w_h[i] e_h[m]) + Σ_h w_h[i] a_h[m]`, written into `output`
 * `[B, N, M]`.
 *
 * @example writeMemoryForward(sizes, { memory, weighting, erase, add }, new Float32Array(B * N * M));
 */
export function writeMemoryForward(sizes: WriteMemorySizes, x: WriteMemoryArrays, output: FloatArray): void {
  const { batch, heads, slots, wordSize } = sizes;
  if (heads === 1) {
    writeOneHeadForward(sizes, x, output);
    return;
  }
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < slots; i++) {
      const slotOffset = (b * slots + i) * wordSize;
      for (let m = 0; m < wordSize; m++) {
        let retained = 1;
        let added = 0;
        for (let h = 0; h < heads; h++) {
          const row = b * heads + h;
          const w = x.weighting[row * slots + i] as number;
          retained *= 1 - w * (x.erase[row * wordSize + m] as number);
          added += w * (x.add[row * wordSize + m] as number);
        }
        output[slotOffset + m] = (x.memory[slotOffset + m] as number) * retained + added;
      }
    }
  }
}

/**
 * The backward pass of {@link writeMemoryForward}: given dL/dM' `[B, N, M]`, writes the
 * gradients to memory, weighting, erase and add (every element is written).
 *
 * With R = Π_h f_h, f_h = 1 − w_h[i] e_h[m], and P_h = Π_{h' ≠ h} f_{h'} (R without head h):
 * dM = dM' · R; dw_h[i] = Σ_m dM'·(a_h[m] − M e_h[m] P_h); de_h[m] = −Σ_i dM'·M w_h[i] P_h;
 * da_h[m] = Σ_i dM' w_h[i]. P_h is a product of prefix and suffix products, never R / f_h:
 * a factor is exactly 0 where w = e = 1 (a wiped slot), and the division would give 0/0.
 *
 * @example writeMemoryBackward(sizes, inputs, outputGradient, { memory, weighting, erase, add });
 */
export function writeMemoryBackward(
  sizes: WriteMemorySizes,
  x: WriteMemoryArrays,
  outputGradient: FloatArray,
  gradients: { readonly [Field in keyof WriteMemoryArrays]: FloatArray },
): void {
  const { batch, heads, slots, wordSize } = sizes;
  if (heads === 1) {
    writeOneHeadBackward(sizes, x, outputGradient, gradients);
    return;
  }
  scratch.reserve(heads * slots + 2 * heads * wordSize + heads + 1);
  const weightingGradient = scratch.take(heads * slots); // one batch row, [H, N]
  const eraseGradient = scratch.take(heads * wordSize); // one batch row, [H, M]
  const addGradient = scratch.take(heads * wordSize); // one batch row, [H, M]
  const prefix = scratch.take(heads + 1); // prefix[h] = Π_{h' < h} f_{h'}

  for (let b = 0; b < batch; b++) {
    weightingGradient.fill(0);
    eraseGradient.fill(0);
    addGradient.fill(0);
    for (let i = 0; i < slots; i++) {
      const slotOffset = (b * slots + i) * wordSize;
      for (let m = 0; m < wordSize; m++) {
        const upstream = outputGradient[slotOffset + m] as number;
        const value = x.memory[slotOffset + m] as number;
        prefix[0] = 1;
        for (let h = 0; h < heads; h++) {
          const row = b * heads + h;
          const factor = 1 - (x.weighting[row * slots + i] as number) * (x.erase[row * wordSize + m] as number);
          prefix[h + 1] = (prefix[h] as number) * factor;
        }
        gradients.memory[slotOffset + m] = upstream * (prefix[heads] as number);
        let suffix = 1; // Π_{h' > h} f_{h'}
        for (let h = heads - 1; h >= 0; h--) {
          const row = b * heads + h;
          const w = x.weighting[row * slots + i] as number;
          const e = x.erase[row * wordSize + m] as number;
          const erasedGradient = upstream * value * (prefix[h] as number) * suffix; // dL/df_h
          weightingGradient[h * slots + i] =
            (weightingGradient[h * slots + i] as number) + upstream * (x.add[row * wordSize + m] as number) - erasedGradient * e;
          eraseGradient[h * wordSize + m] = (eraseGradient[h * wordSize + m] as number) - erasedGradient * w;
          addGradient[h * wordSize + m] = (addGradient[h * wordSize + m] as number) + upstream * w;
          suffix *= 1 - w * e;
        }
      }
    }
    for (let h = 0; h < heads; h++) {
      const row = b * heads + h;
      for (let i = 0; i < slots; i++) gradients.weighting[row * slots + i] = weightingGradient[h * slots + i] as number;
      for (let m = 0; m < wordSize; m++) {
        gradients.erase[row * wordSize + m] = eraseGradient[h * wordSize + m] as number;
        gradients.add[row * wordSize + m] = addGradient[h * wordSize + m] as number;
      }
    }
  }
}

/** {@link writeMemoryForward} for the common single write head, without the loops over heads. */
function writeOneHeadForward(sizes: WriteMemorySizes, x: WriteMemoryArrays, output: FloatArray): void {
  const { batch, slots, wordSize } = sizes;
  const { memory, weighting, erase, add } = x;
  scratch.reserve(2 * wordSize);
  // The batch row's e and a, read once as doubles rather than once per slot.
  const eraseRow = scratch.take(wordSize);
  const addRow = scratch.take(wordSize);
  for (let b = 0; b < batch; b++) {
    const wordOffset = b * wordSize;
    for (let m = 0; m < wordSize; m++) {
      eraseRow[m] = erase[wordOffset + m] as number;
      addRow[m] = add[wordOffset + m] as number;
    }
    for (let i = 0; i < slots; i++) {
      const w = weighting[b * slots + i] as number;
      const slotOffset = (b * slots + i) * wordSize;
      for (let m = 0; m < wordSize; m++) {
        output[slotOffset + m] = (memory[slotOffset + m] as number) * (1 - w * (eraseRow[m] as number)) + w * (addRow[m] as number);
      }
    }
  }
}

/** {@link writeMemoryBackward} for the common single write head (P_h = 1). */
function writeOneHeadBackward(
  sizes: WriteMemorySizes,
  x: WriteMemoryArrays,
  outputGradient: FloatArray,
  gradients: { readonly [Field in keyof WriteMemoryArrays]: FloatArray },
): void {
  const { batch, slots, wordSize } = sizes;
  const { memory, weighting, erase, add } = x;
  const { memory: memoryGradient, weighting: weightingGradients, erase: eraseGradients, add: addGradients } = gradients;
  scratch.reserve(4 * wordSize);
  const eraseGradient = scratch.take(wordSize);
  const addGradient = scratch.take(wordSize);
  // The batch row's e and a, read once as doubles rather than once per slot.
  const eraseRow = scratch.take(wordSize);
  const addRow = scratch.take(wordSize);
  for (let b = 0; b < batch; b++) {
    const wordOffset = b * wordSize;
    for (let m = 0; m < wordSize; m++) {
      eraseGradient[m] = 0;
      addGradient[m] = 0;
      eraseRow[m] = erase[wordOffset + m] as number;
      addRow[m] = add[wordOffset + m] as number;
    }
    for (let i = 0; i < slots; i++) {
      const w = weighting[b * slots + i] as number;
      const slotOffset = (b * slots + i) * wordSize;
      let weightingGradient = 0;
      for (let m = 0; m < wordSize; m++) {
        const upstream = outputGradient[slotOffset + m] as number;
        const e = eraseRow[m] as number;
        const erasedGradient = upstream * (memory[slotOffset + m] as number); // dL/d(1 − w e)
        memoryGradient[slotOffset + m] = upstream * (1 - w * e);
        weightingGradient += upstream * (addRow[m] as number) - erasedGradient * e;
        eraseGradient[m] = (eraseGradient[m] as number) - erasedGradient * w;
        addGradient[m] = (addGradient[m] as number) + upstream * w;
      }
      weightingGradients[b * slots + i] = weightingGradient;
    }
    for (let m = 0; m < wordSize; m++) {
      eraseGradients[wordOffset + m] = eraseGradient[m] as number;
      addGradients[wordOffset + m] = addGradient[m] as number;
    }
  }
}
