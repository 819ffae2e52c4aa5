import type { AddressingEpsilons } from './memory-step-types.js';

/**
 * The ε values of the addressing math (docs/math.md §3 and Collier & Beel 2018: ≈ 1e-8).
 *
 * @example
 * ```ts
 * address(backend, inputs, { epsilons: { ...DEFAULT_EPSILONS, similarity: 1e-6 } });
 * ```
 */
export const DEFAULT_EPSILONS: AddressingEpsilons = Object.freeze({
  // Keeps K(u, v) finite when a key or a memory row is all zero (the constant 1e-6
  // memory initialisation is close to that at t = 0).
  similarity: 1e-8,
  // Keeps log(w~ + ε) finite where a shifted weight is exactly zero.
  sharpening: 1e-8,
});
