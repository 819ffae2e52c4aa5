import * as tf from '@tensorflow/tfjs-core';

/** One kernel's share of a profiled call. */
export interface KernelShare {
  /** The tfjs kernel name (`BatchMatMul`, `Multiply`, …). */
  readonly name: string;
  readonly calls: number;
  /** Milliseconds spent inside its calls, as tfjs's profiler timed them. */
  readonly ms: number;
}

/** The kernels one call ran, from `tf.profile`. */
export interface KernelProfile {
  /** Kernel calls in all: on tfjs each costs ≈ 10 µs of fixed overhead (docs/toolchain.md). */
  readonly calls: number;
  /** Milliseconds inside kernels, summed; the rest of a step is JavaScript around them. */
  readonly kernelMs: number;
  /** The kernels that took the most time, most first: where a fused kernel would pay. */
  readonly topKernels: readonly KernelShare[];
  /** The most bytes alive at once during the call. */
  readonly peakBytes: number;
}

/**
 * Runs `f` under `tf.profile` and counts its kernel calls and their time. Unlike the
 * backend's `countKernels`, `f` does not run inside a `tidy`, so a training step's optimiser
 * keeps whatever state it makes, exactly as in an unprofiled step. An async `f` is awaited;
 * only this thread's kernels are seen (a worker thread's tfjs is its own).
 *
 * @example
 * ```ts
 * const { calls, topKernels } = await profileKernels(() => trainer.trainStep());
 * ```
 */
export async function profileKernels(f: () => void | Promise<void>, top = 8): Promise<KernelProfile> {
  const info = await tf.profile(async () => {
    await f();
  });
  const shares = new Map<string, { calls: number; ms: number }>();
  let kernelMs = 0;
  for (const kernel of info.kernels) {
    const ms = typeof kernel.kernelTimeMs === 'number' ? kernel.kernelTimeMs : 0;
    const share = shares.get(kernel.name) ?? { calls: 0, ms: 0 };
    share.calls++;
    share.ms += ms;
    shares.set(kernel.name, share);
    kernelMs += ms;
  }
  const topKernels = [...shares.entries()]
    .map(([name, { calls, ms }]) => ({ name, calls, ms: Math.round(ms * 100) / 100 }))
    .sort((first, second) => second.ms - first.ms || second.calls - first.calls)
    .slice(0, top);
  return { calls: info.kernels.length, kernelMs: Math.round(kernelMs * 100) / 100, topKernels, peakBytes: info.peakBytes };
}
