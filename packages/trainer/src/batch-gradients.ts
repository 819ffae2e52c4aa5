import type { Tensor } from '@ntm/backend';
import type { SequenceModel } from '@ntm/machine';
import { batchToTensors, bitErrorsPerSequence, type Batch } from '@ntm/tasks';
import { sequenceLossBits } from './loss.js';

/** What one forward and backward pass over a batch gives. The caller owns `gradients`. */
export interface BatchGradients {
  /** The training loss of the batch: bits per sequence, averaged over its sequences. */
  readonly cost: number;
  /** Bit errors per sequence of the batch's outputs, averaged over its sequences. */
  readonly bitErrors: number;
  /** d cost / d parameter, one per trainable parameter, in `model.parameters.trainable()` order. */
  readonly gradients: Tensor[];
}

/**
 * The gradients of the training loss on one batch (or one shard of a batch) at the model's
 * current weights: the forward pass, `sequenceLossBits`, backpropagation through time, and the
 * cost and bit-error figures of the same forward pass. Changes no weight. Both the trainer's
 * single-thread step and every data-parallel gradient worker call it, so the two cannot drift.
 *
 * @example
 * ```ts
 * const { cost, bitErrors, gradients } = computeBatchGradients(model, batch);
 * backend.dispose(gradients);
 * ```
 */
export function computeBatchGradients(model: SequenceModel, batch: Batch): BatchGradients {
  const { backend } = model;
  const variables = model.parameters.trainable().map((parameter) => parameter.variable);
  // The forward pass's probabilities, kept out of the gradient scope for the bit-error metric.
  const kept: { probabilities?: Tensor } = {};
  const { value, gradients } = backend.tidy(() => {
    const { inputs, targets, mask } = batchToTensors(backend, batch);
    return backend.variableGradients(() => {
      const logits = model.run(inputs).logits; // [time, batch, outputs]
      kept.probabilities = backend.keep(backend.sigmoid(logits));
      return sequenceLossBits(backend, logits, targets, mask);
    }, variables);
  });
  const cost = backend.readSync(value)[0] as number;
  const probabilities = kept.probabilities as Tensor; // set by the forward pass above
  const bitErrors = bitErrorsPerSequence(backend.readSync(probabilities), batch).mean;
  backend.dispose([value, probabilities]);
  return { cost, bitErrors, gradients };
}
