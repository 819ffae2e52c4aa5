import * as tf from '@tensorflow/tfjs-core';
import { ShapeChecker, type Tensor } from '@ntm/backend';
import type { TfjsFlavor } from '../tfjs-flavor.js';
import { checkActiveFlavor, fusedInput } from './fused-input-checks.js';
import type { InputShapes, LoopKernelDefinition } from './loop-kernel.js';
import { readMemoryBackward, readMemoryForward, type ReadMemorySizes } from './read-memory-loops.js';

/**
 * The tfjs kernel of the memory read (what `countKernels` reports).
 * @example await backend.countKernels(() => readMemory(backend, memory, w)) // { kernelCalls: 1, byKernel: { NtmReadMemory: 1 } }
 */
export const READ_MEMORY_KERNEL = 'NtmReadMemory';
/**
 * Its backward kernel: the gradients to memory and weighting in one call.
 * @example tf.engine().runKernel(READ_MEMORY_GRADIENT_KERNEL, { memory, weighting, outputGradient }) // 2 tensors
 */
export const READ_MEMORY_GRADIENT_KERNEL = 'NtmReadMemoryGradient';

/** The sizes from memory `[B, N, M]` and weighting `[B, H, N]`. */
function sizesOf(shapes: InputShapes): ReadMemorySizes {
  const [batch, slots, wordSize] = shapes[0] as [number, number, number];
  const heads = (shapes[1] as number[])[1] as number;
  return { batch, heads, slots, wordSize };
}

/** The C kernels' leading arguments: B, H, N, M. */
function readScalars(shapes: InputShapes): number[] {
  const { batch, heads, slots, wordSize } = sizesOf(shapes);
  return [batch, heads, slots, wordSize];
}

/**
 * `NtmReadMemory`: memory `[B, N, M]`, weighting `[B, H, N]` → read vectors `[B, H, M]`.
 * @example tf.registerKernel({ kernelName: READ_MEMORY_KERNEL, backendName: 'wasm', kernelFunc: loopKernelFunc('wasm', readMemoryKernel) });
 */
export const readMemoryKernel: LoopKernelDefinition = {
  kernelName: READ_MEMORY_KERNEL,
  inputNames: ['memory', 'weighting'],
  outputShapes: (shapes) => {
    const { batch, heads, wordSize } = sizesOf(shapes);
    return [[batch, heads, wordSize]];
  },
  run: ([memory, weighting], [read], shapes) => readMemoryForward(sizesOf(shapes), memory as Float32Array, weighting as Float32Array, read as Float32Array),
  simd: { kernel: 'read_memory_forward', scalars: readScalars, stackFloats: () => 0 },
};

/**
 * `NtmReadMemoryGradient`: memory, weighting and dL/dr → dL/dmemory `[B, N, M]`, dL/dweighting `[B, H, N]`.
 * @example tf.registerKernel({ kernelName: READ_MEMORY_GRADIENT_KERNEL, backendName: 'cpu', kernelFunc: loopKernelFunc('cpu', readMemoryGradientKernel) });
 */
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
  simd: { kernel: 'read_memory_backward', scalars: readScalars, stackFloats: () => 0 },
};

/**
 * The gradient of `NtmReadMemory` for tfjs's tape: one `NtmReadMemoryGradient` call.
 * @example tf.registerGradient(readMemoryGradient);
 */
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
 * `FusedKernels.readMemory` on a tfjs flavor: the read of every head as ONE kernel call forward
 * and one backward. Why not tfjs's batched `matMul`: on WASM, tfjs runs a batched product with a
 * transposed operand (both of its gradients have one) through a slow generic loop.
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
