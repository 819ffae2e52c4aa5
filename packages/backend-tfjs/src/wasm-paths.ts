import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** The three binaries the tfjs WASM backend may load, by the file names it asks for. */
export type WasmBinaryName = 'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm';

/**
 * Where the tfjs WASM binaries are served: a folder prefix ending in `/` (a URL in browsers, a
 * path on Node), or a full location for each of the three binaries.
 */
export type WasmPaths = string | Readonly<Record<WasmBinaryName, string>>;

const binaryNames: readonly WasmBinaryName[] = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

// What this module last handed to tfjs, so that asking again for the same paths is harmless.
let appliedWasmPaths: string | undefined;

/**
 * Tells the tfjs WASM backend where its `.wasm` binaries are. Needed with bundlers and in
 * browsers, where the binaries are not next to the script; on Node the backend finds them in
 * its own `dist` folder without help.
 *
 * Must run before the WASM backend first initialises (the first `createTfjsBackend('wasm')`):
 * tfjs loads the binary once per process. Calling again with the same paths is harmless;
 * different paths after initialisation throw, since they could no longer take effect.
 *
 * @example
 * ```ts
 * // vite: copy node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm to public/tfjs/
 * setTfjsWasmPaths('/tfjs/');
 * const backend = await createTfjsBackend('wasm');
 * ```
 */
export function setTfjsWasmPaths(paths: WasmPaths): void {
  checkWasmPaths(paths);
  const requested = JSON.stringify(paths);
  if (requested === appliedWasmPaths) return;
  // `tf.findBackend` would initialise the backend, so the registry is read directly.
  if (tf.engine().registry.wasm !== undefined) {
    throw new Error(
      `setTfjsWasmPaths: wasmPaths ${requested} came too late: the tfjs WASM backend is already initialised in this process ` +
        `(from ${appliedWasmPaths ?? 'its default location'}); expected the paths to be set before the first createTfjsBackend('wasm')`,
    );
  }
  try {
    setWasmPaths(paths as Parameters<typeof setWasmPaths>[0]);
  } catch (error) {
    throw new Error(`setTfjsWasmPaths: tfjs refused wasmPaths ${requested}: ${(error as Error).message}`);
  }
  appliedWasmPaths = requested;
}

function checkWasmPaths(paths: unknown): asserts paths is WasmPaths {
  if (typeof paths === 'string') {
    if (paths.length === 0) throw new TypeError('setTfjsWasmPaths: wasmPaths must be a non-empty folder prefix, got ""');
    return;
  }
  if (paths === null || typeof paths !== 'object') {
    throw new TypeError(`setTfjsWasmPaths: wasmPaths must be a folder prefix or a map of binary names to paths, got ${String(paths)}`);
  }
  const map = paths as Record<string, unknown>;
  const missing = binaryNames.filter((name) => typeof map[name] !== 'string' || map[name] === '');
  if (missing.length > 0) {
    throw new TypeError(`setTfjsWasmPaths: the wasmPaths map has no path for ${missing.join(', ')}; expected a path for each of ${binaryNames.join(', ')}`);
  }
}
