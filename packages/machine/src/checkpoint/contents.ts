/** One tensor in a checkpoint. */
export interface CheckpointTensor {
  /** `parameters/<path>` for model parameters, `optimizer/<slot>` for optimiser state. */
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** What a checkpoint holds, decoded. */
export interface CheckpointContents {
  /** The model's config (a `ModelConfig`), as JSON. */
  readonly model: unknown;
  readonly tensors: readonly CheckpointTensor[];
  /** Free-form JSON: the trainer's step, RNG state, optimiser config, … */
  readonly metadata: Readonly<Record<string, unknown>>;
}

/**
 * Thrown for a file that is not a valid checkpoint; the message says what is wrong.
 *
 * @example
 * ```ts
 * try {
 *   decodeCheckpoint(bytes, 'copy.ntm');
 * } catch (error) {
 *   if (!(error instanceof CheckpointError)) throw error;
 *   console.error(error.message); // e.g. "copy.ntm is corrupt: its tensors and metadata have CRC-32 …, the file says …"
 * }
 * ```
 */
export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
}
