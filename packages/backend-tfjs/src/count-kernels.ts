import * as tf from '@tensorflow/tfjs-core';
import type { TensorContainer } from '@ntm/backend';

/** How many kernels a function ran, in all and per kernel name. */
export interface KernelCount {
  readonly kernelCalls: number;
  readonly byKernel: Record<string, number>;
}

/**
 * Runs `f` under `tf.profile` and counts its kernel calls. Every tensor `f` makes is freed
 * afterwards, its result included: only the count comes back.
 *
 * @example
 * ```ts
 * await countTfjsKernels(() => tf.add(tf.mul(a, b), c)); // { kernelCalls: 2, byKernel: { Multiply: 1, Add: 1 } }
 * ```
 */
export async function countTfjsKernels(f: () => TensorContainer): Promise<KernelCount> {
  const profile = await tf.profile(() => {
    // Returning nothing from the tidy frees f's result with everything else.
    tf.tidy(() => {
      f();
    });
  });
  const byKernel: Record<string, number> = {};
  for (const kernel of profile.kernels) byKernel[kernel.name] = (byKernel[kernel.name] ?? 0) + 1;
  return { kernelCalls: profile.kernels.length, byKernel };
}
