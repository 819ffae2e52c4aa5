import * as tf from '@tensorflow/tfjs-core';
// Registers tfjs's backends, gradients and the one chained op its gradients use.
import './tfjs-runtime.js';
import { TfjsNtmBackend, type TfjsBackend } from './tfjs-backend.js';
import { describeTfjsBackend } from './tfjs-backend-info.js';
import { checkFlavor, ntmBackendName, type TfjsFlavor } from './tfjs-flavor.js';
import { setTfjsWasmPaths, type WasmPaths } from './wasm-paths.js';

/** Options of {@link createTfjsBackend}. */
export interface CreateTfjsBackendOptions {
  /**
   * Where the `.wasm` binaries are served (wasm flavor only); see {@link setTfjsWasmPaths}.
   * Leave it out on Node, where tfjs finds them in its own `dist` folder.
   */
  readonly wasmPaths?: WasmPaths;
  /**
   * Whether `backend.fused` holds the fused NTM kernels (default true). `false` leaves it
   * empty, so `@ntm/addressing` runs its generic composition: for benchmarks that measure
   * what the fused kernels save, and for ruling them out when a result looks wrong.
   * `'per-step'` keeps every fused kernel but the whole-sequence `ntmSequence`, so a model
   * runs one time step at a time (the reference that kernel is tested against).
   */
  readonly fused?: boolean | 'per-step';
}

/**
 * Switches TensorFlow.js to the `wasm` or `cpu` backend (`tf.setBackend`, then `tf.ready`) and
 * returns the ntm backend running on it, named `tfjs-wasm` or `tfjs-cpu`.
 *
 * tfjs has ONE active backend per process: creating a backend of the other flavor (or any
 * `tf.setBackend` elsewhere) makes the earlier one throw on its next op. Rejects if the tfjs
 * backend cannot initialise (a `.wasm` file that cannot be loaded, say).
 *
 * @example
 * ```ts
 * const backend = await createTfjsBackend('wasm');
 * backend.info.wasmSimd; // true on Node 20
 * const generic = await createTfjsBackend('wasm', { fused: false }); // backend.fused is {}
 * const stepped = await createTfjsBackend('wasm', { fused: 'per-step' }); // no backend.fused.ntmSequence
 * const y = backend.tidy(() => backend.softmax(backend.tensor([1, 2, 3], [3])));
 * backend.readSync(y); // Float32Array [0.090…, 0.244…, 0.665…]
 * ```
 */
export async function createTfjsBackend(flavor: TfjsFlavor, options: CreateTfjsBackendOptions = {}): Promise<TfjsBackend> {
  checkFlavor('createTfjsBackend', flavor);
  if (options.fused !== undefined && typeof options.fused !== 'boolean' && options.fused !== 'per-step') {
    throw new TypeError(`createTfjsBackend: fused must be true, false or "per-step", got ${JSON.stringify(options.fused)}`);
  }
  if (options.wasmPaths !== undefined) {
    if (flavor !== 'wasm') {
      throw new TypeError(`createTfjsBackend: wasmPaths only applies to the "wasm" flavor, got flavor ${JSON.stringify(flavor)}`);
    }
    setTfjsWasmPaths(options.wasmPaths);
  }
  const selected = await tf.setBackend(flavor);
  if (!selected) {
    const where = options.wasmPaths === undefined ? '' : ` from wasmPaths ${JSON.stringify(options.wasmPaths)}`;
    throw new Error(
      `${ntmBackendName(flavor)}: TensorFlow.js could not initialise its "${flavor}" backend${where} (tfjs logged why just above)` +
        (flavor === 'wasm'
          ? `; if the page or bundle does not serve tfjs-backend-wasm*.wasm next to the script, pass wasmPaths (the folder that serves them)`
          : ''),
    );
  }
  await tf.ready();
  // tfjs-cpu prints a banner on its first tensor in Node ("install our node backend…"): advice
  // for another package, noise in a CLI's output. Its backend shows it once, when `firstUse` is
  // true; marking it used keeps it quiet (a tfjs without that field is left as it is).
  if (flavor === 'cpu') {
    const cpu = tf.backend() as { firstUse?: boolean };
    if (cpu.firstUse === true) cpu.firstUse = false;
  }
  return new TfjsNtmBackend(flavor, await describeTfjsBackend(), { fused: options.fused ?? true });
}
