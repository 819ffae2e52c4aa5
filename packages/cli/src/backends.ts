import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBackend, listBackends, type NtmBackend } from '@ntm/backend';
import { registerReferenceBackend } from '@ntm/backend-reference';
import { registerTfjsBackends } from '@ntm/backend-tfjs';
import { UsageError } from './errors.js';
import type { CliIo } from './io.js';

/**
 * The folder of the tfjs `.wasm` binaries when running from the bundle: the build copies them
 * beside `dist/ntm.js`, and the bundle, unlike tfjs's own files, cannot find them on its own.
 * From sources (tests) there are none here and tfjs finds its own in `node_modules`.
 */
function bundledWasmFolder(): string | undefined {
  const folder = fileURLToPath(new URL('.', import.meta.url));
  return existsSync(join(folder, 'tfjs-backend-wasm-simd.wasm')) ? folder : undefined;
}

let registered = false;

/**
 * Registers every backend the CLI can run on: `tfjs-wasm` (the default), `tfjs-cpu` (its
 * fallback) and `reference` (float64 loops: slow, for checking). Safe to call twice.
 *
 * @example
 * ```ts
 * registerCliBackends();
 * listBackends(); // ['tfjs-wasm', 'tfjs-cpu', 'reference']
 * ```
 */
export function registerCliBackends(): void {
  if (registered) return;
  const wasmFolder = bundledWasmFolder();
  registerTfjsBackends(wasmFolder === undefined ? {} : { wasmPaths: wasmFolder.endsWith('/') ? wasmFolder : `${wasmFolder}/` });
  registerReferenceBackend();
  registered = true;
}

/**
 * Checks a `--backend` value against the registered names, before anything slow starts.
 * @example checkBackendName('tfjs-gpu') // UsageError: --backend must be one of tfjs-wasm, tfjs-cpu, reference, got "tfjs-gpu"
 */
export function checkBackendName(name: string | undefined): void {
  registerCliBackends();
  if (name !== undefined && !listBackends().includes(name)) {
    throw new UsageError(`--backend must be one of ${listBackends().join(', ')}, got "${name}"`);
  }
}

/**
 * Starts the named backend, or the best one that starts, printing a warning line on stderr
 * for each fallback (a silent tenfold slowdown would be worse).
 *
 * @example const backend = await openBackend(undefined, io); // tfjs-wasm, or tfjs-cpu with a warning
 */
export async function openBackend(name: string | undefined, io: CliIo): Promise<NtmBackend> {
  checkBackendName(name);
  const { backend } = await createBackend(name, { onWarning: (message) => io.stderr.write(`ntm: warning: ${message}\n`) });
  return backend;
}
