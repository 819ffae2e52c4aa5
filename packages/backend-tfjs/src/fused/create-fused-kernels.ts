import type { FusedKernels } from '@ntm/backend';
import type { TfjsFlavor } from '../tfjs-flavor.js';

/**
 * The fused NTM kernels of a tfjs flavor. None yet: `@ntm/addressing`'s generic composition
 * runs instead.
 *
 * Where they go: one file per kernel in this folder (e.g. `read-memory-wasm.ts`), each
 * registering a kernel of its own with `tf.registerKernel({ kernelName, backendName: 'wasm',
 * kernelFunc })` (working on the WASM heap: `backend.makeOutput` first, then
 * `backend.typedArrayFromHeap` views), its gradient with `tf.registerGradient`, and exporting
 * the `FusedKernels` method that calls it through `tf.engine().runKernel`. This function then
 * picks the methods that exist for the flavor; `@ntm/backend-conformance` checks each against
 * the generic composition.
 *
 * @example createFusedKernels('wasm') // {}
 */
export function createFusedKernels(_flavor: TfjsFlavor): FusedKernels {
  return {};
}
