import type { NtmBackend } from '@ntm/backend';
import type { ModelConfig } from '../config.js';
import { createModel, type CreateModelOptions } from '../create-model.js';
import type { SequenceModel } from '../sequence-model.js';
import { CheckpointError, type CheckpointContents, type CheckpointTensor } from './contents.js';

const parameterPrefix = 'parameters/';

/**
 * A model's config and every parameter (trainable or frozen), read back from the backend,
 * ready for {@link encodeCheckpoint}. `extraTensors` and `metadata` carry a trainer's state.
 *
 * @example
 * ```ts
 * const bytes = encodeCheckpoint(modelCheckpoint(model, { metadata: { step: 500 } }));
 * ```
 */
export function modelCheckpoint(
  model: SequenceModel,
  extras: { readonly extraTensors?: readonly CheckpointTensor[]; readonly metadata?: Record<string, unknown> } = {},
): CheckpointContents {
  const tensors: CheckpointTensor[] = model.parameters.list().map(({ path, variable }) => ({
    name: parameterPrefix + path,
    shape: [...variable.shape],
    values: Float32Array.from(model.backend.readSync(variable)),
  }));
  return { model: model.config, tensors: [...tensors, ...(extras.extraTensors ?? [])], metadata: extras.metadata ?? {} };
}

/**
 * Builds the model a checkpoint describes and loads its weights. Every parameter the config
 * creates must be in the checkpoint with the same shape, and nothing else under `parameters/`
 * may be, so a checkpoint from a different model fails with the parameter's name.
 *
 * @example
 * ```ts
 * const model = loadModel(backend, decodeCheckpoint(bytes));
 * ```
 */
export function loadModel(
  backend: NtmBackend,
  contents: CheckpointContents,
  source = 'checkpoint',
  options: Pick<CreateModelOptions, 'controller'> = {},
): SequenceModel {
  let model: SequenceModel;
  try {
    model = createModel(backend, contents.model as ModelConfig, options);
  } catch (error) {
    throw new CheckpointError(`${source} holds an invalid model config: ${(error as Error).message}`);
  }
  try {
    const saved = new Map(contents.tensors.filter((t) => t.name.startsWith(parameterPrefix)).map((t) => [t.name.slice(parameterPrefix.length), t]));
    for (const { path, variable } of model.parameters.list()) {
      const tensor = saved.get(path);
      if (!tensor) throw new CheckpointError(`${source} has no values for parameter ${path} of its model`);
      if (tensor.shape.length !== variable.shape.length || tensor.shape.some((size, axis) => size !== variable.shape[axis])) {
        throw new CheckpointError(`${source}: parameter ${path} has shape [${tensor.shape.join(', ')}] but the model expects [${variable.shape.join(', ')}]`);
      }
      const value = backend.tensor(tensor.values, tensor.shape);
      variable.assign(value);
      backend.dispose(value);
      saved.delete(path);
    }
    if (saved.size > 0) throw new CheckpointError(`${source} has parameters its model does not: ${[...saved.keys()].join(', ')}`);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}

/**
 * A checkpoint with the model only, for sharing: its config and parameters, without the
 * optimiser's state or the trainer's (so it cannot be resumed, and is about a third the size
 * of an Adam run's checkpoint). Provenance that explains the weights (the task and its
 * settings, steps and sequences seen) is kept under `metadata.trainedOn`.
 *
 * @example saveCheckpointFile('copy-model.ntm', modelOnly(readCheckpointFile('runs/copy/checkpoint.ntm')));
 */
export function modelOnly(contents: CheckpointContents): CheckpointContents {
  const trainer = contents.metadata['trainer'] as
    | {
        readonly config?: { readonly task?: unknown; readonly taskConfig?: unknown; readonly seed?: unknown };
        readonly step?: unknown;
        readonly sequencesSeen?: unknown;
      }
    | undefined;
  const trainedOn =
    trainer === undefined
      ? (contents.metadata['trainedOn'] ?? null)
      : {
          task: trainer.config?.task ?? null,
          taskConfig: trainer.config?.taskConfig ?? null,
          seed: trainer.config?.seed ?? null,
          step: trainer.step ?? null,
          sequencesSeen: trainer.sequencesSeen ?? null,
        };
  return {
    model: contents.model,
    tensors: contents.tensors.filter((tensor) => tensor.name.startsWith(parameterPrefix)),
    metadata: trainedOn === null ? {} : { trainedOn },
  };
}
