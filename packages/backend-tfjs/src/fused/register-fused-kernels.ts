import * as tf from '@tensorflow/tfjs-core';
import { denseProductKernelConfig, matMulGradients, matMulKernel } from './mat-mul-kernel.js';
import { memoryStepGradient, memoryStepGradientKernel, memoryStepKernel } from './memory-step-kernel.js';
import {
  NTM_SEQUENCE_GRADIENT_KERNEL,
  NTM_SEQUENCE_KERNEL,
  ntmSequenceGradient,
  ntmSequenceGradientKernelFunc,
  ntmSequenceKernelFunc,
} from './ntm-sequence-kernel.js';
import { OPTIMIZER_UPDATE_KERNEL, optimizerUpdateKernelFunc } from './optimizer-update-kernel.js';
import { simdKernelFunc } from './simd-kernel.js';

/** Set once every kernel and gradient below is in tfjs's registry. */
let registered = false;

/**
 * Registers the WebAssembly SIMD kernels with tfjs for its `wasm` backend — `NtmMemoryStep`,
 * `NtmSequence`, their `…Gradient` kernels, `NtmOptimizerUpdate`, `NtmMatMul` and `NtmDenseProduct` — and the
 * gradients of the forward ones. Idempotent: tfjs keeps one registry per process and warns on
 * a second registration, so what is already there is left alone.
 *
 * @example registerFusedKernels(); tf.engine().runKernel('NtmMemoryStep', inputs, attrs);
 */
export function registerFusedKernels(): void {
  // Called on every matMul on wasm: after the first time, one comparison.
  if (registered) return;
  registered = true;
  const kernels: tf.KernelConfig[] = [
    ...[memoryStepKernel, memoryStepGradientKernel, matMulKernel].map((definition) => ({
      kernelName: definition.kernelName,
      backendName: 'wasm',
      kernelFunc: simdKernelFunc(definition),
    })),
    { kernelName: NTM_SEQUENCE_KERNEL, backendName: 'wasm', kernelFunc: ntmSequenceKernelFunc },
    { kernelName: NTM_SEQUENCE_GRADIENT_KERNEL, backendName: 'wasm', kernelFunc: ntmSequenceGradientKernelFunc },
    { kernelName: OPTIMIZER_UPDATE_KERNEL, backendName: 'wasm', kernelFunc: optimizerUpdateKernelFunc },
  ];
  const dense = denseProductKernelConfig();
  if (dense !== null) kernels.push(dense);
  for (const config of kernels) {
    if (tf.getKernel(config.kernelName, config.backendName) === undefined) tf.registerKernel(config);
  }
  for (const gradient of [memoryStepGradient, ntmSequenceGradient, ...matMulGradients]) {
    if (tf.getGradient(gradient.kernelName) === undefined) tf.registerGradient(gradient);
  }
}
