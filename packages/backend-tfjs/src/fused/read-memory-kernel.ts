import * as tf from '@tensorflow/tfjs-core';
import { ShapeChecker, type Tensor } from '@ntm/backend';
import type { TfjsFlavor } from '../tfjs-flavor.js';
import { checkActiveFlavor, fusedInput } from './fused-input-checks.js';
import type { InputShapes, LoopKernelDefinition } from './loop-kernel.js';
import { readMemoryBackward, readMemoryForward, type ReadMemorySizes } from './read-memory-loops.js';

/** The tfjs kernel of the memory read (what `countKernels` reports). */
export const READ_MEMORY_KERNEL = 'NtmReadMemory';
/** Its backward kernel: the gradients to memory and weighting in one call. */
export const READ_MEMORY_GRADIENT_KERNEL = 'NtmReadMemoryGradient';

function sizesOf(shapes: InputShapes): ReadMemorySizes {
  const [batch, slots, wordSize] = shapes[0] as [number, number, number]; // memory [B, N, M]
  const heads = (shapes[1] as number[])[1] as number; // weighting [B, H, N]
  return { batch, heads, slots, wordSize };
}

/** `NtmReadMemory`: memory `[B, N, M]`, weighting `[B, H, N]` → r `[B, H, M]`. */
export const readMemoryKernel: LoopKernelDefinition = {
  kernelName: READ_MEMORY_KERNEL,
  inputNames: ['memory', 'weighting'],
  outputShapes: (shapes) => {
    const sizes = sizesOf(shapes);
    return [[sizes.batch, sizes.heads, sizes.wordSize]];
  },
  run: ([memory, weighting], [output], shapes) =>
    readMemoryForward(sizesOf(shapes), memory as Float32Array, weighting as Float32Array, output as Float32Array),
};

/** `NtmReadMemoryGradient`: memory, weighting and dL/dr → dL/dmemory, dL/dweighting. */
export const readMemoryGradientKernel: LoopKernelDefinition = {
  kernelName: READ_MEMORY_GRADIENT_KERNEL,
  inputNames: ['memory', 'weighting', 'outputGradient'],
  outputShapes: (shapes) => [[...(shapes[0] as number[])], [...(shapes[1] as number[])]],
  run: ([memory, weighting, outputGradient], [memoryGradient, weightingGradient], shapes) =>
    readMemoryBackward(
      sizesOf(shapes),
      memory as Float32Array,
      weighting as Float32Array,
      outputGradient as Float32Array,
      memoryGradient as Float32Array,
      weightingGradient as Float32Array,
    ),
};

/** The gradient of `NtmReadMemory` for tfjs's tape: one `NtmReadMemoryGradient` call. */
export const readMemoryGradient: tf.GradConfig = {
  kernelName: READ_MEMORY_KERNEL,
  inputsToSave: ['memory', 'weighting'],
  gradFunc: (dy, saved) => {
    const [memory, weighting] = saved as [tf.Tensor, tf.Tensor];
    // Run now: each thunk runs in its own tidy, which would free the other output.
    const [memoryGradient, weightingGradient] = tf.engine().runKernel(READ_MEMORY_GRADIENT_KERNEL, {
      memory,
      weighting,
      outputGradient: dy as tf.Tensor,
    }) as [tf.Tensor, tf.Tensor];
    return { memory: () => memoryGradient, weighting: () => weightingGradient };
  },
};

/**
 * `FusedKernels.readMemory` on a tfjs flavor: r = Σ_i w[i] M[i] for every head as one kernel
 * call forward and one backward (a tfjs `matMul` takes one forward and two backward).
 *
 * @example
 * ```ts
 * const readMemory = createFusedReadMemory('wasm');
 * const read = readMemory(memory, weighting); // [B, H, M]
 * ```
 */
export function createFusedReadMemory(flavor: TfjsFlavor): (memory: Tensor, weighting: Tensor) => Tensor {
  const op = 'fused.readMemory';
  return (memory, weighting) => {
    checkActiveFlavor(op, flavor);
    const tensors = { memory: fusedInput(op, 'memory', memory), weighting: fusedInput(op, 'weighting', weighting) };
    new ShapeChecker(op).check('memory', memory.shape, ['batch', 'slots', 'wordSize']).check('weighting', weighting.shape, ['batch', 'heads', 'slots']);
    return tf.engine().runKernel(READ_MEMORY_KERNEL, tensors) as tf.Tensor;
  };
}
