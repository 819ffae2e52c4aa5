import { fileURLToPath } from 'node:url';
import type { AddressingEpsilons, AddressingInputs, NtmBackend, Tensor } from '@ntm/backend';

/** What the fused-kernel tests use of `@ntm/addressing`: the generic composition they must match. */
export interface GenericAddressing {
  addressGeneric(backend: NtmBackend, inputs: AddressingInputs, epsilons?: AddressingEpsilons): Tensor;
  address(backend: NtmBackend, inputs: AddressingInputs, options?: { epsilons?: AddressingEpsilons; useFused?: boolean }): Tensor;
  readMemory(backend: NtmBackend, memory: Tensor, weighting: Tensor, options?: { useFused?: boolean }): Tensor;
  writeMemory(backend: NtmBackend, memory: Tensor, weighting: Tensor, erase: Tensor, add: Tensor, options?: { useFused?: boolean }): Tensor;
}

/**
 * Loads `@ntm/addressing` from its sources, for tests only.
 *
 * Why by path and not by package name: `@ntm/addressing` already has this package as a dev
 * dependency (its suite runs on tfjs), and the reverse dependency would make a cycle in the
 * workspace graph that turbo refuses. Why dynamically: a static import would pull the other
 * package's files into this package's TypeScript program (outside its `rootDir`).
 *
 * @example const { addressGeneric } = await loadGenericAddressing();
 */
export async function loadGenericAddressing(): Promise<GenericAddressing> {
  const path = fileURLToPath(new URL('../../../addressing/src/index.ts', import.meta.url));
  return (await import(/* @vite-ignore */ path)) as GenericAddressing;
}
