/**
 * A picture-ready record of an episode: every step's internals read back to plain arrays
 * (row-major, shapes beside each field), for `ntm show`, the docs app and tests.
 */

/** One head group's parameters at one step (activations applied). */
export interface HeadParametersTrace {
  readonly key: Float32Array; // [batch, heads, wordSize]
  readonly keyStrength: Float32Array; // [batch, heads]
  readonly interpolationGate: Float32Array; // [batch, heads]
  readonly shiftWeighting: Float32Array; // [batch, heads, 2n + 1]
  readonly sharpening: Float32Array; // [batch, heads]
  readonly erase?: Float32Array; // [batch, heads, wordSize] (write heads)
  readonly add?: Float32Array; // [batch, heads, wordSize] (write heads)
}

/** One step of an episode. */
export interface StepTrace {
  readonly input: Float32Array; // [batch, inputSize]
  /** sigmoid of the logits: bit probabilities. */
  readonly output: Float32Array; // [batch, outputSize]
  /** Memory after the step. */
  readonly memory?: Float32Array; // [batch, slots, wordSize]
  readonly readWeighting?: Float32Array; // [batch, readHeads, slots]
  readonly writeWeighting?: Float32Array; // [batch, writeHeads, slots]
  readonly readVectors?: Float32Array; // [batch, readHeads, wordSize]
  readonly readHeads?: HeadParametersTrace;
  readonly writeHeads?: HeadParametersTrace;
}

/** Every step of an episode, with the sizes needed to index the arrays. */
export interface EpisodeTrace {
  readonly batchSize: number;
  readonly inputSize: number;
  readonly outputSize: number;
  /** NTM only. */
  readonly slots?: number;
  readonly wordSize?: number;
  readonly readHeads?: number;
  readonly writeHeads?: number;
  readonly steps: readonly StepTrace[];
}

/**
 * The rows of one batch element's weighting over time: `[time][slots]` for one head.
 *
 * @example
 * ```ts
 * const writes = weightingOverTime(trace, 'writeWeighting', 0, 0); // draw as a heat map
 * ```
 */
export function weightingOverTime(trace: EpisodeTrace, field: 'readWeighting' | 'writeWeighting', batchIndex: number, head: number): number[][] {
  const slots = trace.slots ?? 0;
  const heads = (field === 'readWeighting' ? trace.readHeads : trace.writeHeads) ?? 0;
  const kind = field === 'readWeighting' ? 'read' : 'write';
  if (slots === 0 || heads === 0) {
    throw new RangeError(`weightingOverTime: the trace has no ${kind} weightings (a trace of an LSTM baseline has no memory)`);
  }
  if (!Number.isInteger(head) || head < 0 || head >= heads) {
    throw new RangeError(`weightingOverTime: head must be an integer in 0..${heads - 1} (the trace has ${heads} ${kind} heads), got ${head}`);
  }
  if (!Number.isInteger(batchIndex) || batchIndex < 0 || batchIndex >= trace.batchSize) {
    throw new RangeError(`weightingOverTime: batchIndex must be an integer in 0..${trace.batchSize - 1}, got ${batchIndex}`);
  }
  return trace.steps.map((step) => {
    const values = step[field] as Float32Array;
    const start = (batchIndex * heads + head) * slots;
    return Array.from(values.subarray(start, start + slots));
  });
}
