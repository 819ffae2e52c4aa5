import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, type Tensor } from '@ntm/backend';
import type { AddressingEpsilons } from '@ntm/addressing';
import { formatShape } from '../argument-checks.js';
import type { TfjsFlavor } from '../tfjs-flavor.js';

/**
 * Throws unless tfjs still runs the flavor the fused kernels were made for, with the same
 * words as every other op of the backend.
 *
 * @example checkActiveFlavor('fused.memoryStep', 'wasm');
 */
export function checkActiveFlavor(op: string, flavor: TfjsFlavor): void {
  const active = tf.engine().backendName;
  if (active !== flavor) {
    throw new Error(
      `tfjs-${flavor} ${op}: the active TensorFlow.js backend is now "${active}", not "${flavor}": something called ` +
        `tf.setBackend (or created another tfjs ntm backend) after this backend was made; create this backend again ` +
        `with createTfjsBackend('${flavor}') or use one flavor per process`,
    );
  }
}

/**
 * `x` as a live float32 tfjs tensor, or an error naming the op and the argument.
 *
 * @example const memory = fusedInput('fused.memoryStep', 'inputs.memory', inputs.memory);
 */
export function fusedInput(op: string, argument: string, x: Tensor): tf.Tensor {
  if (!(x instanceof tf.Tensor)) {
    throw new TypeError(
      `${op}: ${argument} must be a tensor made by a tfjs backend, got ${x === null || typeof x !== 'object' ? String(x) : 'another object'}`,
    );
  }
  if (x.isDisposed) throw new Error(`${op}: ${argument} (shape ${formatShape(x.shape)}) was already disposed`);
  if (x.dtype !== 'float32') throw new TypeError(`${op}: ${argument} must be float32, got ${x.dtype}`);
  return x;
}

/**
 * A clip bound: a number > 0, `Infinity` for none; an error naming `field` otherwise.
 * @example checkClip('fused.ntmSequence', 'headClip', 20) // 20
 */
export function checkClip(op: string, field: string, value: number): number {
  if (typeof value !== 'number' || !(value > 0)) throw new RangeError(`${op}: ${field} must be a number > 0 (Infinity for none), got ${String(value)}`);
  return value;
}

/**
 * Throws unless the shift width is odd and at most the memory's slots (the kernels wrap a shift
 * once, exact for every width the contract allows), and both ε are finite numbers ≥ 0.
 *
 * @example checkAddressingSettings('fused.memoryStep', 3, 128, { similarity: 1e-8, sharpening: 1e-8 });
 */
export function checkAddressingSettings(op: string, kernelWidth: number, slots: number, epsilons: AddressingEpsilons): void {
  if (kernelWidth % 2 === 0 || kernelWidth > slots) {
    throw new ShapeError(`${op}: shiftWeighting has width ${kernelWidth}; expected an odd width 2n + 1 <= ${slots} (the memory's slots)`);
  }
  for (const field of ['similarity', 'sharpening'] as const) {
    const value: unknown = epsilons?.[field];
    if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) {
      throw new RangeError(`${op}: epsilons.${field} must be a finite number >= 0, got ${String(value)}`);
    }
  }
}
