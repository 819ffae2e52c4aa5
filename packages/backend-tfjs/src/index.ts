export { createTfjsBackend } from './create-tfjs-backend.js';
export { registerTfjsBackends, TFJS_BACKEND_PRIORITIES } from './register-tfjs-backends.js';
export { describeTfjsBackend } from './tfjs-backend-info.js';
export { TFJS_FLAVORS, ntmBackendName } from './tfjs-flavor.js';
export { setTfjsWasmPaths } from './wasm-paths.js';

export type { CreateTfjsBackendOptions } from './create-tfjs-backend.js';
export type { KernelCount } from './count-kernels.js';
export type { RegisterTfjsBackendsOptions } from './register-tfjs-backends.js';
export type { TfjsBackend } from './tfjs-backend.js';
export type { TfjsBackendInfo } from './tfjs-backend-info.js';
export type { TfjsFlavor } from './tfjs-flavor.js';
export type { WasmBinaryName, WasmPaths } from './wasm-paths.js';
