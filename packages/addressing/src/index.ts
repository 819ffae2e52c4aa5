export { DEFAULT_EPSILONS } from './epsilons.js';
export { contentWeighting, cosineSimilarity } from './content-addressing.js';
export { interpolate } from './interpolation.js';
export { checkShiftKernelWidth, circularShift, circularShiftIndices } from './circular-shift.js';
export { sharpen } from './sharpening.js';
export { address, addressGeneric, checkAddressingInputs } from './address.js';
export type { AddressOptions } from './address.js';
export { readMemory, writeMemory } from './memory-access.js';
export type { MemoryAccessOptions } from './memory-access.js';
