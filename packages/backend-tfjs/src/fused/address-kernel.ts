import * as tf from '@tensorflow/tfjs-core';
import { ShapeChecker, ShapeError, type AddressingEpsilons, type AddressingInputs, type Tensor } from '@ntm/backend';
import type { TfjsFlavor } from '../tfjs-flavor.js';
import { addressBackward, addressForward, type AddressArrays, type AddressSizes } from './address-loops.js';
import { checkActiveFlavor, fusedInput } from './fused-input-checks.js';
import type { InputShapes, LoopKernelDefinition } from './loop-kernel.js';

/** The tfjs kernel of the whole addressing pipeline (what `countKernels` reports). */
export const ADDRESS_KERNEL = 'NtmAddress';
/** Its backward kernel: the gradients to all seven inputs in one call. */
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

function sizesOf(shapes: InputShapes): AddressSizes {
  const [batch, slots, wordSize] = shapes[0] as [number, number, number]; // memory [B, N, M]
  const [, heads, kernelWidth] = shapes[4] as [number, number, number]; // shiftWeighting [B, H, K]
  return { batch, heads, slots, wordSize, kernelWidth };
}

function arraysOf(views: readonly Float32Array[]): AddressArrays {
  const [memory, key, keyStrength, interpolationGate, shiftWeighting, sharpening, previousWeighting] = views as Float32Array[];
  return { memory, key, keyStrength, interpolationGate, shiftWeighting, sharpening, previousWeighting } as AddressArrays;
}

function epsilonsOf(attrs: tf.NamedAttrMap): AddressingEpsilons {
  return { similarity: attrs['similarityEpsilon'] as number, sharpening: attrs['sharpeningEpsilon'] as number };
}

/** `NtmAddress`: the seven addressing inputs → w `[B, H, N]`. */
export const addressKernel: LoopKernelDefinition = {
  kernelName: ADDRESS_KERNEL,
  inputNames: addressInputNames,
  outputShapes: (shapes) => [[...(shapes[6] as number[])]],
  run: (inputs, [weighting], shapes, attrs) => addressForward(sizesOf(shapes), arraysOf(inputs), epsilonsOf(attrs), weighting as Float32Array),
};

/** `NtmAddressGradient`: the seven inputs and dL/dw → dL/d(each input), in the inputs' order. */
export const addressGradientKernel: LoopKernelDefinition = {
  kernelName: ADDRESS_GRADIENT_KERNEL,
  inputNames: [...addressInputNames, 'outputGradient'],
  outputShapes: (shapes) => shapes.slice(0, addressInputNames.length).map((shape) => [...shape]),
  run: (inputs, outputs, shapes, attrs) =>
    addressBackward(sizesOf(shapes), arraysOf(inputs), epsilonsOf(attrs), inputs[7] as Float32Array, arraysOf(outputs)),
};

/**
 * The gradient of `NtmAddress` for tfjs's tape: one `NtmAddressGradient` call. The seven
 * inputs are saved (tfjs keeps one reference to each); the intermediates are recomputed.
 */
export const addressGradient: tf.GradConfig = {
  kernelName: ADDRESS_KERNEL,
  inputsToSave: [...addressInputNames],
  gradFunc: (dy, saved, attrs) => {
    const inputs: tf.NamedTensorMap = { outputGradient: dy as tf.Tensor };
    addressInputNames.forEach((name, index) => {
      inputs[name] = saved[index] as tf.Tensor;
    });
    // Run now, not inside the thunks: tfjs calls each thunk in its own tidy, which would free
    // the other six outputs of a kernel run lazily by the first.
    const gradients = tf.engine().runKernel(ADDRESS_GRADIENT_KERNEL, inputs, attrs) as tf.Tensor[];
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
    // The loops wrap a shift only once, which is exact for every width the contract allows.
    if (kernelWidth % 2 === 0 || kernelWidth > slots) {
      throw new ShapeError(`${op}: shiftWeighting has width ${kernelWidth}; expected an odd width 2n + 1 <= ${slots} (the memory's slots)`);
    }
    checkEpsilon(op, 'similarity', epsilons?.similarity);
    checkEpsilon(op, 'sharpening', epsilons?.sharpening);
    const attrs = { similarityEpsilon: epsilons.similarity, sharpeningEpsilon: epsilons.sharpening };
    return tf.engine().runKernel(ADDRESS_KERNEL, tensors, attrs) as tf.Tensor;
  };
}

function checkEpsilon(op: string, field: string, value: unknown): void {
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) {
    throw new RangeError(`${op}: epsilons.${field} must be a finite number >= 0, got ${String(value)}`);
  }
}
