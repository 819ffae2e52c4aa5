import * as tf from '@tensorflow/tfjs-core';
import { ShapeChecker, ShapeError, type HeadActivationBlock, type HeadActivationKind, type Tensor } from '@ntm/backend';
import type { TfjsFlavor } from '../tfjs-flavor.js';
import { checkActiveFlavor, checkClip, fusedInput } from './fused-input-checks.js';
import { HEAD_TAPE_ROWS, headActivationsBackward, headActivationsForward, type ActivationBlock } from './head-activations-loops.js';
import type { InputShapes, LoopKernelDefinition } from './loop-kernel.js';

/**
 * The tfjs kernel of the fused head activations (what `countKernels` reports).
 * @example await backend.countKernels(() => backend.fused.headActivations?.(linear, bias, blocks, 20)) // { NtmHeadActivations: 1 }
 */
export const HEAD_ACTIVATIONS_KERNEL = 'NtmHeadActivations';
/**
 * Its backward kernel: the gradients to the pre-activations and the bias in one call.
 * @example tf.engine().runKernel(HEAD_ACTIVATIONS_GRADIENT_KERNEL, { tape, block0, block1 }, attrs) // 2 tensors
 */
export const HEAD_ACTIVATIONS_GRADIENT_KERNEL = 'NtmHeadActivationsGradient';

/**
 * The activations in the order of the `activations` attribute's codes (and of `native/head_activations.c`).
 * @example activationCodes.indexOf('softmax') // 5
 */
export const activationCodes: readonly HeadActivationKind[] = ['tanh', 'identity', 'sigmoid', 'softplus', 'onePlusSoftplus', 'softmax'];

/**
 * The blocks as kernel attributes (tfjs attributes are numbers, booleans, strings and arrays of
 * them): one array per field, one entry per block.
 */
interface BlockAttributes extends tf.NamedAttrMap {
  offsets: number[];
  heads: number[];
  sizes: number[];
  activations: number[];
  vectors: boolean[];
  clip: number;
}

function blocksOf(attrs: tf.NamedAttrMap): ActivationBlock[] {
  const { offsets, heads, sizes, activations } = attrs as BlockAttributes;
  return offsets.map((offset, k) => ({
    offset,
    heads: heads[k] as number,
    sizePerHead: sizes[k] as number,
    activation: activationCodes[activations[k] as number] as HeadActivationKind,
  }));
}

/** Block k's output shape: `[B, heads, size]` for a vector block, `[B, heads]` otherwise. */
function blockShapes(batch: number, attrs: tf.NamedAttrMap): number[][] {
  const { heads, sizes, vectors } = attrs as BlockAttributes;
  return heads.map((count, k) => (vectors[k] ? [batch, count, sizes[k] as number] : [batch, count]));
}

function gradientInputNames(attrs: tf.NamedAttrMap): string[] {
  return ['tape', ...(attrs as BlockAttributes).offsets.map((_, k) => `block${k}`)];
}

/**
 * `NtmHeadActivations`: pre-activations `[B, C]` and bias `[C]` → the tape `[B, 2, C]` first
 * (so that the gradient can save it by position whatever the number of blocks), then one
 * tensor per block.
 *
 * @example tf.registerKernel({ kernelName: HEAD_ACTIVATIONS_KERNEL, backendName: 'wasm', kernelFunc: loopKernelFunc('wasm', headActivationsKernel) });
 */
export const headActivationsKernel: LoopKernelDefinition = {
  kernelName: HEAD_ACTIVATIONS_KERNEL,
  inputNames: ['preActivations', 'bias'],
  outputShapes: (shapes: InputShapes, attrs) => {
    const [batch, columns] = shapes[0] as [number, number];
    return [[batch, HEAD_TAPE_ROWS, columns], ...blockShapes(batch, attrs)];
  },
  run: ([preActivations, bias], [tape, ...outputs], shapes, attrs) => {
    const [batch, columns] = shapes[0] as [number, number];
    headActivationsForward(
      { batch, columns },
      blocksOf(attrs),
      (attrs as BlockAttributes).clip,
      preActivations as Float32Array,
      bias as Float32Array,
      outputs,
      tape as Float32Array,
    );
  },
};

/**
 * `NtmHeadActivationsGradient`: the tape and dL/d(each block) → dL/dpreActivations `[B, C]`
 * and dL/dbias `[C]`.
 *
 * @example tf.registerKernel({ kernelName: HEAD_ACTIVATIONS_GRADIENT_KERNEL, backendName: 'cpu', kernelFunc: loopKernelFunc('cpu', headActivationsGradientKernel) });
 */
export const headActivationsGradientKernel: LoopKernelDefinition = {
  kernelName: HEAD_ACTIVATIONS_GRADIENT_KERNEL,
  inputNames: gradientInputNames,
  outputShapes: (shapes: InputShapes) => {
    const [batch, , columns] = shapes[0] as [number, number, number];
    return [[batch, columns], [columns]];
  },
  run: ([tape, ...outputGradients], [preActivationsGradient, biasGradient], shapes, attrs) => {
    const [batch, , columns] = shapes[0] as [number, number, number];
    headActivationsBackward(
      { batch, columns },
      blocksOf(attrs),
      tape as Float32Array,
      outputGradients,
      preActivationsGradient as Float32Array,
      biasGradient as Float32Array,
    );
  },
};

/**
 * The gradient of `NtmHeadActivations` for tfjs's tape: one `NtmHeadActivationsGradient` call.
 * It saves only the tape (one clone per step), where the composition saves a dozen slices,
 * reshapes and activations.
 *
 * @example tf.registerGradient(headActivationsGradient);
 */
export const headActivationsGradient: tf.GradConfig = {
  kernelName: HEAD_ACTIVATIONS_KERNEL,
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [tape] = saved as [tf.Tensor];
    const [, ...blockGradients] = dy as (tf.Tensor | null)[];
    const shapes = blockShapes(tape.shape[0] as number, attrs);
    const inputs: tf.NamedTensorMap = { tape };
    // A block nothing downstream used has no gradient: zeros.
    shapes.forEach((shape, k) => {
      inputs[`block${k}`] = blockGradients[k] ?? tf.zeros(shape);
    });
    // Run now, not inside the thunks: each thunk runs in its own tidy, which would free the other.
    const [preActivations, bias] = tf.engine().runKernel(HEAD_ACTIVATIONS_GRADIENT_KERNEL, inputs, attrs) as [tf.Tensor, tf.Tensor];
    return { preActivations: () => preActivations, bias: () => bias };
  },
};

const activationNames = new Set<string>(activationCodes);

/** The blocks checked against the number of columns, as kernel attributes; cached per array. */
function blockAttributes(op: string, blocks: readonly HeadActivationBlock[], columns: number, clip: number): BlockAttributes {
  if (!Array.isArray(blocks) || blocks.length === 0) {
    throw new TypeError(`${op}: blocks must be a non-empty array of head activation blocks, got ${Array.isArray(blocks) ? 'an empty array' : String(blocks)}`);
  }
  const attributes: BlockAttributes = { offsets: [], heads: [], sizes: [], activations: [], vectors: [], clip };
  let end = 0;
  const sorted = blocks.map((block, index) => ({ block, index })).sort((x, y) => (x.block?.offset ?? 0) - (y.block?.offset ?? 0));
  for (const { block, index } of sorted) {
    const field = `blocks[${index}]`;
    const { offset, heads, sizePerHead, activation, vector } = block ?? ({} as HeadActivationBlock);
    for (const [name, value, minimum] of [
      ['offset', offset, 0],
      ['heads', heads, 1],
      ['sizePerHead', sizePerHead, 1],
    ] as const) {
      if (!Number.isInteger(value) || (value as number) < minimum)
        throw new RangeError(`${op}: ${field}.${name} must be an integer >= ${minimum}, got ${String(value)}`);
    }
    if (!activationNames.has(activation)) {
      throw new RangeError(
        `${op}: ${field}.activation must be one of ${activationCodes.map((name) => `"${name}"`).join(', ')}, got ${JSON.stringify(activation)}`,
      );
    }
    if (typeof vector !== 'boolean') throw new TypeError(`${op}: ${field}.vector must be true or false, got ${String(vector)}`);
    if (!vector && sizePerHead !== 1) throw new RangeError(`${op}: ${field} is not a vector but has sizePerHead ${sizePerHead}; expected 1`);
    if (offset < end)
      throw new RangeError(
        `${op}: ${field} starts at column ${offset}, inside the block before it (which ends at ${end}); expected blocks that do not overlap`,
      );
    end = offset + heads * sizePerHead;
    if (end > columns) throw new ShapeError(`${op}: ${field} ends at column ${end} but preActivations has ${columns} columns`);
  }
  for (const block of blocks) {
    attributes.offsets.push(block.offset);
    attributes.heads.push(block.heads);
    attributes.sizes.push(block.sizePerHead);
    attributes.activations.push(activationCodes.indexOf(block.activation));
    attributes.vectors.push(block.vector);
  }
  return attributes;
}

/**
 * `FusedKernels.headActivations` on a tfjs flavor: the bias, the clip and every head
 * parameter's activation as ONE kernel call forward and one backward, returning each
 * parameter in its final shape. The composition in `@ntm/heads` takes ≈ 25 calls forward (bias
 * add, clip, four activations, a slice per parameter, reshapes, softmaxes) and more backward.
 *
 * @example
 * ```ts
 * const headActivations = createFusedHeadActivations('wasm');
 * const [key, keyStrength] = headActivations(backend.matMul(h, kernel), bias, blocks, 20);
 * ```
 */
export function createFusedHeadActivations(
  flavor: TfjsFlavor,
): (preActivations: Tensor, bias: Tensor, blocks: readonly HeadActivationBlock[], clip: number) => Tensor[] {
  const op = 'fused.headActivations';
  // The heads pass the same blocks every step: check and convert them once.
  const checked = new WeakMap<readonly HeadActivationBlock[], Map<string, BlockAttributes>>();
  return (preActivations, bias, blocks, clip) => {
    checkActiveFlavor(op, flavor);
    const tensors = { preActivations: fusedInput(op, 'preActivations', preActivations), bias: fusedInput(op, 'bias', bias) };
    const shapes = new ShapeChecker(op).check('preActivations', preActivations.shape, ['batch', 'columns']).check('bias', bias.shape, ['columns']);
    checkClip(op, 'clip', clip);
    const key = `${shapes.size('columns')}:${clip}`;
    let byKey = checked.get(blocks);
    let attributes = byKey?.get(key);
    if (attributes === undefined) {
      attributes = blockAttributes(op, blocks, shapes.size('columns'), clip);
      if (Array.isArray(blocks)) {
        byKey ??= new Map();
        byKey.set(key, attributes);
        checked.set(blocks, byKey);
      }
    }
    const [tape, ...outputs] = tf.engine().runKernel(HEAD_ACTIVATIONS_KERNEL, tensors, attributes) as tf.Tensor[];
    // The caller only sees the parameters; a gradient tape under way keeps its own reference.
    (tape as tf.Tensor).dispose();
    return outputs;
  };
}
