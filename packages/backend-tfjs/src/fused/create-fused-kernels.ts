import type { FusedKernels } from '@ntm/backend';
import type { TfjsFlavor } from '../tfjs-flavor.js';
import { createFusedAddress } from './address-kernel.js';
import { createFusedHeadActivations } from './head-activations-kernel.js';
import { createFusedLstmCell } from './lstm-cell-kernel.js';
import { createFusedMemoryStep } from './memory-step-kernel.js';
import { createFusedNtmSequence } from './ntm-sequence-kernel.js';
import { createFusedReadMemory } from './read-memory-kernel.js';
import { registerFusedKernels } from './register-fused-kernels.js';
import { createFusedWriteMemory } from './write-memory-kernel.js';

/**
 * The fused NTM kernels of a tfjs flavor: `address`, `writeMemory`, `readMemory`, `memoryStep`, `lstmCell`
 * and `headActivations` (and on `wasm` the whole-sequence `ntmSequence`), each ONE tfjs kernel call forward and one backward: on `wasm`,
 * WebAssembly SIMD compiled from C (`native/`) running inside tfjs's heap, where the engine has
 * SIMD; elsewhere JavaScript loops over the backend's float32 arrays (the reference the C
 * kernels are tested against).
 *
 * Why: a tfjs kernel call costs ≈ 10 µs whatever its size (docs/toolchain.md), and the generic
 * composition of `@ntm/addressing` takes 31 of them per addressing step forward and ≈ 140
 * backward; the arithmetic itself is a few hundred thousand multiply-adds.
 *
 * Registers the kernels with tfjs on first use. `@ntm/backend-conformance` and this package's
 * `fused/*.test.ts` check each against the generic composition and finite differences.
 *
 * @example
 * ```ts
 * const fused = createFusedKernels('wasm');
 * const weighting = fused.address?.(inputs, { similarity: 1e-8, sharpening: 1e-8 }); // [B, H, N]
 * ```
 */
export function createFusedKernels(flavor: TfjsFlavor): FusedKernels {
  registerFusedKernels();
  return {
    address: createFusedAddress(flavor),
    writeMemory: createFusedWriteMemory(flavor),
    readMemory: createFusedReadMemory(flavor),
    memoryStep: createFusedMemoryStep(flavor),
    lstmCell: createFusedLstmCell(flavor),
    headActivations: createFusedHeadActivations(flavor),
    // Only in WebAssembly SIMD: on cpu the model steps through time with the kernels above.
    ...(flavor === 'wasm' ? { ntmSequence: createFusedNtmSequence(flavor) } : {}),
  };
}
