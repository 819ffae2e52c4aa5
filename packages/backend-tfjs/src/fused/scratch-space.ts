/**
 * Reusable float64 working memory for the fused kernels' loops.
 *
 * Why: a fused kernel needs a dozen short float64 rows (norms, w^c, w^g, w~, their gradients)
 * and runs thousands of times per training step; allocating them per call would churn the
 * garbage collector for nothing. The kernels are synchronous and never nested, so one growing
 * buffer, carved up again by every call, is safe.
 *
 * @example
 * ```ts
 * const scratch = new ScratchSpace();
 * scratch.reserve(2 * slots);
 * const norms = scratch.take(slots);
 * const gradients = scratch.take(slots);
 * ```
 */
export class ScratchSpace {
  private buffer = new Float64Array(1024);
  private used = 0;

  /**
   * Starts a kernel call: forgets earlier carvings and guarantees `total` doubles, so that
   * every {@link take} of this call comes from one buffer (growing later would detach the
   * rows already handed out).
   *
   * @example scratch.reserve(3 * slots); const a = scratch.take(slots);
   */
  reserve(total: number): void {
    if (total > this.buffer.length) this.buffer = new Float64Array(Math.max(total, 2 * this.buffer.length));
    this.used = 0;
  }

  /**
   * A row of `length` doubles from the reserved space. Its contents are whatever the last call
   * left there: fill it before reading.
   *
   * @example const norms = scratch.take(slots); // Float64Array view of length `slots`
   */
  take(length: number): Float64Array {
    const start = this.used;
    this.used += length;
    if (this.used > this.buffer.length) {
      throw new Error(`ScratchSpace: asked for ${this.used} doubles in all but only ${this.buffer.length} were reserved`);
    }
    return this.buffer.subarray(start, start + length);
  }
}
