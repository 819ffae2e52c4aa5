import * as tf from '@tensorflow/tfjs-core';
import { ShapeChecker, type AddressingEpsilons, type AddressingInputs, type Tensor } from '@ntm/backend';
import type { TfjsFlavor } from '../tfjs-flavor.js';
import { AddressTapeLayout, addressBackward, addressForward, type AddressArrays, type AddressSizes } from './address-loops.js';
import { checkActiveFlavor, checkAddressingSettings, fusedInput } from './fused-input-checks.js';
import type { InputShapes, LoopKernelDefinition } from './loop-kernel.js';

/**
 * The tfjs kernel of the whole addressing pipeline (what `countKernels` reports).
 * @example await backend.countKernels(() => address(backend, inputs)) // { kernelCalls: 1, byKernel: { NtmAddress: 1 } }
 */
export const ADDRESS_KERNEL = 'NtmAddress';
/**
 * Its backward kernel: the gradients to all seven inputs in one call.
 * @example tf.engine().runKernel(ADDRESS_GRADIENT_KERNEL, { memory, tape, outputGradient }, attrs) // 7 tensors
 */
export const ADDRESS_GRADIENT_KERNEL = 'NtmAddressGradient';

/** The kernel's inputs, in `AddressingInputs`' order. */
const addressInputNames = [
  'memory',
  'key',
  'keyStrength',
  'interpolationGate',
  'shiftWeighting',
  'sharpening',
  'previousWeighting',
] as const satisfies readonly (keyof AddressingInputs)[];

function arraysOf(views: readonly Float32Array[]): AddressArrays {
  const [memory, key, keyStrength, interpolationGate, shiftWeighting, sharpening, previousWeighting] = views as Float32Array[];
  return { memory, key, keyStrength, interpolationGate, shiftWeighting, sharpening, previousWeighting } as AddressArrays;
}

function epsilonsOf(attrs: tf.NamedAttrMap): AddressingEpsilons {
  return { similarity: attrs['similarityEpsilon'] as number, sharpening: attrs['sharpeningEpsilon'] as number };
}

/** The sizes of a forward call, from its inputs' shapes: memory `[B, N, M]`, shiftWeighting `[B, H, K]`. */
function forwardSizes(shapes: InputShapes): AddressSizes {
  const [batch, slots, wordSize] = shapes[0] as [number, number, number];
  const [, heads, kernelWidth] = shapes[4] as [number, number, number];
  return { batch, heads, slots, wordSize, kernelWidth };
}

/** The sizes of a backward call: memory `[B, N, M]`, dL/dw `[B, H, N]`, K from the attributes. */
function backwardSizes(shapes: InputShapes, attrs: tf.NamedAttrMap): AddressSizes {
  const [batch, slots, wordSize] = shapes[0] as [number, number, number];
  const heads = (shapes[2] as number[])[1] as number;
  return { batch, heads, slots, wordSize, kernelWidth: attrs['kernelWidth'] as number };
}

/**
 * `NtmAddress`: the seven addressing inputs → w `[B, H, N]` and the tape `[length]` that the
 * backward kernel reads (see {@link AddressTapeLayout}).
 *
 * @example tf.registerKernel({ kernelName: ADDRESS_KERNEL, backendName: 'wasm', kernelFunc: loopKernelFunc('wasm', addressKernel) });
 */
export const addressKernel: LoopKernelDefinition = {
  kernelName: ADDRESS_KERNEL,
  inputNames: addressInputNames,
  outputShapes: (shapes) => [[...(shapes[6] as number[])], [new AddressTapeLayout(forwardSizes(shapes)).length]],
  run: (inputs, [weighting, tape], shapes, attrs) =>
    addressForward(forwardSizes(shapes), arraysOf(inputs), epsilonsOf(attrs), weighting as Float32Array, tape as Float32Array),
  simd: {
    kernel: 'address_forward',
    scalars: (shapes, attrs) => addressScalars(forwardSizes(shapes), attrs),
    stackFloats: (shapes) => addressStackFloats(forwardSizes(shapes)),
  },
};

/** The C kernels' leading arguments: B, H, N, M, K, then the two epsilons. */
function addressScalars(sizes: AddressSizes, attrs: tf.NamedAttrMap): number[] {
  const { similarity, sharpening } = epsilonsOf(attrs);
  return [sizes.batch, sizes.heads, sizes.slots, sizes.wordSize, sizes.kernelWidth, similarity, sharpening];
}

/** The C kernels' working rows (native/address.c): at most 4 of length N + 2n, 2 of H·N and 2 of H. */
function addressStackFloats({ heads, slots, kernelWidth }: AddressSizes): number {
  return 4 * (slots + kernelWidth) + 2 * heads * slots + 2 * heads;
}

/**
 * `NtmAddressGradient`: memory, the tape and dL/dw → dL/d(each input), in `AddressingInputs`' order.
 *
 * @example tf.registerKernel({ kernelName: ADDRESS_GRADIENT_KERNEL, backendName: 'cpu', kernelFunc: loopKernelFunc('cpu', addressGradientKernel) });
 */
export const addressGradientKernel: LoopKernelDefinition = {
  kernelName: ADDRESS_GRADIENT_KERNEL,
  inputNames: ['memory', 'tape', 'outputGradient'],
  outputShapes: (shapes, attrs) => {
    const { batch, heads, slots, wordSize, kernelWidth } = backwardSizes(shapes, attrs);
    return [
      [batch, slots, wordSize],
      [batch, heads, wordSize],
      [batch, heads],
      [batch, heads],
      [batch, heads, kernelWidth],
      [batch, heads],
      [batch, heads, slots],
    ];
  },
  run: ([memory, tape, outputGradient], outputs, shapes, attrs) =>
    addressBackward(
      backwardSizes(shapes, attrs),
      memory as Float32Array,
      tape as Float32Array,
      epsilonsOf(attrs),
      outputGradient as Float32Array,
      arraysOf(outputs),
    ),
  simd: {
    kernel: 'address_backward',
    scalars: (shapes, attrs) => addressScalars(backwardSizes(shapes, attrs), attrs),
    stackFloats: (shapes, attrs) => addressStackFloats(backwardSizes(shapes, attrs)),
  },
};

/**
 * The gradient of `NtmAddress` for tfjs's tape: one `NtmAddressGradient` call. It saves only
 * the memory and the kernel's own tape output: tfjs spends one kernel call on every tensor a
 * gradient saves, and the tape already holds every other input the backward pass needs.
 *
 * @example tf.registerGradient(addressGradient);
 */
export const addressGradient: tf.GradConfig = {
  kernelName: ADDRESS_KERNEL,
  inputsToSave: ['memory'],
  outputsToSave: [false, true],
  gradFunc: (dy, saved, attrs) => {
    const [memory, tape] = saved as [tf.Tensor, tf.Tensor];
    // dy is [dL/dw, null]: nothing downstream uses the tape output.
    const outputGradient = (Array.isArray(dy) ? dy[0] : dy) as tf.Tensor;
    // Run now, not inside the thunks: tfjs calls each thunk in its own tidy, which would free
    // the other six outputs of a kernel run lazily by the first.
    const gradients = tf.engine().runKernel(ADDRESS_GRADIENT_KERNEL, { memory, tape, outputGradient }, attrs) as tf.Tensor[];
    const map: Record<string, () => tf.Tensor> = {};
    addressInputNames.forEach((name, index) => {
      map[name] = () => gradients[index] as tf.Tensor;
    });
    return map;
  },
};

/**
 * `FusedKernels.address` on a tfjs flavor: the whole pipeline (content → gate → shift →
 * sharpen) as ONE kernel call forward and one backward, instead of ≈ 25 forward and more
 * backward. Values and gradients match `addressGeneric` of `@ntm/addressing` to float32
 * rounding (the loops compute in float64).
 *
 * @example
 * ```ts
 * const address = createFusedAddress('wasm');
 * const weighting = address(inputs, { similarity: 1e-8, sharpening: 1e-8 }); // [B, H, N]
 * ```
 */
export function createFusedAddress(flavor: TfjsFlavor): (inputs: AddressingInputs, epsilons: AddressingEpsilons) => Tensor {
  const op = 'fused.address';
  return (inputs, epsilons) => {
    checkActiveFlavor(op, flavor);
    if (inputs === null || typeof inputs !== 'object') throw new TypeError(`${op}: inputs must be an object of tensors, got ${String(inputs)}`);
    const tensors: tf.NamedTensorMap = {};
    for (const name of addressInputNames) tensors[name] = fusedInput(op, `inputs.${name}`, inputs[name]);
    const shapes = new ShapeChecker(op)
      .check('memory', inputs.memory.shape, ['batch', 'slots', 'wordSize'])
      .check('key', inputs.key.shape, ['batch', 'heads', 'wordSize'])
      .check('keyStrength', inputs.keyStrength.shape, ['batch', 'heads'])
      .check('interpolationGate', inputs.interpolationGate.shape, ['batch', 'heads'])
      .check('shiftWeighting', inputs.shiftWeighting.shape, ['batch', 'heads', 'kernelWidth'])
      .check('sharpening', inputs.sharpening.shape, ['batch', 'heads'])
      .check('previousWeighting', inputs.previousWeighting.shape, ['batch', 'heads', 'slots']);
    const kernelWidth = shapes.size('kernelWidth');
    const slots = shapes.size('slots');
    checkAddressingSettings(op, kernelWidth, slots, epsilons);
    const attrs = { similarityEpsilon: epsilons.similarity, sharpeningEpsilon: epsilons.sharpening, kernelWidth };
    const [weighting, tape] = tf.engine().runKernel(ADDRESS_KERNEL, tensors, attrs) as [tf.Tensor, tf.Tensor];
    // The caller only sees w; a gradient tape under way keeps its own reference to the tape.
    tape.dispose();
    return weighting;
  };
}
