/**
 * Loads everything TensorFlow.js needs before this package can run an op, in one place.
 *
 * Why each import:
 * - the cpu and wasm packages register their kernels and their `tf.setBackend` names. They are
 *   imported by name and their versions used (not `import '…'` alone): esbuild on Node resolves
 *   tfjs-backend-cpu to its CJS bundle, which that package's `sideEffects` list omits, and then
 *   drops a bare import silently ("Backend name 'cpu' not found in registry" at run time);
 * - tfjs-core alone registers no gradients ("gradient function not found for Add"): the
 *   `register_all_gradients` file is what the `@tensorflow/tfjs` union package imports for that;
 * - tfjs's own `Prod` gradient calls the chained `x.reshape(…)`, which only exists once its
 *   chained-op file is imported (we use functional ops everywhere else).
 *
 * The two deep imports are ESM files with extensionless imports inside: vitest and bundlers
 * (vite, esbuild, webpack) load them, plain Node ESM cannot (ERR_MODULE_NOT_FOUND). Node
 * programs should run from a bundle (see docs/toolchain.md).
 */
import { version_core } from '@tensorflow/tfjs-core';
import { version_cpu } from '@tensorflow/tfjs-backend-cpu';
import { version_wasm } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-core/dist/public/chained_ops/reshape.js';

/**
 * The tfjs version, or every package's version when they differ (mixed versions of tfjs-core
 * and its backends are a known source of missing-kernel errors).
 * @example tfjsVersions() // '4.22.0'
 */
export function tfjsVersions(): string {
  if (version_cpu === version_core && version_wasm === version_core) return version_core;
  return `tfjs-core ${version_core}, tfjs-backend-cpu ${version_cpu}, tfjs-backend-wasm ${version_wasm}`;
}
