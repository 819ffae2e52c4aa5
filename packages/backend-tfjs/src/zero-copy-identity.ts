import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * tfjs-wasm's `Identity` without the copy: the output shares the input's storage, counted by
 * the backend's reference count (as tfjs-cpu's `Identity` and tfjs-wasm's own `Reshape` do).
 *
 * Why: tfjs clones (runs `Identity` on) every tensor a gradient saves, and tfjs-wasm's version
 * copies the data. An NTM training step saves ≈ 1,300 tensors, among them every memory state
 * (B × N × M floats each): ≈ 50 MB copied per step for nothing, as tfjs tensors are immutable.
 */
const zeroCopyIdentity: tf.KernelFunc = ({ inputs, backend }) => {
  const x = inputs['x'] as tf.TensorInfo;
  (backend as BackendWasm).incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
};

/**
 * Installs {@link zeroCopyIdentity} as the `wasm` backend's `Identity` kernel (once per process;
 * tfjs keeps one kernel registry per process). String tensors keep tfjs's own kernel.
 *
 * @example registerZeroCopyIdentity(); tf.clone(x); // shares x's storage on wasm
 */
export function registerZeroCopyIdentity(): void {
  const existing = tf.getKernel(tf.Identity, 'wasm');
  if (existing?.kernelFunc === identityWithStrings) return;
  stockIdentity = existing?.kernelFunc ?? null;
  if (existing !== undefined) tf.unregisterKernel(tf.Identity, 'wasm');
  tf.registerKernel({ kernelName: tf.Identity, backendName: 'wasm', kernelFunc: identityWithStrings });
}

let stockIdentity: tf.KernelFunc | null = null;

/** Strings live outside the WASM heap: tfjs's own kernel handles them. */
const identityWithStrings: tf.KernelFunc = (args) => {
  const x = args.inputs['x'] as tf.TensorInfo;
  if (x.dtype === 'string' && stockIdentity !== null) return stockIdentity(args);
  return zeroCopyIdentity(args);
};
