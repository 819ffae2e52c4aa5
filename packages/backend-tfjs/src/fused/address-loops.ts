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

/**
 * Where the forward pass leaves what the backward pass needs, in one flat array (the "tape").
 * One record of {@link rowLength} numbers per head row `b·H + h`, then the memory norms
 * `[B, N]`. Why one array: tfjs keeps every tensor a gradient saves with an extra kernel call,
 * so one tape costs one call where seven intermediates would cost seven.
 *
 * A record holds, each of length N: K (cosine similarity), w^c, w^g, w~, log(w~ + ε), w,
 * w_{t−1}; then the key (M); then ‖k‖, β, g, γ; then s (K).
 *
 * @example
 * ```ts
 * const layout = new AddressTapeLayout({ batch: 32, heads: 1, slots: 128, wordSize: 20, kernelWidth: 3 });
 * tape[row * layout.rowLength + layout.sharpening]; // γ of head row `row`
 * ```
 */
export class AddressTapeLayout {
  readonly similarity = 0;
  readonly content: number;
  readonly gated: number;
  readonly shifted: number;
  readonly logShifted: number;
  readonly weighting: number;
  readonly previousWeighting: number;
  readonly key: number;
  readonly keyNorm: number;
  readonly keyStrength: number;
  readonly interpolationGate: number;
  readonly sharpening: number;
  readonly shiftWeighting: number;
  /** The numbers of one head row's record. */
  readonly rowLength: number;
  /** Where the memory norms `[B, N]` start. */
  readonly memoryNorms: number;
  /** The tape's length. */
  readonly length: number;

  constructor(readonly sizes: AddressSizes) {
    const { batch, heads, slots, wordSize, kernelWidth } = sizes;
    this.content = slots;
    this.gated = 2 * slots;
    this.shifted = 3 * slots;
    this.logShifted = 4 * slots;
    this.weighting = 5 * slots;
    this.previousWeighting = 6 * slots;
    this.key = 7 * slots;
    this.keyNorm = this.key + wordSize;
    this.keyStrength = this.keyNorm + 1;
    this.interpolationGate = this.keyNorm + 2;
    this.sharpening = this.keyNorm + 3;
    this.shiftWeighting = this.keyNorm + 4;
    this.rowLength = this.shiftWeighting + kernelWidth;
    this.memoryNorms = batch * heads * this.rowLength;
    this.length = this.memoryNorms + batch * slots;
  }
}

const scratch = new ScratchSpace();

/** Replaces `values[start…start + length)` (whose maximum is `max`) by its softmax. */
function softmaxInPlace(values: Float64Array, start: number, length: number, max: number): void {
  let sum = 0;
  for (let i = start; i < start + length; i++) {
    const e = Math.exp((values[i] as number) - max);
    values[i] = e;
    sum += e;
  }
  const scale = 1 / sum;
  for (let i = start; i < start + length; i++) values[i] = (values[i] as number) * scale;
}

/**
 * The fused addressing forward pass for every head of every batch row, exactly the generic
 * composition of `@ntm/addressing` (docs/math.md §2, Graves et al. 2014 eqs. 5–9) in float64:
 * K = k·M[i] / (‖k‖‖M[i]‖ + ε) with norms √(Σx² + ε²), w^c = softmax(β K),
 * w^g = w_{t−1} + g (w^c − w_{t−1}), w~[i] = Σ_k s[k] w^g[(i − (k − n)) mod N],
 * w = softmax(γ log(w~ + ε)).
 *
 * Writes w `[B, H, N]` into `weighting`, and into `tape` (laid out by {@link AddressTapeLayout})
 * what {@link addressBackward} needs.
 *
 * @example addressForward(sizes, inputs, { similarity: 1e-8, sharpening: 1e-8 }, weighting, tape);
 */
export function addressForward(sizes: AddressSizes, x: AddressArrays, epsilons: AddressingEpsilons, weighting: FloatArray, tape: FloatArray): void {
  const { batch, heads, slots, wordSize, kernelWidth } = sizes;
  const radius = (kernelWidth - 1) / 2;
  const layout = new AddressTapeLayout(sizes);
  // The tape's offsets as locals: V8 reloads an object's fields inside loops that store to typed arrays.
  const {
    similarity: atSimilarity,
    content: atContent,
    gated: atGated,
    shifted: atShifted,
    logShifted: atLogShifted,
    weighting: atWeighting,
    previousWeighting: atPreviousWeighting,
    key: atKey,
    keyNorm: atKeyNorm,
    keyStrength: atKeyStrength,
    interpolationGate: atInterpolationGate,
    sharpening: atSharpening,
    shiftWeighting: atShiftWeighting,
    rowLength: atRowLength,
    memoryNorms: atMemoryNorms,
  } = layout;
  const { memory, key, keyStrength, interpolationGate, shiftWeighting, sharpening, previousWeighting } = x;
  const { sharpening: sharpeningEpsilon, similarity: similarityEpsilon } = epsilons;
  const epsilonSquared = similarityEpsilon * similarityEpsilon;
  scratch.reserve(heads * slots + heads + heads * wordSize + 3 * slots);
  const dots = scratch.take(heads * slots); // k_h · M[i] of one batch row, [H, N]
  const keyNorms = scratch.take(heads);
  const keys = scratch.take(heads * wordSize); // the batch row's keys, [H, M]
  const memoryNorms = scratch.take(slots);
  const rowValues = scratch.take(slots); // w^c, then w, of one head
  const gated = scratch.take(slots);

  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < heads; h++) {
      const keyOffset = (b * heads + h) * wordSize;
      let squares = 0;
      for (let m = 0; m < wordSize; m++) {
        const k = key[keyOffset + m] as number;
        keys[h * wordSize + m] = k;
        squares += k * k;
      }
      keyNorms[h] = Math.sqrt(squares + epsilonSquared);
    }
    // One pass over memory: each slot's row is read once for its norm and head 0's dot product
    // (the other heads re-read it from the cache).
    for (let i = 0; i < slots; i++) {
      const slotOffset = (b * slots + i) * wordSize;
      let squares = 0;
      let dot = 0;
      for (let m = 0; m < wordSize; m++) {
        const v = memory[slotOffset + m] as number;
        squares += v * v;
        dot += (keys[m] as number) * v;
      }
      dots[i] = dot;
      for (let h = 1; h < heads; h++) {
        let headDot = 0;
        for (let m = 0; m < wordSize; m++) headDot += (keys[h * wordSize + m] as number) * (memory[slotOffset + m] as number);
        dots[h * slots + i] = headDot;
      }
      const norm = Math.sqrt(squares + epsilonSquared);
      memoryNorms[i] = norm;
      tape[atMemoryNorms + b * slots + i] = norm;
    }

    for (let h = 0; h < heads; h++) {
      const row = b * heads + h;
      const record = row * atRowLength;
      const keyNorm = keyNorms[h] as number;
      const strength = keyStrength[row] as number;
      const gate = interpolationGate[row] as number;
      const exponent = sharpening[row] as number;

      // Content addressing (eqs. 5–6).
      let max = -Infinity;
      for (let i = 0; i < slots; i++) {
        const cosine = (dots[h * slots + i] as number) / (keyNorm * (memoryNorms[i] as number) + similarityEpsilon);
        tape[record + atSimilarity + i] = cosine;
        const score = strength * cosine;
        rowValues[i] = score;
        if (score > max) max = score;
      }
      softmaxInPlace(rowValues, 0, slots, max);

      // Interpolation (eq. 7), in the generic composition's form w_{t−1} + g (w^c − w_{t−1}).
      const previousOffset = row * slots;
      for (let i = 0; i < slots; i++) {
        const content = rowValues[i] as number;
        const previous = previousWeighting[previousOffset + i] as number;
        const value = previous + gate * (content - previous);
        gated[i] = value;
        tape[record + atContent + i] = content;
        tape[record + atGated + i] = value;
        tape[record + atPreviousWeighting + i] = previous;
      }

      // Circular shift (eq. 8) then the sharpening scores γ log(w~ + ε) (eq. 9).
      const shiftOffset = row * kernelWidth;
      max = -Infinity;
      for (let i = 0; i < slots; i++) {
        let total = 0;
        for (let k = 0; k < kernelWidth; k++) {
          let source = i - k + radius; // (i − shift) mod N for shift k − n; |shift| < N wraps once
          if (source < 0) source += slots;
          else if (source >= slots) source -= slots;
          total += (shiftWeighting[shiftOffset + k] as number) * (gated[source] as number);
        }
        const logarithm = Math.log(total + sharpeningEpsilon);
        tape[record + atShifted + i] = total;
        tape[record + atLogShifted + i] = logarithm;
        const score = exponent * logarithm;
        rowValues[i] = score;
        if (score > max) max = score;
      }
      softmaxInPlace(rowValues, 0, slots, max);
      for (let i = 0; i < slots; i++) {
        const value = rowValues[i] as number;
        weighting[previousOffset + i] = value;
        tape[record + atWeighting + i] = value;
      }

      for (let m = 0; m < wordSize; m++) tape[record + atKey + m] = keys[h * wordSize + m] as number;
      tape[record + atKeyNorm] = keyNorm;
      tape[record + atKeyStrength] = strength;
      tape[record + atInterpolationGate] = gate;
      tape[record + atSharpening] = exponent;
      for (let k = 0; k < kernelWidth; k++) tape[record + atShiftWeighting + k] = shiftWeighting[shiftOffset + k] as number;
    }
  }
}

/**
 * The fused addressing backward pass: from the memory, the tape {@link addressForward} left and
 * dL/dw `[B, H, N]`, writes dL/d(each of the seven inputs) into `gradients` (every element).
 *
 * The chain, per head (⟨·,·⟩ sums over slots):
 * - sharpening: du = w ⊙ (dw − ⟨w, dw⟩); dγ = ⟨du, log(w~ + ε)⟩; dw~ = du · γ / (w~ + ε);
 * - shift (its adjoint shifts the other way): ds[k] = Σ_i dw~[i] w^g[(i − k + n) mod N],
 *   dw^g[j] = Σ_k s[k] dw~[(j + k − n) mod N];
 * - interpolation: dg = ⟨dw^g, w^c − w_{t−1}⟩, dw^c = g dw^g, dw_{t−1} = (1 − g) dw^g;
 * - content softmax: dz = w^c ⊙ (dw^c − ⟨w^c, dw^c⟩); dβ = ⟨dz, K⟩; dK = β dz;
 * - cosine K = dot / den, den = ‖k‖‖M[i]‖ + ε: d dot = dK / den, d den = −dK · K / den;
 * - norms √(Σx² + ε²): dx = d‖x‖ · x / ‖x‖ (finite, and 0 for an all-zero row).
 *
 * @example addressBackward(sizes, memory, tape, epsilons, outputGradient, gradients);
 */
export function addressBackward(
  sizes: AddressSizes,
  memory: FloatArray,
  tape: FloatArray,
  epsilons: AddressingEpsilons,
  outputGradient: FloatArray,
  gradients: { readonly [Field in keyof AddressArrays]: FloatArray },
): void {
  const { batch, heads, slots, wordSize, kernelWidth } = sizes;
  const radius = (kernelWidth - 1) / 2;
  const layout = new AddressTapeLayout(sizes);
  const {
    memory: memoryGradient,
    key: keyGradients,
    keyStrength: keyStrengthGradient,
    interpolationGate: gateGradients,
    shiftWeighting: shiftGradient,
    sharpening: sharpeningGradient,
    previousWeighting: previousGradient,
  } = gradients;
  const { sharpening: sharpeningEpsilon, similarity: similarityEpsilon } = epsilons;
  // The tape's offsets as locals: V8 reloads an object's fields inside loops that store to typed arrays.
  const {
    similarity: atSimilarity,
    content: atContent,
    gated: atGated,
    shifted: atShifted,
    logShifted: atLogShifted,
    weighting: atWeighting,
    previousWeighting: atPreviousWeighting,
    key: atKey,
    keyNorm: atKeyNorm,
    keyStrength: atKeyStrength,
    interpolationGate: atInterpolationGate,
    sharpening: atSharpening,
    shiftWeighting: atShiftWeighting,
    rowLength: atRowLength,
    memoryNorms: atMemoryNorms,
  } = layout;
  scratch.reserve(3 * slots + heads * slots + 2 * heads * wordSize + heads);
  const shiftedGradient = scratch.take(slots);
  const gatedGradient = scratch.take(slots);
  const memoryNormGradient = scratch.take(slots); // d‖M[i]‖, summed over the heads
  const dotGradient = scratch.take(heads * slots); // d(k_h · M[i]), [H, N]
  const keyGradient = scratch.take(heads * wordSize); // the dot products' part, [H, M]
  const keyNormGradient = scratch.take(heads);
  const keys = scratch.take(heads * wordSize); // the batch row's keys, [H, M]

  for (let b = 0; b < batch; b++) {
    memoryNormGradient.fill(0);
    for (let h = 0; h < heads; h++) {
      const row = b * heads + h;
      const record = row * atRowLength;
      const rowOffset = row * slots;
      const exponent = tape[record + atSharpening] as number;
      const gate = tape[record + atInterpolationGate] as number;
      const strength = tape[record + atKeyStrength] as number;
      const keyNorm = tape[record + atKeyNorm] as number;

      // Sharpening: w = softmax(u), u = γ log(w~ + ε).
      let weightedGradient = 0;
      for (let i = 0; i < slots; i++) {
        weightedGradient += (tape[record + atWeighting + i] as number) * (outputGradient[rowOffset + i] as number);
      }
      let exponentGradient = 0;
      for (let i = 0; i < slots; i++) {
        const scoreGradient = (tape[record + atWeighting + i] as number) * ((outputGradient[rowOffset + i] as number) - weightedGradient);
        exponentGradient += scoreGradient * (tape[record + atLogShifted + i] as number);
        shiftedGradient[i] = (scoreGradient * exponent) / ((tape[record + atShifted + i] as number) + sharpeningEpsilon);
      }
      sharpeningGradient[row] = exponentGradient;

      // Circular shift: the gradient to s correlates dw~ with w^g; the gradient to w^g shifts back.
      const shiftOffset = row * kernelWidth;
      for (let k = 0; k < kernelWidth; k++) {
        const shift = k - radius;
        let total = 0;
        for (let i = 0; i < slots; i++) {
          let source = i - shift;
          if (source < 0) source += slots;
          else if (source >= slots) source -= slots;
          total += (shiftedGradient[i] as number) * (tape[record + atGated + source] as number);
        }
        shiftGradient[shiftOffset + k] = total;
      }
      gatedGradient.fill(0);
      for (let k = 0; k < kernelWidth; k++) {
        const weight = tape[record + atShiftWeighting + k] as number;
        const shift = k - radius;
        for (let j = 0; j < slots; j++) {
          let target = j + shift;
          if (target < 0) target += slots;
          else if (target >= slots) target -= slots;
          gatedGradient[j] = (gatedGradient[j] as number) + weight * (shiftedGradient[target] as number);
        }
      }

      // Interpolation.
      let gateGradient = 0;
      let contentWeightedGradient = 0;
      for (let i = 0; i < slots; i++) {
        const content = tape[record + atContent + i] as number;
        const gatedValue = gatedGradient[i] as number;
        gateGradient += gatedValue * (content - (tape[record + atPreviousWeighting + i] as number));
        previousGradient[rowOffset + i] = (1 - gate) * gatedValue;
        contentWeightedGradient += content * gatedValue;
      }
      contentWeightedGradient *= gate;
      gateGradients[row] = gateGradient;

      // Content softmax and cosine similarity.
      let strengthGradient = 0;
      let normGradient = 0;
      const normsOffset = atMemoryNorms + b * slots;
      for (let i = 0; i < slots; i++) {
        const content = tape[record + atContent + i] as number;
        const similarity = tape[record + atSimilarity + i] as number;
        const scoreGradient = content * (gate * (gatedGradient[i] as number) - contentWeightedGradient);
        strengthGradient += scoreGradient * similarity;
        const similarityGradient = strength * scoreGradient;
        const memoryNorm = tape[normsOffset + i] as number;
        const denominator = keyNorm * memoryNorm + similarityEpsilon;
        dotGradient[h * slots + i] = similarityGradient / denominator;
        const denominatorGradient = (-similarityGradient * similarity) / denominator;
        normGradient += denominatorGradient * memoryNorm;
        memoryNormGradient[i] = (memoryNormGradient[i] as number) + denominatorGradient * keyNorm;
      }
      keyStrengthGradient[row] = strengthGradient;
      keyNormGradient[h] = normGradient;
    }

    // One pass over memory for the dot products' gradients to memory and to every key.
    for (let h = 0; h < heads; h++) {
      const keyRecord = (b * heads + h) * atRowLength + atKey;
      for (let m = 0; m < wordSize; m++) keys[h * wordSize + m] = tape[keyRecord + m] as number;
    }
    keyGradient.fill(0);
    for (let i = 0; i < slots; i++) {
      const slotOffset = (b * slots + i) * wordSize;
      const normScale = (memoryNormGradient[i] as number) / (tape[atMemoryNorms + b * slots + i] as number);
      const slotGradient = dotGradient[i] as number; // head 0's
      for (let m = 0; m < wordSize; m++) {
        const v = memory[slotOffset + m] as number;
        memoryGradient[slotOffset + m] = normScale * v + slotGradient * (keys[m] as number);
        keyGradient[m] = (keyGradient[m] as number) + slotGradient * v;
      }
      for (let h = 1; h < heads; h++) {
        const headGradient = dotGradient[h * slots + i] as number;
        for (let m = 0; m < wordSize; m++) {
          const v = memory[slotOffset + m] as number;
          memoryGradient[slotOffset + m] = (memoryGradient[slotOffset + m] as number) + headGradient * (keys[h * wordSize + m] as number);
          keyGradient[h * wordSize + m] = (keyGradient[h * wordSize + m] as number) + headGradient * v;
        }
      }
    }
    for (let h = 0; h < heads; h++) {
      const row = b * heads + h;
      const record = row * atRowLength;
      const keyScale = (keyNormGradient[h] as number) / (tape[record + atKeyNorm] as number);
      for (let m = 0; m < wordSize; m++) {
        keyGradients[row * wordSize + m] = (keyGradient[h * wordSize + m] as number) + keyScale * (tape[record + atKey + m] as number);
      }
    }
  }
}
