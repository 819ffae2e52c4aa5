import type { AddressingEpsilons } from '@ntm/backend';
import { ScratchSpace } from './scratch-space.js';

/** float32 inside tfjs; float64 in the tests that check these loops by finite differences. */
export type FloatArray = Float32Array | Float64Array;

/** The sizes of one addressing call: `B`, `H`, `N`, `M` and the shift width `K = 2n + 1`. */
export interface AddressSizes {
  readonly batch: number;
  readonly heads: number;
  readonly slots: number;
  readonly wordSize: number;
  readonly kernelWidth: number;
}

/** The seven addressing inputs as flat row-major arrays (shapes as in `AddressingInputs`). */
export interface AddressArrays {
  readonly memory: FloatArray; // [B, N, M]
  readonly key: FloatArray; // [B, H, M]
  readonly keyStrength: FloatArray; // [B, H]
  readonly interpolationGate: FloatArray; // [B, H]
  readonly shiftWeighting: FloatArray; // [B, H, K]
  readonly sharpening: FloatArray; // [B, H]
  readonly previousWeighting: FloatArray; // [B, H, N]
}

/** The intermediate rows of one head's pipeline, float64, each of length N. */
interface HeadRows {
  /** ‖M[i]‖ = √(Σ_m M[i,m]² + ε²) of the batch row's memory. */
  readonly memoryNorms: Float64Array;
  /** K(k, M[i]), the cosine similarity. */
  readonly similarity: Float64Array;
  /** w^c. */
  readonly content: Float64Array;
  /** w^g. */
  readonly gated: Float64Array;
  /** w~. */
  readonly shifted: Float64Array;
  /** log(w~ + ε). */
  readonly logShifted: Float64Array;
  /** w, the result. */
  readonly weighting: Float64Array;
}

const scratch = new ScratchSpace();

function takeHeadRows(slots: number): HeadRows {
  return {
    memoryNorms: scratch.take(slots),
    similarity: scratch.take(slots),
    content: scratch.take(slots),
    gated: scratch.take(slots),
    shifted: scratch.take(slots),
    logShifted: scratch.take(slots),
    weighting: scratch.take(slots),
  };
}

/** ‖M[i]‖ = √(Σ_m M[i,m]² + ε²) for every slot of batch row `b`. */
function computeMemoryNorms(sizes: AddressSizes, memory: FloatArray, b: number, epsilon: number, norms: Float64Array): void {
  const { slots, wordSize } = sizes;
  const epsilonSquared = epsilon * epsilon;
  for (let i = 0; i < slots; i++) {
    const offset = (b * slots + i) * wordSize;
    let sum = 0;
    for (let m = 0; m < wordSize; m++) {
      const value = memory[offset + m] as number;
      sum += value * value;
    }
    norms[i] = Math.sqrt(sum + epsilonSquared);
  }
}

/** Replaces `values` (whose maximum is `max`) by its softmax. */
function softmaxInPlace(values: Float64Array, length: number, max: number): void {
  let sum = 0;
  for (let i = 0; i < length; i++) {
    const e = Math.exp((values[i] as number) - max);
    values[i] = e;
    sum += e;
  }
  for (let i = 0; i < length; i++) values[i] = (values[i] as number) / sum;
}

/**
 * One head's whole forward pipeline, exactly the generic composition of `@ntm/addressing`
 * (NTM-SPEC §2, Graves et al. 2014 eqs. 5–9), in float64:
 * K = k·M[i] / (‖k‖‖M[i]‖ + ε), w^c = softmax(β K), w^g = w_{t−1} + g (w^c − w_{t−1}),
 * w~[i] = Σ_k s[k] w^g[(i − (k − n)) mod N], w = softmax(γ log(w~ + ε)).
 * Fills `rows` (memoryNorms must already hold batch row `b`'s norms) and returns ‖k‖.
 */
function forwardHead(sizes: AddressSizes, x: AddressArrays, epsilons: AddressingEpsilons, b: number, row: number, rows: HeadRows): number {
  const { slots, wordSize, kernelWidth } = sizes;
  const radius = (kernelWidth - 1) / 2;
  const { memory, key } = x;
  const { memoryNorms, similarity, content, gated, shifted, logShifted, weighting } = rows;
  const keyOffset = row * wordSize;
  const memoryOffset = b * slots * wordSize;

  // Content addressing (eqs. 5–6).
  let keySquares = 0;
  for (let m = 0; m < wordSize; m++) {
    const k = key[keyOffset + m] as number;
    keySquares += k * k;
  }
  const keyNorm = Math.sqrt(keySquares + epsilons.similarity * epsilons.similarity);
  const strength = x.keyStrength[row] as number;
  let max = -Infinity;
  for (let i = 0; i < slots; i++) {
    const slotOffset = memoryOffset + i * wordSize;
    let dot = 0;
    for (let m = 0; m < wordSize; m++) dot += (key[keyOffset + m] as number) * (memory[slotOffset + m] as number);
    const cosine = dot / (keyNorm * (memoryNorms[i] as number) + epsilons.similarity);
    similarity[i] = cosine;
    const score = strength * cosine;
    content[i] = score;
    if (score > max) max = score;
  }
  softmaxInPlace(content, slots, max);

  // Interpolation (eq. 7), in the generic composition's form w_{t−1} + g (w^c − w_{t−1}).
  const gate = x.interpolationGate[row] as number;
  const previousOffset = row * slots;
  for (let i = 0; i < slots; i++) {
    const previous = x.previousWeighting[previousOffset + i] as number;
    gated[i] = previous + gate * ((content[i] as number) - previous);
  }

  // Circular shift (eq. 8): kernel position k is the shift k − n; +1 moves slot j to j + 1.
  const shiftOffset = row * kernelWidth;
  for (let i = 0; i < slots; i++) {
    let total = 0;
    for (let k = 0; k < kernelWidth; k++) {
      let source = i - k + radius; // (i − shift) mod N; |shift| < N so one wrap suffices
      if (source < 0) source += slots;
      else if (source >= slots) source -= slots;
      total += (x.shiftWeighting[shiftOffset + k] as number) * (gated[source] as number);
    }
    shifted[i] = total;
  }

  // Sharpening (eq. 9) as softmax(γ log(w~ + ε)), as the generic composition computes it.
  const exponent = x.sharpening[row] as number;
  max = -Infinity;
  for (let i = 0; i < slots; i++) {
    const logarithm = Math.log((shifted[i] as number) + epsilons.sharpening);
    logShifted[i] = logarithm;
    const score = exponent * logarithm;
    weighting[i] = score;
    if (score > max) max = score;
  }
  softmaxInPlace(weighting, slots, max);
  return keyNorm;
}

/**
 * The fused addressing forward pass for every head of every batch row: writes w
 * `[B, H, N]` into `weighting`.
 *
 * @example addressForward(sizes, inputs, { similarity: 1e-8, sharpening: 1e-8 }, new Float32Array(B * H * N));
 */
export function addressForward(sizes: AddressSizes, x: AddressArrays, epsilons: AddressingEpsilons, weighting: FloatArray): void {
  const { batch, heads, slots } = sizes;
  scratch.reserve(7 * slots);
  const rows = takeHeadRows(slots);
  for (let b = 0; b < batch; b++) {
    computeMemoryNorms(sizes, x.memory, b, epsilons.similarity, rows.memoryNorms);
    for (let h = 0; h < heads; h++) {
      const row = b * heads + h;
      forwardHead(sizes, x, epsilons, b, row, rows);
      const offset = row * slots;
      for (let i = 0; i < slots; i++) weighting[offset + i] = rows.weighting[i] as number;
    }
  }
}

/**
 * The fused addressing backward pass: given dL/dw `[B, H, N]`, writes dL/d(each input) into
 * `gradients` (every element is written). It recomputes the forward intermediates rather than
 * saving them: they cost one forward pass of loops, less than the tensors and tfjs kernel calls
 * that saving them would take.
 *
 * The chain, per head (⟨·,·⟩ sums over slots):
 * - sharpening: du = w ⊙ (dw − ⟨w, dw⟩); dγ = ⟨du, log(w~ + ε)⟩; dw~ = du · γ / (w~ + ε);
 * - shift (its adjoint shifts the other way): ds[k] = Σ_i dw~[i] w^g[(i − k + n) mod N],
 *   dw^g[j] = Σ_k s[k] dw~[(j + k − n) mod N];
 * - interpolation: dg = ⟨dw^g, w^c − w_{t−1}⟩, dw^c = g dw^g, dw_{t−1} = (1 − g) dw^g;
 * - content softmax: dz = w^c ⊙ (dw^c − ⟨w^c, dw^c⟩); dβ = ⟨dz, K⟩; dK = β dz;
 * - cosine K = dot / den, den = ‖k‖‖M[i]‖ + ε: d dot = dK / den, d den = −dK · K / den;
 * - norms √(Σx² + ε²): d x = d‖x‖ · x / ‖x‖ (finite, and 0 for an all-zero row).
 *
 * @example addressBackward(sizes, inputs, epsilons, outputGradient, gradients);
 */
export function addressBackward(
  sizes: AddressSizes,
  x: AddressArrays,
  epsilons: AddressingEpsilons,
  outputGradient: FloatArray,
  gradients: { readonly [Field in keyof AddressArrays]: FloatArray },
): void {
  const { batch, heads, slots, wordSize, kernelWidth } = sizes;
  const radius = (kernelWidth - 1) / 2;
  const { memory, key } = x;
  scratch.reserve(11 * slots + slots * wordSize + wordSize);
  const rows = takeHeadRows(slots);
  const { memoryNorms, similarity, content, gated, shifted, logShifted, weighting } = rows;
  const shiftedGradient = scratch.take(slots);
  const gatedGradient = scratch.take(slots);
  const dotGradient = scratch.take(slots);
  const memoryNormGradient = scratch.take(slots); // summed over the heads of a batch row
  const memoryGradient = scratch.take(slots * wordSize); // the dot-product part, summed over heads
  const keyGradient = scratch.take(wordSize);

  for (let b = 0; b < batch; b++) {
    computeMemoryNorms(sizes, memory, b, epsilons.similarity, memoryNorms);
    memoryNormGradient.fill(0);
    memoryGradient.fill(0);
    const memoryOffset = b * slots * wordSize;
    for (let h = 0; h < heads; h++) {
      const row = b * heads + h;
      const keyNorm = forwardHead(sizes, x, epsilons, b, row, rows);
      const rowOffset = row * slots;

      // Sharpening: w = softmax(u), u = γ log(w~ + ε).
      let weightedGradient = 0;
      for (let i = 0; i < slots; i++) weightedGradient += (weighting[i] as number) * (outputGradient[rowOffset + i] as number);
      const exponent = x.sharpening[row] as number;
      let exponentGradient = 0;
      for (let i = 0; i < slots; i++) {
        const scoreGradient = (weighting[i] as number) * ((outputGradient[rowOffset + i] as number) - weightedGradient);
        exponentGradient += scoreGradient * (logShifted[i] as number);
        shiftedGradient[i] = (scoreGradient * exponent) / ((shifted[i] as number) + epsilons.sharpening);
      }
      gradients.sharpening[row] = exponentGradient;

      // Circular shift: the gradient to s correlates dw~ with w^g; the gradient to w^g shifts back.
      const shiftOffset = row * kernelWidth;
      for (let k = 0; k < kernelWidth; k++) {
        let total = 0;
        const shift = k - radius;
        for (let i = 0; i < slots; i++) {
          let source = i - shift;
          if (source < 0) source += slots;
          else if (source >= slots) source -= slots;
          total += (shiftedGradient[i] as number) * (gated[source] as number);
        }
        gradients.shiftWeighting[shiftOffset + k] = total;
      }
      for (let j = 0; j < slots; j++) {
        let total = 0;
        for (let k = 0; k < kernelWidth; k++) {
          let target = j + k - radius;
          if (target < 0) target += slots;
          else if (target >= slots) target -= slots;
          total += (x.shiftWeighting[shiftOffset + k] as number) * (shiftedGradient[target] as number);
        }
        gatedGradient[j] = total;
      }

      // Interpolation.
      const gate = x.interpolationGate[row] as number;
      let gateGradient = 0;
      let contentWeightedGradient = 0;
      for (let i = 0; i < slots; i++) {
        const previous = x.previousWeighting[rowOffset + i] as number;
        const gatedValue = gatedGradient[i] as number;
        gateGradient += gatedValue * ((content[i] as number) - previous);
        gradients.previousWeighting[rowOffset + i] = (1 - gate) * gatedValue;
        contentWeightedGradient += (content[i] as number) * gate * gatedValue;
      }
      gradients.interpolationGate[row] = gateGradient;

      // Content softmax and cosine similarity.
      const strength = x.keyStrength[row] as number;
      let strengthGradient = 0;
      let keyNormGradient = 0;
      for (let i = 0; i < slots; i++) {
        const scoreGradient = (content[i] as number) * (gate * (gatedGradient[i] as number) - contentWeightedGradient);
        strengthGradient += scoreGradient * (similarity[i] as number);
        const similarityGradient = strength * scoreGradient;
        const memoryNorm = memoryNorms[i] as number;
        const denominator = keyNorm * memoryNorm + epsilons.similarity;
        dotGradient[i] = similarityGradient / denominator;
        const denominatorGradient = (-similarityGradient * (similarity[i] as number)) / denominator;
        keyNormGradient += denominatorGradient * memoryNorm;
        memoryNormGradient[i] = (memoryNormGradient[i] as number) + denominatorGradient * keyNorm;
      }
      gradients.keyStrength[row] = strengthGradient;

      // dot = Σ_m k[m] M[i,m]: to the key from every slot, to memory from this head's key.
      const keyOffset = row * wordSize;
      for (let m = 0; m < wordSize; m++) keyGradient[m] = (keyNormGradient * (key[keyOffset + m] as number)) / keyNorm;
      for (let i = 0; i < slots; i++) {
        const slotGradient = dotGradient[i] as number;
        const slotOffset = memoryOffset + i * wordSize;
        const accumulatorOffset = i * wordSize;
        for (let m = 0; m < wordSize; m++) {
          keyGradient[m] = (keyGradient[m] as number) + slotGradient * (memory[slotOffset + m] as number);
          memoryGradient[accumulatorOffset + m] = (memoryGradient[accumulatorOffset + m] as number) + slotGradient * (key[keyOffset + m] as number);
        }
      }
      for (let m = 0; m < wordSize; m++) gradients.key[keyOffset + m] = keyGradient[m] as number;
    }
    // The memory norms' part, once the heads' d‖M[i]‖ are summed.
    for (let i = 0; i < slots; i++) {
      const normGradient = (memoryNormGradient[i] as number) / (memoryNorms[i] as number);
      const slotOffset = memoryOffset + i * wordSize;
      const accumulatorOffset = i * wordSize;
      for (let m = 0; m < wordSize; m++) {
        gradients.memory[slotOffset + m] = (memoryGradient[accumulatorOffset + m] as number) + normGradient * (memory[slotOffset + m] as number);
      }
    }
  }
}
