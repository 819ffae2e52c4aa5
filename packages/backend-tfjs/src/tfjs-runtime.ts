/**
 * Loads everything TensorFlow.js needs before this package can run an op, in one place.
 *
 * Why each import:
 * - the cpu and wasm packages register their kernels and their `tf.setBackend` names;
 * - tfjs-core alone registers no gradients ("gradient function not found for Add"): the
 *   `register_all_gradients` file is what the `@tensorflow/tfjs` union package imports for that;
 * - tfjs's own `Prod` gradient calls the chained `x.reshape(…)`, which only exists once its
 *   chained-op file is imported (we use functional ops everywhere else).
 *
 * The two deep imports are ESM files with extensionless imports inside: vitest and bundlers
 * (vite, esbuild, webpack) load them, plain Node ESM cannot (ERR_MODULE_NOT_FOUND). Node
 * programs should run from a bundle (see TOOLCHAIN.md).
 */
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-core/dist/public/chained_ops/reshape.js';

/** Marker that this module ran; importing it is what matters. */
export const tfjsRuntimeLoaded = true;
