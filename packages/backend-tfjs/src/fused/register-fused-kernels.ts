import * as tf from '@tensorflow/tfjs-core';
import { TFJS_FLAVORS } from '../tfjs-flavor.js';
import { addressGradient, addressGradientKernel, addressKernel } from './address-kernel.js';
import { headActivationsGradient, headActivationsGradientKernel, headActivationsKernel } from './head-activations-kernel.js';
import { loopKernelFunc, type LoopKernelDefinition } from './loop-kernel.js';
import { denseProductKernelConfig, matMulGradients, matMulKernel } from './mat-mul-kernel.js';
import { memoryStepGradient, memoryStepGradientKernel, memoryStepKernel } from './memory-step-kernel.js';
import {
  NTM_SEQUENCE_GRADIENT_KERNEL,
  NTM_SEQUENCE_KERNEL,
  ntmSequenceGradient,
  ntmSequenceGradientKernelFunc,
  ntmSequenceKernelFunc,
} from './ntm-sequence-kernel.js';
import { lstmCellGradient, lstmCellGradientKernel, lstmCellKernel } from './lstm-cell-kernel.js';
import { readMemoryGradient, readMemoryGradientKernel, readMemoryKernel } from './read-memory-kernel.js';
import { writeMemoryGradient, writeMemoryGradientKernel, writeMemoryKernel } from './write-memory-kernel.js';

/** Set once every kernel and gradient below is in tfjs's registry. */
let registered = false;

/** Every fused kernel, forward and backward. */
const definitions: readonly LoopKernelDefinition[] = [
  addressKernel,
  addressGradientKernel,
  writeMemoryKernel,
  writeMemoryGradientKernel,
  readMemoryKernel,
  readMemoryGradientKernel,
  memoryStepKernel,
  memoryStepGradientKernel,
  lstmCellKernel,
  lstmCellGradientKernel,
  headActivationsKernel,
  headActivationsGradientKernel,
  matMulKernel,
];

/** The gradients of the forward kernels (the backward kernels have none: no second derivatives). */
const gradients: readonly tf.GradConfig[] = [
  addressGradient,
  writeMemoryGradient,
  readMemoryGradient,
  memoryStepGradient,
  lstmCellGradient,
  headActivationsGradient,
  ntmSequenceGradient,
];

/** The kernels that exist only as WebAssembly SIMD inside tfjs-wasm's heap (no JavaScript loops). */
const wasmOnlyKernels: readonly tf.KernelConfig[] = [
  { kernelName: NTM_SEQUENCE_KERNEL, backendName: 'wasm', kernelFunc: ntmSequenceKernelFunc },
  { kernelName: NTM_SEQUENCE_GRADIENT_KERNEL, backendName: 'wasm', kernelFunc: ntmSequenceGradientKernelFunc },
];

/**
 * Registers the fused NTM kernels (`NtmAddress`, `NtmWriteMemory`, `NtmReadMemory`, `NtmMemoryStep`, `NtmLstmCell`,
 * `NtmHeadActivations` and their `…Gradient` kernels, `NtmMatMul` and, on wasm only, `NtmDenseProduct`, `NtmSequence` and `NtmSequenceGradient`) with tfjs for the `wasm` and `cpu` backends, and their gradients.
 * Idempotent: tfjs keeps one registry per process and warns on a second registration, so
 * what is already there is left alone.
 *
 * @example registerFusedKernels(); tf.engine().runKernel('NtmAddress', inputs, attrs);
 */
export function registerFusedKernels(): void {
  // Called on every matMul on wasm: after the first time, one comparison.
  if (registered) return;
  registered = true;
  for (const definition of definitions) {
    for (const flavor of TFJS_FLAVORS) {
      if (tf.getKernel(definition.kernelName, flavor) !== undefined) continue;
      tf.registerKernel({ kernelName: definition.kernelName, backendName: flavor, kernelFunc: loopKernelFunc(flavor, definition) });
    }
  }
  for (const config of wasmOnlyKernels) {
    if (tf.getKernel(config.kernelName, config.backendName) === undefined) tf.registerKernel(config);
  }
  const dense = denseProductKernelConfig();
  if (dense !== null && tf.getKernel(dense.kernelName, 'wasm') === undefined) tf.registerKernel(dense);
  for (const gradient of [...gradients, ...matMulGradients]) {
    if (tf.getGradient(gradient.kernelName) === undefined) tf.registerGradient(gradient);
  }
}
