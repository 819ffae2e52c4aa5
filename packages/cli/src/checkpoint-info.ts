import { isAbsolute, resolve } from 'node:path';
import { CheckpointError, type CheckpointContents, type ModelConfig } from '@ntm/machine';
import { readCheckpointFile } from '@ntm/machine/node';
import type { TaskName } from '@ntm/tasks';
import { checkTrainerMetadata, resolveTrainingConfig, type EvaluationResult, type ResolvedTrainingConfig } from '@ntm/trainer';
import { checkMemoryFits } from './machine-limits.js';
import { UsageError } from './errors.js';
import { parseTaskName } from './task-options.js';

/** What the trainer writes into a checkpoint's metadata (see `Trainer.checkpoint`). */
export interface TrainerState {
  readonly config: ResolvedTrainingConfig;
  readonly step: number;
  readonly sequencesSeen: number;
  readonly nanEvents: number;
  readonly wallSeconds: number;
  readonly lastEvaluation: EvaluationResult | null;
}

/** A checkpoint read from disk, with what `eval` and `show` need to know about it. */
export interface CheckpointInfo {
  /** The path as given. */
  readonly path: string;
  readonly contents: CheckpointContents;
  /** The trainer's state, or null for a checkpoint that holds only a model. */
  readonly trainer: TrainerState | null;
  /** The task the model was trained on (from the trainer's config, or `--task`). */
  readonly task: TaskName;
  /** The task's config overrides the model was trained with. */
  readonly taskConfig: Readonly<Record<string, unknown>>;
}

/**
 * Reads a checkpoint (a missing or corrupt file fails with a `CheckpointError` naming it) and
 * works out its task: from the trainer's config, or from `--task` for a checkpoint that holds
 * only a model. A `--task` that disagrees with the checkpoint is a usage error.
 *
 * @example
 * ```ts
 * const info = readCheckpointInfo('runs/copy/checkpoint.ntm', '/home/me', undefined);
 * info.task; // 'copy'
 * info.trainer?.step; // 12000
 * ```
 */
export function readCheckpointInfo(path: string, cwd: string, taskFlag: string | undefined): CheckpointInfo {
  const requested = taskFlag === undefined ? undefined : parseTaskName(taskFlag);
  const contents = readCheckpointFile(isAbsolute(path) ? path : resolve(cwd, path));
  const trainer = trainerState(contents, path);
  if (trainer) {
    if (requested !== undefined && requested !== trainer.config.task) {
      throw new UsageError(`--task ${requested} does not match checkpoint ${path}, which was trained on ${trainer.config.task}`);
    }
    return { path, contents, trainer, task: trainer.config.task, taskConfig: trainer.config.taskConfig };
  }
  // A model-only export (`ntm convert --model-only`) says what it was trained on.
  const trainedOn = contents.metadata['trainedOn'] as { readonly task?: unknown; readonly taskConfig?: unknown } | undefined;
  if (typeof trainedOn?.task === 'string') {
    const task = parseTaskName(trainedOn.task);
    if (requested !== undefined && requested !== task)
      throw new UsageError(`--task ${requested} does not match checkpoint ${path}, which was trained on ${task}`);
    const taskConfig = trainedOn.taskConfig !== null && typeof trainedOn.taskConfig === 'object' ? (trainedOn.taskConfig as Record<string, unknown>) : {};
    return { path, contents, trainer: null, task, taskConfig };
  }
  if (requested === undefined) {
    throw new UsageError(`checkpoint ${path} holds a model but no training run, so its task is unknown; pass --task`);
  }
  return { path, contents, trainer: null, task: requested, taskConfig: {} };
}

/**
 * Refuses a checkpoint whose model (with its run's batch and held-out sizes, or the defaults for
 * a model alone) this machine cannot hold, before the model is built: the same estimate and
 * limit as `ntm train` (`checkMemoryFits`). The message names the file.
 *
 * @example checkCheckpointFits(readCheckpointInfo('runs/copy/checkpoint.ntm', cwd, undefined), undefined)
 */
export function checkCheckpointFits(info: CheckpointInfo, backend: string | undefined): void {
  let config: ResolvedTrainingConfig;
  try {
    config = info.trainer?.config ?? resolveTrainingConfig({ task: info.task, taskConfig: info.taskConfig, model: info.contents.model });
  } catch (error) {
    throw new CheckpointError(`${info.path} holds an invalid model config: ${(error as Error).message}`);
  }
  try {
    checkMemoryFits(config, { backend });
  } catch (error) {
    throw new CheckpointError(`${info.path} holds a model too large for this machine: ${(error as Error).message}`);
  }
}

/**
 * Checks that a checkpoint's model reads and writes as many channels as the task, so that
 * `--task` naming the wrong task fails with a sentence instead of a shape error mid-run.
 *
 * @example checkModelFitsTask(info, createTask('copy')) // UsageError if the model has not 9 inputs and 8 outputs
 */
export function checkModelFitsTask(info: CheckpointInfo, task: { readonly inputSize: number; readonly outputSize: number }): void {
  const model = info.contents.model as { inputSize?: unknown; outputSize?: unknown };
  if (model.inputSize !== task.inputSize || model.outputSize !== task.outputSize) {
    throw new UsageError(
      `the model in ${info.path} has ${String(model.inputSize)} inputs and ${String(model.outputSize)} outputs, but task ${info.task} ` +
        `(as configured) has ${task.inputSize} and ${task.outputSize}; is --task right?`,
    );
  }
}

/**
 * The trainer's state in a checkpoint's metadata, or null when there is none; its meaning is
 * checked (`checkTrainerMetadata`: a known version, a step ≥ 0, a config of the checkpoint's
 * own model…), and a `CheckpointError` naming `source` and the field says what is wrong.
 * @example trainerState(readCheckpointFile('runs/copy/checkpoint.ntm'), 'runs/copy/checkpoint.ntm')?.step // 12000
 */
export function trainerState(contents: CheckpointContents, source: string): TrainerState | null {
  return checkTrainerMetadata(contents, source);
}

/**
 * A one-line description of a model: `ntm, memory 128×20, lstm controller [100], 1 read / 1 write head`.
 * @example describeModel({ kind: 'lstm', inputSize: 9, outputSize: 8, layerSizes: [256, 256, 256] }) // 'lstm [256, 256, 256]'
 */
export function describeModel(model: ModelConfig): string {
  if (model.kind === 'lstm') return `lstm [${model.layerSizes.join(', ')}]`;
  const memory = model.memory ?? {};
  const controller = model.controller ?? { kind: 'lstm', layerSizes: [100] };
  const layers = controller.kind === 'lstm' ? controller.layerSizes : controller.hiddenSizes;
  const reads = model.heads?.readHeads ?? 1;
  const writes = model.heads?.writeHeads ?? 1;
  return `ntm, memory ${memory.slots ?? 128}×${memory.wordSize ?? 20}, ${controller.kind} controller [${layers.join(', ')}], ${reads} read / ${writes} write head${reads + writes > 2 ? 's' : ''}`;
}
