import * as tf from '@tensorflow/tfjs-core';

/** The kernels one call ran, from `tf.profile`. */
export interface KernelProfile {
  /** Kernel calls in all: on tfjs each costs ≈ 10 µs of fixed overhead (TOOLCHAIN.md). */
  readonly calls: number;
  /** The most called kernels, most first (at most `top` of them). */
  readonly topKernels: Readonly<Record<string, number>>;
  /** The most bytes alive at once during the call. */
  readonly peakBytes: number;
}

/**
 * Runs `f` under `tf.profile` and counts its kernel calls. Unlike the backend's
 * `countKernels`, `f` does not run inside a `tidy`, so a training step's optimiser keeps
 * whatever state it makes, exactly as in an unprofiled step.
 *
 * @example
 * ```ts
 * const { calls, topKernels } = await profileKernels(() => trainer.trainStep());
 * ```
 */
export async function profileKernels(f: () => void, top = 8): Promise<KernelProfile> {
  const info = await tf.profile(() => {
    f();
  });
  const counts = new Map<string, number>();
  for (const kernel of info.kernels) counts.set(kernel.name, (counts.get(kernel.name) ?? 0) + 1);
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, top);
  return { calls: info.kernels.length, topKernels: Object.fromEntries(sorted), peakBytes: info.peakBytes };
}
