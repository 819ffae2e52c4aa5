export { describeBackendConformance } from './describe-backend-conformance.js';
export type { BackendConformanceOptions } from './describe-backend-conformance.js';
export {
  compareWithTolerance,
  expectClose,
  FLOAT32_GRADIENT_TOLERANCE,
  FLOAT32_TOLERANCE,
  FLOAT64_GRADIENT_TOLERANCE,
  FLOAT64_TOLERANCE,
  resolveTolerance,
} from './tolerance.js';
export type { ComparisonResult, Tolerance, ToleranceInput } from './tolerance.js';
export { finiteDifferenceGradients, finiteDifferenceGradientsOf } from './finite-differences.js';
export { randomDistributions, randomValues, readTensor, sizeOfShape } from './tensor-values.js';
export type { TensorValues } from './tensor-values.js';
export { headBlocksOf, NTM_SEQUENCE_CASES, ntmSequenceInputNames, ntmSequenceInputs, ntmSequenceValues, steppedNtmSequence } from './ntm-sequence-cases.js';
export type { NtmSequenceSizes } from './ntm-sequence-cases.js';
