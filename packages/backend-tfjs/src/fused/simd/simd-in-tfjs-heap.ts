import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { SimdKernelModule } from './simd-kernel-module.js';

/** The parts of tfjs-wasm's emscripten module the SIMD kernels use (not in its public types). */
interface EmscriptenModule {
  readonly asm?: { readonly memory?: unknown };
  readonly _malloc?: (bytes: number) => number;
}

const modules = new WeakMap<BackendWasm, SimdKernelModule | null>();

/**
 * The SIMD kernels instantiated inside this tfjs-wasm backend's heap (once per backend), or
 * `null` where they cannot run there: no WebAssembly SIMD, or a heap tfjs does not expose as a
 * plain `WebAssembly.Memory` (its multi-threaded build shares one between workers). The backend
 * then has no fused kernels.
 *
 * @example const simd = simdModuleOf(tf.backend() as BackendWasm); simd?.run('mat_mul', sizes, offsets);
 */
export function simdModuleOf(backend: BackendWasm): SimdKernelModule | null {
  let module = modules.get(backend);
  if (module !== undefined) return module;
  const emscripten = backend.wasm as unknown as EmscriptenModule;
  const memory = emscripten.asm?.memory;
  const malloc = emscripten._malloc;
  // A SharedArrayBuffer heap (tfjs's threaded build) cannot back the module's non-shared memory import.
  const usable = memory instanceof WebAssembly.Memory && memory.buffer instanceof ArrayBuffer && typeof malloc === 'function';
  try {
    module = usable ? SimdKernelModule.inMemory(memory, (bytes) => malloc.call(emscripten, bytes) >>> 0) : null;
  } catch {
    // An instantiation the engine refuses leaves the tensor operations in charge, never a broken backend.
    module = null;
  }
  modules.set(backend, module);
  return module;
}
