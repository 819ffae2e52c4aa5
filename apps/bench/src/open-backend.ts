import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTfjsBackend, registerTfjsBackends, type TfjsBackend, type TfjsFlavor } from '@ntm/backend-tfjs';

/**
 * The folder of the tfjs `.wasm` binaries when running from the bundle: the build copies them
 * beside `dist/bench.js`, where tfjs, bundled, cannot find them on its own. From sources
 * (vitest) there are none beside the module and tfjs finds its own in `node_modules`.
 */
function bundledWasmFolder(): string | undefined {
  const folder = fileURLToPath(new URL('.', import.meta.url));
  return existsSync(join(folder, 'tfjs-backend-wasm-simd.wasm')) ? folder : undefined;
}

/**
 * Switches tfjs to `flavor` and returns the library's backend on it (the naive baseline runs
 * on the same tfjs engine).
 *
 * @example const backend = await openTfjsBackend('wasm');
 */
export async function openTfjsBackend(flavor: TfjsFlavor): Promise<TfjsBackend> {
  const folder = bundledWasmFolder();
  if (flavor === 'wasm' && folder !== undefined) return createTfjsBackend('wasm', { wasmPaths: folder.endsWith('/') ? folder : `${folder}/` });
  return createTfjsBackend(flavor);
}

/**
 * Registers `tfjs-wasm` and `tfjs-cpu` with `@ntm/backend`'s registry, pointed at the bundle's
 * `.wasm` binaries: what a gradient worker thread needs to create the backend named by the trainer.
 *
 * @example registerBenchBackends(); await serveGradientWorker();
 */
export function registerBenchBackends(): void {
  const folder = bundledWasmFolder();
  registerTfjsBackends(folder === undefined ? {} : { wasmPaths: folder.endsWith('/') ? folder : `${folder}/` });
}
