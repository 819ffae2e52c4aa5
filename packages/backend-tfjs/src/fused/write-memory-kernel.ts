import * as tf from '@tensorflow/tfjs-core';
import { ShapeChecker, type Tensor } from '@ntm/backend';
import type { TfjsFlavor } from '../tfjs-flavor.js';
import { checkActiveFlavor, fusedInput } from './fused-input-checks.js';
import type { InputShapes, LoopKernelDefinition } from './loop-kernel.js';
import { writeMemoryBackward, writeMemoryForward, type WriteMemoryArrays, type WriteMemorySizes } from './write-memory-loops.js';

/**
 * The tfjs kernel of the erase-then-add memory write (what `countKernels` reports).
 * @example await backend.countKernels(() => writeMemory(backend, memory, w, e, a)) // { kernelCalls: 1, byKernel: { NtmWriteMemory: 1 } }
 */
export const WRITE_MEMORY_KERNEL = 'NtmWriteMemory';
/**
 * Its backward kernel: the gradients to memory, weighting, erase and add in one call.
 * @example tf.engine().runKernel(WRITE_MEMORY_GRADIENT_KERNEL, { memory, weighting, erase, add, outputGradient }) // 4 tensors
 */
export const WRITE_MEMORY_GRADIENT_KERNEL = 'NtmWriteMemoryGradient';

const writeInputNames = ['memory', 'weighting', 'erase', 'add'] as const;

function sizesOf(shapes: InputShapes): WriteMemorySizes {
  const [batch, slots, wordSize] = shapes[0] as [number, number, number]; // memory [B, N, M]
  const heads = (shapes[1] as number[])[1] as number; // weighting [B, H, N]
  return { batch, heads, slots, wordSize };
}

function arraysOf(views: readonly Float32Array[]): WriteMemoryArrays {
  const [memory, weighting, erase, add] = views as Float32Array[];
  return { memory, weighting, erase, add } as WriteMemoryArrays;
}

/**
 * `NtmWriteMemory`: memory, weighting, erase, add → M' `[B, N, M]`.
 * @example tf.registerKernel({ kernelName: WRITE_MEMORY_KERNEL, backendName: 'wasm', kernelFunc: loopKernelFunc('wasm', writeMemoryKernel) });
 */
export const writeMemoryKernel: LoopKernelDefinition = {
  kernelName: WRITE_MEMORY_KERNEL,
  inputNames: writeInputNames,
  outputShapes: (shapes) => [[...(shapes[0] as number[])]],
  run: (inputs, [output], shapes) => writeMemoryForward(sizesOf(shapes), arraysOf(inputs), output as Float32Array),
  simd: { kernel: 'write_memory_forward', scalars: (shapes) => writeScalars(sizesOf(shapes)), stackFloats: (shapes) => writeStackFloats(sizesOf(shapes)) },
};

/** The C kernels' leading arguments: B, H, N, M. */
function writeScalars({ batch, heads, slots, wordSize }: WriteMemorySizes): number[] {
  return [batch, heads, slots, wordSize];
}

/** The backward C kernel's working vectors (native/write_memory.c): 2H + 1 of 4 lanes. */
function writeStackFloats({ heads }: WriteMemorySizes): number {
  return 4 * (2 * heads + 1);
}

/**
 * `NtmWriteMemoryGradient`: the four inputs and dL/dM' → dL/d(each input), in the inputs' order.
 * @example tf.registerKernel({ kernelName: WRITE_MEMORY_GRADIENT_KERNEL, backendName: 'cpu', kernelFunc: loopKernelFunc('cpu', writeMemoryGradientKernel) });
 */
export const writeMemoryGradientKernel: LoopKernelDefinition = {
  kernelName: WRITE_MEMORY_GRADIENT_KERNEL,
  inputNames: [...writeInputNames, 'outputGradient'],
  outputShapes: (shapes) => shapes.slice(0, writeInputNames.length).map((shape) => [...shape]),
  run: (inputs, outputs, shapes) => writeMemoryBackward(sizesOf(shapes), arraysOf(inputs), inputs[4] as Float32Array, arraysOf(outputs)),
  simd: { kernel: 'write_memory_backward', scalars: (shapes) => writeScalars(sizesOf(shapes)), stackFloats: (shapes) => writeStackFloats(sizesOf(shapes)) },
};

/**
 * The gradient of `NtmWriteMemory` for tfjs's tape: one `NtmWriteMemoryGradient` call.
 * @example tf.registerGradient(writeMemoryGradient);
 */
export const writeMemoryGradient: tf.GradConfig = {
  kernelName: WRITE_MEMORY_KERNEL,
  inputsToSave: [...writeInputNames],
  gradFunc: (dy, saved) => {
    const [memory, weighting, erase, add] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    // Run now: each thunk runs in its own tidy, which would free the other outputs.
    const gradients = tf.engine().runKernel(WRITE_MEMORY_GRADIENT_KERNEL, {
      memory,
      weighting,
      erase,
      add,
      outputGradient: dy as tf.Tensor,
    }) as tf.Tensor[];
    return {
      memory: () => gradients[0] as tf.Tensor,
      weighting: () => gradients[1] as tf.Tensor,
      erase: () => gradients[2] as tf.Tensor,
      add: () => gradients[3] as tf.Tensor,
    };
  },
};

/**
 * `FusedKernels.writeMemory` on a tfjs flavor: erase then add for every write head as ONE
 * kernel call forward and one backward (the generic composition takes 5–7 forward).
 *
 * @example
 * ```ts
 * const writeMemory = createFusedWriteMemory('wasm');
 * const next = writeMemory(memory, weighting, erase, add); // [B, N, M]
 * ```
 */
export function createFusedWriteMemory(flavor: TfjsFlavor): (memory: Tensor, weighting: Tensor, erase: Tensor, add: Tensor) => Tensor {
  const op = 'fused.writeMemory';
  return (memory, weighting, erase, add) => {
    checkActiveFlavor(op, flavor);
    const tensors = {
      memory: fusedInput(op, 'memory', memory),
      weighting: fusedInput(op, 'weighting', weighting),
      erase: fusedInput(op, 'erase', erase),
      add: fusedInput(op, 'add', add),
    };
    new ShapeChecker(op)
      .check('memory', memory.shape, ['batch', 'slots', 'wordSize'])
      .check('weighting', weighting.shape, ['batch', 'heads', 'slots'])
      .check('erase', erase.shape, ['batch', 'heads', 'wordSize'])
      .check('add', add.shape, ['batch', 'heads', 'wordSize']);
    return tf.engine().runKernel(WRITE_MEMORY_KERNEL, tensors) as tf.Tensor;
  };
}
