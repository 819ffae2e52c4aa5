import type { NtmBackend, Tensor } from '@ntm/backend';
import type { Batch } from './batch.js';

/**
 * A batch's arrays as backend tensors, same shapes (time-major).
 * @example const { inputs } = batchToTensors(backend, batch); // inputs.shape = [T, B, inputSize]
 */
export interface BatchTensors {
  /** `[T, B, inputSize]` */
  readonly inputs: Tensor;
  /** `[T, B, outputSize]` */
  readonly targets: Tensor;
  /** `[T, B]` */
  readonly mask: Tensor;
}

/**
 * Uploads a batch to a backend. The caller owns the three tensors (dispose them, or create
 * them inside `backend.tidy`).
 *
 * @example
 * ```ts
 * const batch = createCopyTask().sample(new Random(1), 32);
 * const { inputs, targets, mask } = batchToTensors(backend, batch); // [T, 32, 9], [T, 32, 8], [T, 32]
 * ```
 */
export function batchToTensors(backend: NtmBackend, batch: Batch): BatchTensors {
  const { steps, batchSize, inputSize, outputSize } = batch.shape;
  return {
    inputs: backend.tensor(batch.inputs, [steps, batchSize, inputSize]),
    targets: backend.tensor(batch.targets, [steps, batchSize, outputSize]),
    mask: backend.tensor(batch.mask, [steps, batchSize]),
  };
}
