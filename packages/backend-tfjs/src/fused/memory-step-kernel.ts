import * as tf from '@tensorflow/tfjs-core';
import { ShapeChecker } from '@ntm/backend';
import type { AddressingEpsilons, MemoryStepInputs, MemoryStepOrder, MemoryStepResult } from '@ntm/addressing';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { checkActiveFlavor, checkAddressingSettings, fusedInput } from './fused-input-checks.js';
import { simdKernelFunc, type InputShapes, type SimdKernelDefinition } from './simd-kernel.js';
import { simdModuleOf } from './simd/simd-in-tfjs-heap.js';
import type { SimdKernelModule } from './simd/simd-kernel-module.js';

/**
 * The tfjs kernel of a whole memory step (what `countKernels` reports).
 * @example await backend.countKernels(() => memoryStep(backend, inputs)) // { NtmMemoryStep: 1 }
 */
export const MEMORY_STEP_KERNEL = 'NtmMemoryStep';
/**
 * Its backward kernel: the gradients of all fifteen inputs in one call.
 * @example tf.engine().runKernel(MEMORY_STEP_GRADIENT_KERNEL, saved, attrs) // 15 gradients and a scratch tensor
 */
export const MEMORY_STEP_GRADIENT_KERNEL = 'NtmMemoryStepGradient';

const headFields = ['key', 'keyStrength', 'interpolationGate', 'shiftWeighting', 'sharpening', 'previousWeighting'] as const;
/** The forward kernel's inputs, in the C function's order. */
const inputNames = [
  'memory',
  ...headFields.map((field) => `read.${field}`),
  ...headFields.map((field) => `write.${field}`),
  'write.erase',
  'write.add',
] as const;
const backwardInputNames = [
  'memory',
  'write.erase',
  'write.add',
  'memoryNext',
  'readWeighting',
  'writeWeighting',
  'tape',
  'memoryNextGradient',
  'readWeightingGradient',
  'writeWeightingGradient',
  'readVectorsGradient',
] as const;

/** The sizes of one memory step: B, N, M, R and W heads, K shift width, and the order. */
interface MemoryStepSizes {
  readonly batch: number;
  readonly slots: number;
  readonly wordSize: number;
  readonly readHeads: number;
  readonly writeHeads: number;
  readonly kernelWidth: number;
  readonly writeFirst: boolean;
}

/** Sizes from memory `[B, N, M]`, the read key `[B, R, M]` (index 1), the write key `[B, W, M]` and s `[B, W, K]`. */
function sizesOf(shapes: InputShapes, attrs: tf.NamedAttrMap): MemoryStepSizes {
  const [batch, slots, wordSize] = shapes[0] as [number, number, number];
  return {
    batch,
    slots,
    wordSize,
    readHeads: (shapes[1] as number[])[1] as number,
    writeHeads: (shapes[2] as number[])[1] as number,
    kernelWidth: attrs['kernelWidth'] as number,
    writeFirst: attrs['order'] === 'write-then-read',
  };
}

function forwardSizes(shapes: InputShapes, attrs: tf.NamedAttrMap): MemoryStepSizes {
  // Forward inputs: memory, the six read fields, then the six write fields: the write key is at 7.
  return sizesOf([shapes[0] as number[], shapes[1] as number[], shapes[7] as number[]], attrs);
}

function backwardSizes(shapes: InputShapes, attrs: tf.NamedAttrMap): MemoryStepSizes {
  // Backward inputs: memory, erase [B, W, M] (1), …, readWeighting [B, R, N] (4).
  return sizesOf([shapes[0] as number[], shapes[4] as number[], shapes[1] as number[]], attrs);
}

function epsilonsOf(attrs: tf.NamedAttrMap): AddressingEpsilons {
  return { similarity: attrs['similarityEpsilon'] as number, sharpening: attrs['sharpeningEpsilon'] as number };
}

/** The C kernels' leading arguments: B, R, W, N, M, K, the two epsilons, write-first. */
function scalarsOf(sizes: MemoryStepSizes, attrs: tf.NamedAttrMap): number[] {
  const { similarity, sharpening } = epsilonsOf(attrs);
  const { batch, readHeads, writeHeads, slots, wordSize, kernelWidth, writeFirst } = sizes;
  return [batch, readHeads, writeHeads, slots, wordSize, kernelWidth, similarity, sharpening, writeFirst ? 1 : 0];
}

/**
 * Whether a memory step of these sizes fits the SIMD module's stack (native/memory_step.c says
 * how much its addressing's working rows take); where it does not, the fused hook declines and
 * the caller composes the step.
 *
 * @example if (memoryStepFits(module, { readHeads: 1, writeHeads: 1, slots: 128, kernelWidth: 3 })) …
 */
export function memoryStepFits(
  module: SimdKernelModule,
  { readHeads, writeHeads, slots, kernelWidth }: Pick<MemoryStepSizes, 'readHeads' | 'writeHeads' | 'slots' | 'kernelWidth'>,
): boolean {
  return module.stackFits(module.run('memory_step_stack_bytes', [readHeads, writeHeads, slots, kernelWidth], []) as number);
}

/**
 * `NtmMemoryStep`: M_{t−1}, the read heads' six addressing inputs, the write heads' six and
 * erase, add → M_t `[B, N, M]`, the read and write weightings, the read vectors `[B, R, M]` and
 * the tape (both addressing tapes) the backward kernel reads.
 *
 * @example tf.registerKernel({ kernelName: MEMORY_STEP_KERNEL, backendName: 'wasm', kernelFunc: simdKernelFunc(memoryStepKernel) });
 */
export const memoryStepKernel: SimdKernelDefinition = {
  kernelName: MEMORY_STEP_KERNEL,
  inputNames,
  kernel: 'memory_step_forward',
  outputShapes: (shapes, attrs, module) => {
    const { batch, readHeads, writeHeads, slots, wordSize, kernelWidth } = forwardSizes(shapes, attrs);
    const tapeLength = module.run('memory_step_tape_length', [batch, readHeads, writeHeads, slots, wordSize, kernelWidth], []) as number;
    return [[batch, slots, wordSize], [batch, readHeads, slots], [batch, writeHeads, slots], [batch, readHeads, wordSize], [tapeLength]];
  },
  scalars: (shapes, attrs) => scalarsOf(forwardSizes(shapes, attrs), attrs),
};

/**
 * `NtmMemoryStepGradient`: what the forward saved and the upstream gradients of its four
 * outputs → the gradients of its fifteen inputs (in their order), then a scratch tensor the
 * kernel works in (the gradient function frees it).
 *
 * @example tf.registerKernel({ kernelName: MEMORY_STEP_GRADIENT_KERNEL, backendName: 'wasm', kernelFunc: simdKernelFunc(memoryStepGradientKernel) });
 */
export const memoryStepGradientKernel: SimdKernelDefinition = {
  kernelName: MEMORY_STEP_GRADIENT_KERNEL,
  inputNames: backwardInputNames,
  kernel: 'memory_step_backward',
  outputShapes: (shapes, attrs, module) => {
    const { batch, readHeads, writeHeads, slots, wordSize, kernelWidth } = backwardSizes(shapes, attrs);
    const head = (heads: number) => [
      [batch, heads, wordSize],
      [batch, heads],
      [batch, heads],
      [batch, heads, kernelWidth],
      [batch, heads],
      [batch, heads, slots],
    ];
    const scratchLength = module.run('memory_step_scratch_length', [batch, readHeads, writeHeads, slots, wordSize], []) as number;
    return [[batch, slots, wordSize], ...head(readHeads), ...head(writeHeads), [batch, writeHeads, wordSize], [batch, writeHeads, wordSize], [scratchLength]];
  },
  scalars: (shapes, attrs) => scalarsOf(backwardSizes(shapes, attrs), attrs),
};

/**
 * The gradient of `NtmMemoryStep` for tfjs's tape: one `NtmMemoryStepGradient` call. It saves
 * M_{t−1}, erase and add, and the outputs M_t, both weightings and the tape.
 *
 * @example tf.registerGradient(memoryStepGradient);
 */
export const memoryStepGradient: tf.GradConfig = {
  kernelName: MEMORY_STEP_KERNEL,
  inputsToSave: ['memory', 'write.erase', 'write.add'],
  outputsToSave: [true, true, true, false, true],
  gradFunc: (dy, saved, attrs) => {
    const [memory, erase, add, memoryNext, readWeighting, writeWeighting, tape] = saved as tf.Tensor[];
    const [memoryNextGradient, readWeightingGradient, writeWeightingGradient, readVectorsGradient] = dy as tf.Tensor[];
    // Run now, not inside the thunks: tfjs calls each thunk in its own tidy, which would free the other outputs.
    const gradients = tf.engine().runKernel(
      MEMORY_STEP_GRADIENT_KERNEL,
      {
        memory,
        'write.erase': erase,
        'write.add': add,
        memoryNext,
        readWeighting,
        writeWeighting,
        tape,
        memoryNextGradient,
        readWeightingGradient,
        writeWeightingGradient,
        readVectorsGradient,
      } as tf.NamedTensorMap,
      attrs,
    ) as tf.Tensor[];
    (gradients[inputNames.length] as tf.Tensor).dispose(); // the scratch
    const map: Record<string, () => tf.Tensor> = {};
    inputNames.forEach((name, index) => {
      map[name] = () => gradients[index] as tf.Tensor;
    });
    return map;
  },
};

/**
 * `FusedKernels.memoryStep` on tfjs-wasm with the SIMD kernels in its heap: address the write
 * heads and write, address the read heads and read, as ONE kernel call forward and one
 * backward. Returns `null` (the caller composes the step) where a step of these sizes would not
 * fit the kernels' stack.
 *
 * @example
 * ```ts
 * const memoryStep = createFusedMemoryStep();
 * const next = memoryStep(inputs, 'write-then-read', { similarity: 1e-8, sharpening: 1e-8 }); // null: compose it instead
 * ```
 */
export function createFusedMemoryStep(): (inputs: MemoryStepInputs, order: MemoryStepOrder, epsilons: AddressingEpsilons) => MemoryStepResult | null {
  const op = 'fused.memoryStep';
  return (inputs, order, epsilons) => {
    checkActiveFlavor(op, 'wasm');
    if (
      inputs === null ||
      typeof inputs !== 'object' ||
      inputs.read === null ||
      typeof inputs.read !== 'object' ||
      inputs.write === null ||
      typeof inputs.write !== 'object'
    ) {
      throw new TypeError(`${op}: inputs must be { memory, read, write } with tensors, got ${String(inputs)}`);
    }
    if (order !== 'write-then-read' && order !== 'read-then-write') {
      throw new TypeError(`${op}: order must be "write-then-read" or "read-then-write", got ${JSON.stringify(order)}`);
    }
    const tensors: tf.NamedTensorMap = { memory: fusedInput(op, 'inputs.memory', inputs.memory) };
    for (const field of headFields) {
      tensors[`read.${field}`] = fusedInput(op, `inputs.read.${field}`, inputs.read[field]);
      tensors[`write.${field}`] = fusedInput(op, `inputs.write.${field}`, inputs.write[field]);
    }
    tensors['write.erase'] = fusedInput(op, 'inputs.write.erase', inputs.write.erase);
    tensors['write.add'] = fusedInput(op, 'inputs.write.add', inputs.write.add);
    const checker = new ShapeChecker(op).check('memory', inputs.memory.shape, ['batch', 'slots', 'wordSize']);
    for (const [group, heads] of [
      ['read', 'readHeads'],
      ['write', 'writeHeads'],
    ] as const) {
      const head = inputs[group];
      checker
        .check(`${group}.key`, head.key.shape, ['batch', heads, 'wordSize'])
        .check(`${group}.keyStrength`, head.keyStrength.shape, ['batch', heads])
        .check(`${group}.interpolationGate`, head.interpolationGate.shape, ['batch', heads])
        .check(`${group}.shiftWeighting`, head.shiftWeighting.shape, ['batch', heads, 'kernelWidth'])
        .check(`${group}.sharpening`, head.sharpening.shape, ['batch', heads])
        .check(`${group}.previousWeighting`, head.previousWeighting.shape, ['batch', heads, 'slots']);
    }
    checker
      .check('write.erase', inputs.write.erase.shape, ['batch', 'writeHeads', 'wordSize'])
      .check('write.add', inputs.write.add.shape, ['batch', 'writeHeads', 'wordSize']);
    const kernelWidth = checker.size('kernelWidth');
    const slots = checker.size('slots');
    checkAddressingSettings(op, kernelWidth, slots, epsilons);
    const module = simdModuleOf(tf.backend() as BackendWasm);
    const sizes = { readHeads: checker.size('readHeads'), writeHeads: checker.size('writeHeads'), slots, kernelWidth };
    if (module === null || !memoryStepFits(module, sizes)) return null;
    const attrs = { similarityEpsilon: epsilons.similarity, sharpeningEpsilon: epsilons.sharpening, kernelWidth, order };
    const [memory, readWeighting, writeWeighting, readVectors, tape] = tf.engine().runKernel(MEMORY_STEP_KERNEL, tensors, attrs) as tf.Tensor[];
    // The caller never sees the tape; a gradient tape under way keeps its own reference.
    (tape as tf.Tensor).dispose();
    return { memory, readWeighting, writeWeighting, readVectors } as MemoryStepResult;
  };
}
