export { createReferenceBackend } from './reference-backend.js';
export { REFERENCE_BACKEND_PRIORITY, registerReferenceBackend } from './register.js';
export { ReferenceTensor, ReferenceVariable } from './reference-tensor.js';
export type { TensorOwner } from './reference-tensor.js';
export { logSigmoid, sigmoid, softplus } from './elementwise.js';
