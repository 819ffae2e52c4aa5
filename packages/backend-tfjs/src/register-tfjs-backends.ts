import { registerBackend } from '@ntm/backend';
import { createTfjsBackend } from './create-tfjs-backend.js';
import type { WasmPaths } from './wasm-paths.js';

/** Options of {@link registerTfjsBackends}. */
export interface RegisterTfjsBackendsOptions {
  /** Where the `.wasm` binaries are served, for `tfjs-wasm`; see `setTfjsWasmPaths`. */
  readonly wasmPaths?: WasmPaths;
}

/**
 * The registry priorities: wasm first (≈ 10× faster here, docs/toolchain.md), cpu as the fallback.
 *
 * @example registerBackend('my-backend', factory, TFJS_BACKEND_PRIORITIES['tfjs-wasm'] + 1) // tried before tfjs-wasm
 */
export const TFJS_BACKEND_PRIORITIES = { 'tfjs-wasm': 2, 'tfjs-cpu': 1 } as const;

/**
 * Registers `tfjs-wasm` (priority 2) and `tfjs-cpu` (priority 1) with `@ntm/backend`, so that
 * `createBackend()` picks WASM and falls back to cpu, with a warning, if WASM cannot
 * initialise. Nothing is initialised until `createBackend` asks. Registering again replaces
 * the earlier registration (with the new options).
 *
 * @example
 * ```ts
 * import { createBackend } from '@ntm/backend';
 * registerTfjsBackends({ wasmPaths: '/tfjs/' });
 * const { backend } = await createBackend(); // tfjs-wasm, or tfjs-cpu if WASM fails
 * ```
 */
export function registerTfjsBackends(options: RegisterTfjsBackendsOptions = {}): void {
  const wasmOptions = options.wasmPaths === undefined ? {} : { wasmPaths: options.wasmPaths };
  registerBackend('tfjs-wasm', () => createTfjsBackend('wasm', wasmOptions), TFJS_BACKEND_PRIORITIES['tfjs-wasm']);
  registerBackend('tfjs-cpu', () => createTfjsBackend('cpu'), TFJS_BACKEND_PRIORITIES['tfjs-cpu']);
}
