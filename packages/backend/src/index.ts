export { BACKEND_SPECIFICATION_VERSION } from './contract.js';
export type {
  BackendCapabilities,
  BackendSpecificationVersion,
  FusedKernels,
  NtmBackend,
  Shape,
  Tensor,
  TensorContainer,
  ValueAndGradients,
  Variable,
} from './contract.js';
export type {
  AdamRule,
  OptimizerRule,
  OptimizerUpdateInputs,
  OptimizerUpdateKernel,
  OptimizerUpdateResult,
  RmsPropRule,
} from './optimizer-update-types.js';
export { assertCompatibleBackend, createBackend, listBackends, registerBackend, unregisterBackend } from './registry.js';
export type { BackendFactory, BackendFailure, CreateBackendOptions, CreatedBackend } from './registry.js';
export { ShapeChecker, ShapeError } from './shape-check.js';
export type { ExpectedDimension } from './shape-check.js';
export { glorotUniform, normalTensor, uniformTensor } from './initializers.js';
export { ParameterStore } from './parameter-store.js';
export type { CreateParameterOptions, NamedParameter } from './parameter-store.js';
export {
  checkFiniteNumber,
  checkKnownFields,
  checkLayerSizes,
  checkNonNegativeInteger,
  checkObject,
  checkOneOf,
  checkOwnKind,
  checkPositiveInteger,
  checkPositiveNumber,
  describeValue,
} from './config-checks.js';
