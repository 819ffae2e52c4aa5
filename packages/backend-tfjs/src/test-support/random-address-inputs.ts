import { SeededValues } from './seeded-values.js';

/** The sizes of one group of heads' addressing: B batch, H heads, N slots, M word size, K shift width. */
export interface AddressSizes {
  readonly batch: number;
  readonly heads: number;
  readonly slots: number;
  readonly wordSize: number;
  readonly kernelWidth: number;
}

/** The seven addressing inputs of one group of heads as float64 arrays, by name. */
export type AddressValues = Record<
  'memory' | 'key' | 'keyStrength' | 'interpolationGate' | 'shiftWeighting' | 'sharpening' | 'previousWeighting',
  Float64Array
>;

/**
 * Seeded addressing inputs in the ranges the heads produce (β ≥ 0, g ∈ [0, 1], γ ≥ 1, shift
 * and previous weightings as distributions).
 *
 * @example const inputs = randomAddressValues(1, { batch: 2, heads: 1, slots: 8, wordSize: 4, kernelWidth: 3 });
 */
export function randomAddressValues(seed: number, sizes: AddressSizes): AddressValues {
  const values = new SeededValues(seed);
  const { batch: B, heads: H, slots: N, wordSize: M, kernelWidth: K } = sizes;
  return {
    memory: values.uniform(B * N * M, -1, 1),
    key: values.uniform(B * H * M, -1, 1),
    keyStrength: values.uniform(B * H, 0.5, 8),
    interpolationGate: values.uniform(B * H, 0.05, 0.95),
    shiftWeighting: values.distributions(B * H, K),
    sharpening: values.uniform(B * H, 1, 4),
    previousWeighting: values.distributions(B * H, N),
  };
}
