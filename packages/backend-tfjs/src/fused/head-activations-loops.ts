import type { HeadActivationKind } from '@ntm/backend';
import { sigmoid, softplus, tanh } from './activation-functions.js';
import type { FloatArray } from './address-loops.js';

/** A block of head-parameter columns, as the loops read it (see `HeadActivationBlock`). */
export interface ActivationBlock {
  readonly offset: number;
  readonly heads: number;
  readonly sizePerHead: number;
  readonly activation: HeadActivationKind;
}

/** `B` batch rows of `C` pre-activation columns. */
export interface HeadActivationSizes {
  readonly batch: number;
  readonly columns: number;
}

/**
 * The tape the forward pass leaves, `[B, 2, C]`: per batch row, first the local derivative
 * dy/dx of every elementwise column (0 where the clip cut the gradient) or, for a softmax
 * column, its output y; then the clip mask, 1 strictly inside (−clip, clip), else 0.
 */
export const HEAD_TAPE_ROWS = 2;

/**
 * Clip and activate every block of `preActivations + bias` (Graves et al. 2014, §3.3: k tanh
 * or identity, β = softplus, g = sigmoid, s = softmax, γ = 1 + softplus, e = sigmoid, a tanh or
 * identity), writing block `k`'s values `[B, heads, sizePerHead]` into `outputs[k]` and the
 * tape `[B, 2, C]` ({@link HEAD_TAPE_ROWS}). `clip` may be `Infinity`.
 *
 * @example headActivationsForward(sizes, blocks, 20, preActivations, bias, outputs, tape);
 */
export function headActivationsForward(
  sizes: HeadActivationSizes,
  blocks: readonly ActivationBlock[],
  clip: number,
  preActivations: FloatArray,
  bias: FloatArray,
  outputs: readonly FloatArray[],
  tape: FloatArray,
): void {
  const { batch, columns } = sizes;
  for (let k = 0; k < blocks.length; k++) {
    const { offset, heads, sizePerHead, activation } = blocks[k] as ActivationBlock;
    const output = outputs[k] as FloatArray;
    const blockColumns = heads * sizePerHead;
    for (let b = 0; b < batch; b++) {
      const row = b * columns + offset;
      const derivativeRow = b * HEAD_TAPE_ROWS * columns + offset;
      const maskRow = derivativeRow + columns;
      const outputRow = b * blockColumns;
      // Clip and mask first; then one loop per activation, so that no element pays for a branch.
      for (let j = 0; j < blockColumns; j++) {
        const x = (preActivations[row + j] as number) + (bias[offset + j] as number);
        const inside = x > -clip && x < clip;
        output[outputRow + j] = Math.max(-clip, Math.min(x, clip));
        tape[maskRow + j] = inside ? 1 : 0;
      }
      switch (activation) {
        case 'tanh':
          for (let j = 0; j < blockColumns; j++) {
            const value = tanh(output[outputRow + j] as number);
            output[outputRow + j] = value;
            tape[derivativeRow + j] = (tape[maskRow + j] as number) * (1 - value * value);
          }
          break;
        case 'identity':
          for (let j = 0; j < blockColumns; j++) tape[derivativeRow + j] = tape[maskRow + j] as number;
          break;
        case 'sigmoid':
          for (let j = 0; j < blockColumns; j++) {
            const value = sigmoid(output[outputRow + j] as number);
            output[outputRow + j] = value;
            tape[derivativeRow + j] = (tape[maskRow + j] as number) * value * (1 - value);
          }
          break;
        case 'softplus':
        case 'onePlusSoftplus': {
          const shift = activation === 'softplus' ? 0 : 1;
          for (let j = 0; j < blockColumns; j++) {
            const clipped = output[outputRow + j] as number;
            output[outputRow + j] = shift + softplus(clipped);
            tape[derivativeRow + j] = (tape[maskRow + j] as number) * sigmoid(clipped);
          }
          break;
        }
        case 'softmax':
          break;
      }
      if (activation !== 'softmax') continue;
      for (let h = 0; h < heads; h++) {
        const start = outputRow + h * sizePerHead;
        let max = -Infinity;
        for (let j = 0; j < sizePerHead; j++) max = Math.max(max, output[start + j] as number);
        let total = 0;
        for (let j = 0; j < sizePerHead; j++) {
          const e = Math.exp((output[start + j] as number) - max);
          output[start + j] = e;
          total += e;
        }
        const scale = 1 / total;
        for (let j = 0; j < sizePerHead; j++) {
          const y = (output[start + j] as number) * scale;
          output[start + j] = y;
          tape[derivativeRow + h * sizePerHead + j] = y;
        }
      }
    }
  }
}

/**
 * The backward pass of {@link headActivationsForward}: from the tape and dL/d(each block's
 * output) writes dL/dpreActivations `[B, C]` (0 in columns no block covers) and dL/dbias `[C]`
 * (the sum over the batch). Elementwise: dx = dy · (dy/dx). Softmax, per head:
 * dx_j = y_j (dy_j − Σ_i y_i dy_i) · mask_j.
 *
 * @example headActivationsBackward(sizes, blocks, tape, outputGradients, preActivationsGradient, biasGradient);
 */
export function headActivationsBackward(
  sizes: HeadActivationSizes,
  blocks: readonly ActivationBlock[],
  tape: FloatArray,
  outputGradients: readonly FloatArray[],
  preActivationsGradient: FloatArray,
  biasGradient: FloatArray,
): void {
  const { batch, columns } = sizes;
  preActivationsGradient.fill(0);
  biasGradient.fill(0);
  for (let k = 0; k < blocks.length; k++) {
    const { offset, heads, sizePerHead, activation } = blocks[k] as ActivationBlock;
    const outputGradient = outputGradients[k] as FloatArray;
    const blockColumns = heads * sizePerHead;
    for (let b = 0; b < batch; b++) {
      const row = b * columns + offset;
      const derivativeRow = b * HEAD_TAPE_ROWS * columns + offset;
      const maskRow = derivativeRow + columns;
      const gradientRow = b * blockColumns;
      if (activation === 'softmax') {
        for (let h = 0; h < heads; h++) {
          const start = h * sizePerHead;
          let weighted = 0;
          for (let j = start; j < start + sizePerHead; j++) weighted += (tape[derivativeRow + j] as number) * (outputGradient[gradientRow + j] as number);
          for (let j = start; j < start + sizePerHead; j++) {
            const gradient = (tape[derivativeRow + j] as number) * ((outputGradient[gradientRow + j] as number) - weighted) * (tape[maskRow + j] as number);
            preActivationsGradient[row + j] = gradient;
            biasGradient[offset + j] = (biasGradient[offset + j] as number) + gradient;
          }
        }
        continue;
      }
      for (let j = 0; j < blockColumns; j++) {
        const gradient = (outputGradient[gradientRow + j] as number) * (tape[derivativeRow + j] as number);
        preActivationsGradient[row + j] = gradient;
        biasGradient[offset + j] = (biasGradient[offset + j] as number) + gradient;
      }
    }
  }
}
