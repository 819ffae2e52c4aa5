import type { FusedKernels } from '@ntm/backend';
import type { TfjsFlavor } from '../tfjs-flavor.js';
import { createFusedAddress } from './address-kernel.js';
import { createFusedHeadActivations } from './head-activations-kernel.js';
import { createFusedLstmCell } from './lstm-cell-kernel.js';
import { registerFusedKernels } from './register-fused-kernels.js';
import { createFusedWriteMemory } from './write-memory-kernel.js';

/**
 * The fused NTM kernels of a tfjs flavor: `address`, `writeMemory`, `lstmCell` and
 * `headActivations`, each ONE tfjs kernel call forward and one backward, written as JavaScript loops over the backend's float32 arrays
 * (views of the WASM heap on `wasm`, the backend's own arrays on `cpu`).
 *
 * Why: a tfjs kernel call costs ≈ 10 µs whatever its size (TOOLCHAIN.md), and the generic
 * composition of `@ntm/addressing` takes 31 of them per addressing step forward and ≈ 140
 * backward; the arithmetic itself is a few hundred thousand multiply-adds.
 *
 * No `readMemory`: the generic read is already one batched `matMul`, and a loop kernel was no
 * faster (forward slower, forward + backward even, measured at B 32, N 128, M 20 on WASM).
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
    lstmCell: createFusedLstmCell(flavor),
    headActivations: createFusedHeadActivations(flavor),
  };
}
