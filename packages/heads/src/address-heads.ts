import type { NtmBackend, Tensor } from '@ntm/backend';
import { address, type AddressOptions } from '@ntm/addressing';
import type { HeadParameters } from './heads.js';

/**
 * Addresses memory for one group of heads (Graves et al. 2014, §3.3, eqs. 5–9): where heads
 * and addressing meet. The heads' parameters are exactly `address`'s inputs, so this is
 * `address(backend, { memory, ...parameters, previousWeighting })`.
 *
 * @param memory M_t: `[B, N, M]`
 * @param parameters one group's parameters from {@link Heads.project} (a write group works too)
 * @param previousWeighting w_{t−1} of each head of the group: `[B, H, N]`
 * @returns w_t: `[B, H, N]`, each row a distribution over memory slots
 *
 * @example
 * ```ts
 * const { read, write } = heads.project(controllerOutput);
 * const writeWeighting = addressHeads(backend, memory, write!, previousWriteWeighting); // [B, W, N]
 * const nextMemory = writeMemory(backend, memory, writeWeighting, write!.erase, write!.add);
 * const readWeighting = addressHeads(backend, nextMemory, read!, previousReadWeighting); // [B, R, N]
 * const readVectors = readMemory(backend, nextMemory, readWeighting); // [B, R, M]
 * ```
 */
export function addressHeads(backend: NtmBackend, memory: Tensor, parameters: HeadParameters, previousWeighting: Tensor, options: AddressOptions = {}): Tensor {
  return address(
    backend,
    {
      memory,
      key: parameters.key,
      keyStrength: parameters.keyStrength,
      interpolationGate: parameters.interpolationGate,
      shiftWeighting: parameters.shiftWeighting,
      sharpening: parameters.sharpening,
      previousWeighting,
    },
    options,
  );
}
