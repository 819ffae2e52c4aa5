import { ShapeChecker, type NtmBackend, type Tensor } from '@ntm/backend';
import { checkShiftKernelWidth, circularShift } from './circular-shift.js';
import { contentWeighting } from './content-addressing.js';
import { DEFAULT_EPSILONS } from './epsilons.js';
import { interpolate } from './interpolation.js';
import type { AddressingEpsilons, AddressingInputs } from './memory-step-types.js';
import { sharpen } from './sharpening.js';

/** Options of {@link address}. */
export interface AddressOptions {
  /** ε values; defaults to {@link DEFAULT_EPSILONS}. */
  readonly epsilons?: AddressingEpsilons;
}

/**
 * Checks every addressing input's shape against the memory and each other, so that a
 * mistake fails here with the argument's name rather than deep inside a backend.
 *
 * @example
 * ```ts
 * // memory: [2, 128, 20], key: [2, 1, 16] (a word size of 16, not 20)
 * checkAddressingInputs('address', { memory, key, keyStrength, interpolationGate, shiftWeighting, sharpening, previousWeighting });
 * // ShapeError: address: key has shape [2, 1, 16] but expected [batch, heads, wordSize] = [2, 1, 20]
 * //   (batch = 2 from memory; wordSize = 20 from memory)
 * ```
 */
export function checkAddressingInputs(functionName: string, inputs: AddressingInputs): void {
  const shapes = new ShapeChecker(functionName)
    .check('memory', inputs.memory?.shape, ['batch', 'slots', 'wordSize'])
    .check('key', inputs.key?.shape, ['batch', 'heads', 'wordSize'])
    .check('keyStrength', inputs.keyStrength?.shape, ['batch', 'heads'])
    .check('interpolationGate', inputs.interpolationGate?.shape, ['batch', 'heads'])
    .check('shiftWeighting', inputs.shiftWeighting?.shape, ['batch', 'heads', 'kernelWidth'])
    .check('sharpening', inputs.sharpening?.shape, ['batch', 'heads'])
    .check('previousWeighting', inputs.previousWeighting?.shape, ['batch', 'heads', 'slots']);
  checkShiftKernelWidth(functionName, shapes.size('kernelWidth'), shapes.size('slots'));
}

/**
 * Addresses memory for every head of every batch row at once (Graves et al. 2014, §3.3,
 * eqs. 5–9): content → interpolation → circular shift → sharpening. A backend's fused
 * `memoryStep` runs this same pipeline inside its kernel and is tested against it.
 *
 * @returns w_t: `[batch, heads, slots]`, each row a distribution over memory slots
 *
 * @example
 * ```ts
 * const weighting = address(backend, {
 *   memory,            // [batch, slots, wordSize]
 *   key,               // [batch, heads, wordSize]
 *   keyStrength,       // [batch, heads]      β ≥ 0
 *   interpolationGate, // [batch, heads]      g ∈ [0, 1]
 *   shiftWeighting,    // [batch, heads, 3]   s over shifts −1, 0, +1
 *   sharpening,        // [batch, heads]      γ ≥ 1
 *   previousWeighting, // [batch, heads, slots]
 * });
 * ```
 */
export function address(backend: NtmBackend, inputs: AddressingInputs, options: AddressOptions = {}): Tensor {
  const epsilons = options.epsilons ?? DEFAULT_EPSILONS;
  checkAddressingInputs('address', inputs);
  return backend.tidy(() => {
    const content = contentWeighting(backend, inputs.memory, inputs.key, inputs.keyStrength, epsilons.similarity); // [batch, heads, slots]
    const gated = interpolate(backend, content, inputs.previousWeighting, inputs.interpolationGate); // [batch, heads, slots]
    const shifted = circularShift(backend, gated, inputs.shiftWeighting); // [batch, heads, slots]
    return sharpen(backend, shifted, inputs.sharpening, epsilons.sharpening); // [batch, heads, slots]
  });
}
