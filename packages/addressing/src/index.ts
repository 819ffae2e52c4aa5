export { DEFAULT_EPSILONS } from './epsilons.js';
export { contentWeighting, cosineSimilarity } from './content-addressing.js';
export { interpolate } from './interpolation.js';
export { checkShiftKernelWidth, circularShift, circularShiftIndices } from './circular-shift.js';
export { sharpen } from './sharpening.js';
export { address, checkAddressingInputs } from './address.js';
export type { AddressOptions } from './address.js';
export { readMemory, writeMemory } from './memory-access.js';
export { memoryStep, memoryStepGeneric } from './memory-step.js';
export type { MemoryStepOptions } from './memory-step.js';
export type {
  AddressingEpsilons,
  AddressingInputs,
  HeadAddressingInputs,
  MemoryStepInputs,
  MemoryStepKernel,
  MemoryStepOrder,
  MemoryStepResult,
} from './memory-step-types.js';
