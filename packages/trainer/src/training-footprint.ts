import { modelParameterCount, resolveModelConfig } from '@ntm/machine';
import { createTask, type Task } from '@ntm/tasks';
import type { ResolvedTrainingConfig } from './training-config.js';

/** What {@link estimateTrainingFootprint} estimates a training run needs. */
export interface TrainingFootprint {
  /** Trainable parameters of the model. */
  readonly parameters: number;
  /** Bytes of the weights, their gradients, the optimiser's slots and the copies the NaN guard and a checkpoint keep. */
  readonly stateBytes: number;
  /** Bytes of one step: its batch and the activations backpropagation through time keeps for it. */
  readonly stepBytes: number;
  /** Bytes of the held-out set and of one evaluation batch's forward pass. */
  readonly evaluationBytes: number;
  /** The sum of the three. */
  readonly totalBytes: number;
  /** Floating-point operations of one training step, forward and backward (a rough count). */
  readonly stepFlops: number;
}

const BYTES_PER_FLOAT = 4;
/**
 * Copies of the parameters a trainer holds at once: the weights, the gradient and the clipped
 * gradient, up to three optimiser slots (RMSProp), the NaN guard's last good weights and slots
 * (four), and the checkpoint's copy being encoded (two: the values and the file's bytes).
 */
const STATE_COPIES = 12;
/**
 * Activations are kept once for the backward pass, then met again by their gradients and the
 * kernel's workspace: three times the forward values.
 */
const ACTIVATION_COPIES = 3;

/**
 * Estimates, from the config alone and before anything is allocated, the memory a training run
 * needs and the work of one step, so that sizes no machine can hold (a batch of a billion, a
 * memory of 10⁸ slots, a million bits per vector) are refused up front instead of failing (or
 * swapping) minutes later. The estimate errs high: every count is an upper bound of what the
 * model and the whole-sequence kernel keep. Against tfjs-wasm's heap after two steps and an
 * evaluation of the paper's NTM-LSTM (a 2-core x86 machine): copy at batch 32 used 79 MiB
 * (estimate 116 MiB), at batch 256 565 MiB (896 MiB); dynamic-ngrams at batch 32 372 MiB (557 MiB).
 *
 * @example
 * ```ts
 * const footprint = estimateTrainingFootprint(resolveTrainingConfig({ task: 'copy' }));
 * footprint.totalBytes; // ≈ 120 MB for the paper's copy NTM at batch 32 (an upper bound)
 * ```
 */
export function estimateTrainingFootprint(config: ResolvedTrainingConfig): TrainingFootprint {
  const task = createTask(config.task, config.taskConfig as never) as Task;
  const model = resolveModelConfig(config.model);
  const parameters = modelParameterCount(config.model);
  const steps = task.maxSteps;
  const channels = task.inputSize + task.outputSize + 1; // inputs, targets and the mask
  let perStep: number; // floats kept per sequence and time step
  let memoryWork = 0; // multiply-adds per sequence and time step outside the dense layers
  let carried = 0; // floats per sequence carried from step to step (an evaluation keeps only these)
  if (model.kind === 'lstm') {
    perStep = model.layerSizes.reduce((sum, size) => sum + 6 * size, 0);
    carried = model.layerSizes.reduce((sum, size) => sum + 2 * size, 0);
  } else {
    const { slots, wordSize } = model.memory;
    const heads = model.heads.readHeads + model.heads.writeHeads;
    const controller =
      model.controller.kind === 'lstm'
        ? model.controller.layerSizes.reduce((sum, size) => sum + 6 * size, 0)
        : model.controller.hiddenSizes.reduce((sum, size) => sum + 2 * size, 0);
    // The memory before and after the write, each head's weightings (content, gated, shifted,
    // sharpened and their normalisers), the heads' outputs and the read vectors.
    perStep = 2 * slots * wordSize + heads * 6 * slots + heads * (3 * wordSize + 2 * model.heads.shiftRadius + 6) + controller;
    memoryWork = heads * slots * wordSize * 4 + model.heads.writeHeads * slots * wordSize * 3;
    carried = slots * wordSize + heads * slots + model.heads.readHeads * wordSize + controller;
  }
  const sequences = config.batchSize;
  const stepBytes = BYTES_PER_FLOAT * sequences * steps * (channels + ACTIVATION_COPIES * (perStep + task.outputSize));
  const evaluationBatch = Math.min(config.evaluation.sequences, Math.max(config.batchSize, 64));
  const evaluationBytes = BYTES_PER_FLOAT * (config.evaluation.sequences * steps * channels + evaluationBatch * (steps * task.outputSize + 2 * carried));
  const stateBytes = BYTES_PER_FLOAT * STATE_COPIES * parameters;
  // Forward and backward: two multiply-adds per weight for the forward product, four for its
  // gradients, for every sequence and time step (the dense layers hold nearly every weight).
  const stepFlops = sequences * steps * (6 * parameters + 3 * 2 * memoryWork);
  return { parameters, stateBytes, stepBytes, evaluationBytes, totalBytes: stateBytes + stepBytes + evaluationBytes, stepFlops };
}
