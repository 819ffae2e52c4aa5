import * as tf from '@tensorflow/tfjs-core';
import type { FusedKernels } from '@ntm/backend';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { TfjsFlavor } from '../tfjs-flavor.js';
import { createFusedMemoryStep } from './memory-step-kernel.js';
import { createFusedNtmSequence } from './ntm-sequence-kernel.js';
import { createFusedOptimizerUpdate } from './optimizer-update-kernel.js';
import { registerFusedKernels } from './register-fused-kernels.js';
import { simdModuleOf } from './simd/simd-in-tfjs-heap.js';

/**
 * The fused kernels of a tfjs flavor: the whole sequence (`ntmSequence`) and one time step
 * of memory access (`memoryStep`), each ONE tfjs kernel call forward and one backward, and a
 * training step's optimiser work (`optimizerUpdate`), one call, all in
 * WebAssembly SIMD compiled from C (`native/`) running inside tfjs-wasm's heap. Empty on
 * tfjs-cpu, and on an engine without WebAssembly SIMD: the model then runs on tensor
 * operations, the generic composition the kernels are tested against.
 *
 * Why: a tfjs kernel call costs ≈ 10 µs whatever its size (docs/toolchain.md), and the generic
 * composition of a training step makes thousands of them; the arithmetic itself is small.
 *
 * @example
 * ```ts
 * const fused = createFusedKernels('wasm'); // call after tf.setBackend('wasm')
 * const rows = fused.ntmSequence?.(inputs, 'write-then-read', { similarity: 1e-8, sharpening: 1e-8 }); // [T, B, U + R·M] or null
 * ```
 */
export function createFusedKernels(flavor: TfjsFlavor): FusedKernels {
  if (flavor !== 'wasm' || simdModuleOf(tf.backend() as BackendWasm) === null) return {};
  registerFusedKernels();
  return { memoryStep: createFusedMemoryStep(), ntmSequence: createFusedNtmSequence(), optimizerUpdate: createFusedOptimizerUpdate() };
}
