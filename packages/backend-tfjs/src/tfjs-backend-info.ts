import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, type BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { simdModuleOf } from './fused/simd/simd-in-tfjs-heap.js';
import { tfjsVersions } from './tfjs-runtime.js';

/** What TensorFlow.js is running on, for logs and benchmark reports. */
export interface TfjsBackendInfo {
  /** The tfjs backend active now (`wasm`, `cpu`, …); tfjs has one per process. */
  readonly activeBackend: string;
  /** The tfjs version (`4.22.0`), or each package's if tfjs-core and its backends differ. */
  readonly tfjsVersion: string;
  /** Whether this JavaScript engine runs WASM SIMD (the wasm backend then loads its SIMD binary). */
  readonly wasmSimd: boolean;
  /** Whether the wasm backend may use threads (tfjs turns them off on Node). */
  readonly wasmMultithreading: boolean;
  /** The threads of the wasm backend's XNNPACK pool; undefined until the wasm backend is initialised. */
  readonly wasmThreads: number | undefined;
  /**
   * Whether the wasm backend has the fused NTM kernels: `wasm-simd` (the C kernels of `native/`,
   * inside tfjs's heap) or `none` (an engine without WebAssembly SIMD, or a heap tfjs does not
   * expose, such as its multi-threaded build's: the model then runs on tensor operations);
   * undefined until the wasm backend is initialised.
   */
  readonly fusedKernels: 'wasm-simd' | 'none' | undefined;
}

/**
 * Describes the TensorFlow.js runtime as it is now: active backend, version, and the WASM
 * SIMD / multithreading flags (tfjs's `WASM_HAS_SIMD_SUPPORT`, `WASM_HAS_MULTITHREAD_SUPPORT`).
 *
 * @example
 * ```ts
 * await createTfjsBackend('wasm');
 * await describeTfjsBackend();
 * // { activeBackend: 'wasm', tfjsVersion: '4.22.0', wasmSimd: true, wasmMultithreading: false, wasmThreads: 1, fusedKernels: 'wasm-simd' }
 * ```
 */
export async function describeTfjsBackend(): Promise<TfjsBackendInfo> {
  const [wasmSimd, wasmMultithreading] = await Promise.all([tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'), tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')]);
  return {
    activeBackend: tf.getBackend(),
    tfjsVersion: tfjsVersions(),
    wasmSimd: wasmSimd === true,
    wasmMultithreading: wasmMultithreading === true,
    wasmThreads: wasmThreadsIfInitialised(),
    fusedKernels: fusedKernelsIfInitialised(),
  };
}

function fusedKernelsIfInitialised(): TfjsBackendInfo['fusedKernels'] {
  const wasm = tf.engine().registry['wasm'];
  if (wasm === undefined) return undefined;
  return simdModuleOf(wasm as BackendWasm) === null ? 'none' : 'wasm-simd';
}

function wasmThreadsIfInitialised(): number | undefined {
  if (tf.engine().registry.wasm === undefined) return undefined;
  try {
    return getThreadsCount();
  } catch {
    return undefined;
  }
}
