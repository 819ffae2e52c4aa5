import type { NtmBackend } from '@ntm/backend';
import { address, type AddressOptions } from './address.js';
import { DEFAULT_EPSILONS } from './epsilons.js';
import { readMemory, writeMemory } from './memory-access.js';
import type { MemoryStepInputs, MemoryStepOrder, MemoryStepResult } from './memory-step-types.js';

/**
 * One NTM memory step for every head, composed of {@link address}, {@link writeMemory} and
 * {@link readMemory}: the write heads address M_{t−1} and write it into M_t; the read heads
 * address and read M_t (`write-then-read`, the paper's order) or M_{t−1} (`read-then-write`).
 * This composition is the reference for the backends' fused `memoryStep`.
 *
 * @example
 * ```ts
 * const { memory, readWeighting, writeWeighting, readVectors } = memoryStepGeneric(backend, {
 *   memory,                             // M_{t−1}: [batch, slots, wordSize]
 *   read: { key, keyStrength, … },      // every AddressingInputs field but memory, [batch, R, …]
 *   write: { key, …, erase, add },      // [batch, W, …]
 * }, 'write-then-read');
 * ```
 */
export function memoryStepGeneric(backend: NtmBackend, inputs: MemoryStepInputs, order: MemoryStepOrder, options: AddressOptions = {}): MemoryStepResult {
  checkOrder(order);
  const { read, write } = inputs;
  const writeWeighting = address(backend, { ...write, memory: inputs.memory }, options);
  const memory = writeMemory(backend, inputs.memory, writeWeighting, write.erase, write.add);
  const readFrom = order === 'write-then-read' ? memory : inputs.memory;
  const readWeighting = address(backend, { ...read, memory: readFrom }, options);
  const readVectors = readMemory(backend, readFrom, readWeighting);
  return { memory, readWeighting, writeWeighting, readVectors };
}

/** Options of {@link memoryStep}. */
export interface MemoryStepOptions extends AddressOptions {
  /**
   * Use the backend's fused `memoryStep` when it has one (default true). `false` forces
   * {@link memoryStepGeneric}, the reference the fused kernel is tested against.
   */
  readonly useFused?: boolean;
}

/**
 * One NTM memory step (see {@link memoryStepGeneric}): the backend's fused `memoryStep` when it
 * has one and can run these sizes (one kernel forward and one backward on tfjs-wasm), else the
 * composition.
 *
 * @example const next = memoryStep(backend, { memory, read, write }, 'write-then-read'); // next.memory: [batch, slots, wordSize]
 */
export function memoryStep(backend: NtmBackend, inputs: MemoryStepInputs, order: MemoryStepOrder, options: MemoryStepOptions = {}): MemoryStepResult {
  checkOrder(order);
  const fused = backend.fused.memoryStep;
  const result = fused && options.useFused !== false ? fused(inputs, order, options.epsilons ?? DEFAULT_EPSILONS) : null;
  return result ?? memoryStepGeneric(backend, inputs, order, options);
}

function checkOrder(order: unknown): asserts order is MemoryStepOrder {
  if (order !== 'write-then-read' && order !== 'read-then-write') {
    throw new TypeError(`memoryStep: order must be "write-then-read" or "read-then-write", got ${JSON.stringify(order)}`);
  }
}
