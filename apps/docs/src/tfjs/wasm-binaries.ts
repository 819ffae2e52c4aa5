/**
 * Where the built site serves the tfjs WASM binaries. Vite copies each `?url` import into the
 * build as an asset and gives its URL, so the pages and the training worker point tfjs at the
 * same files; `setTfjsWasmPaths` needs the full map because the hashed names differ from the
 * ones tfjs asks for.
 */
import type { WasmPaths } from '@ntm/backend-tfjs';
import plainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

/**
 * The three binaries' absolute URLs (absolute, so they resolve the same from a page and from a
 * worker, whose base URL is the worker script's).
 *
 * @example const backend = await createTfjsBackend('wasm', { wasmPaths: tfjsWasmPaths() });
 */
export function tfjsWasmPaths(): WasmPaths {
  const absolute = (url: string) => new URL(url, self.location.href).href;
  return {
    'tfjs-backend-wasm.wasm': absolute(plainUrl),
    'tfjs-backend-wasm-simd.wasm': absolute(simdUrl),
    'tfjs-backend-wasm-threaded-simd.wasm': absolute(threadedSimdUrl),
  };
}
