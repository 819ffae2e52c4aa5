/**
 * The demo's model: an NTM loaded from a checkpoint of any of the paper's tasks, and one traced
 * episode of it. The task and its settings come from the checkpoint's training config (for a
 * model-only export, from what it says it was trained on), and the sizes from its model config,
 * so any checkpoint works: a shipped one, one from `ntm train`,
 * one trained on the training page.
 */
import type { NtmBackend } from '@ntm/backend';
import { decodeCheckpoint, loadModel, type CheckpointContents, type EpisodeTrace, type ResolvedNtmConfig, type SequenceModel } from '@ntm/machine';
import { Random } from '@ntm/random';
import {
  batchToTensors,
  bitErrorsPerSequence,
  bitsPerSequence,
  configAtEpisodeSize,
  createTask,
  EPISODE_SIZE_FIELDS,
  TASK_NAMES,
  type Batch,
  type Task,
  type TaskName,
} from '@ntm/tasks';

/** What the demo knows about the loaded model. */
export interface DemoModel {
  readonly model: SequenceModel;
  readonly config: ResolvedNtmConfig;
  readonly task: TaskName;
  /** The task's settings as trained (the checkpoint's overrides of the paper's). */
  readonly taskConfig: Readonly<Record<string, unknown>>;
  /** The task as trained, for its channel layout and generator. */
  readonly trainedTask: Task;
  /** The largest episode size it was trained on (length, or items for recall); null for a task of fixed size. */
  readonly trainedSize: number | null;
  /** Training sequences, when the checkpoint holds a trainer's state. */
  readonly trainedSequences: number | null;
  readonly source: string;
}

/** How well the model did on one episode, by the task's own metrics. */
export interface EpisodeScore {
  /** Output bits on the scored steps that differ from the target after thresholding at 0.5 (the paper's "bit errors per sequence"). */
  readonly bitErrors: number;
  /** The cost, binary cross-entropy in bits, as the trainer measures it. */
  readonly costBits: number;
  /** Output bits the episode scores: scored steps × output channels. */
  readonly scoredBits: number;
  /** Every scored bit right. */
  readonly correct: boolean;
}

/** One episode run with a trace, scored. */
export interface DemoEpisode {
  readonly steps: number;
  readonly inputSize: number;
  readonly outputSize: number;
  /** `[steps · inputSize]`, time-major. */
  readonly inputs: Float32Array;
  /** `[steps · outputSize]`, time-major. */
  readonly targets: Float32Array;
  /** `[steps]`: 1 on the steps whose outputs are scored. */
  readonly mask: Float32Array;
  /** Output probabilities, `[steps · outputSize]`, time-major. */
  readonly outputs: Float32Array;
  readonly trace: EpisodeTrace;
  readonly score: EpisodeScore;
  /** The batch it ran, for the figure's panels (`episodePanels` of `@ntm/figures`) and the task's annotations. */
  readonly batch: Batch;
}

interface TrainerMetadata {
  readonly config?: { readonly task?: string; readonly taskConfig?: Record<string, unknown> };
  readonly sequencesSeen?: number;
}

/**
 * Decodes a checkpoint and loads its model, checking that it is an NTM whose channels fit its
 * task. A model alone that does not say its task is taken as a copy model.
 *
 * @example const demo = loadDemoModel(backend, new Uint8Array(await response.arrayBuffer()), 'repeat-copy.ntm');
 */
export function loadDemoModel(backend: NtmBackend, bytes: Uint8Array, source: string): DemoModel {
  const contents: CheckpointContents = decodeCheckpoint(bytes, source);
  const config = contents.model as { kind?: string; inputSize?: number; outputSize?: number };
  if (config?.kind !== 'ntm') {
    throw new Error(`${source} holds a model of kind ${JSON.stringify(config?.kind)}; the demo shows an NTM (kind "ntm")`);
  }
  const trainer = contents.metadata['trainer'] as TrainerMetadata | undefined;
  // A model-only export (`ntm convert --model-only`) says what it was trained on.
  const trainedOn = contents.metadata['trainedOn'] as TrainerMetadata['config'] | undefined;
  const task = (trainer?.config?.task ?? trainedOn?.task ?? 'copy') as TaskName;
  if (!TASK_NAMES.includes(task)) throw new Error(`${source} was trained on ${JSON.stringify(task)}; the demo runs ${TASK_NAMES.join(', ')}`);
  const taskConfig = trainer?.config?.taskConfig ?? trainedOn?.taskConfig ?? (task === 'copy' ? { bits: config.outputSize ?? 1 } : {});
  const trainedTask = createTask(task, taskConfig as never) as Task;
  if (config.inputSize !== trainedTask.inputSize || config.outputSize !== trainedTask.outputSize) {
    throw new Error(
      `${source}'s model has inputSize ${config.inputSize} and outputSize ${config.outputSize}; ` +
        `its task (${trainedTask.describe()}) has ${trainedTask.inputSize} and ${trainedTask.outputSize}`,
    );
  }
  const model = loadModel(backend, contents, source);
  const sizeField = EPISODE_SIZE_FIELDS[task]?.maximum;
  const trainedSize = sizeField === undefined ? null : ((trainedTask.config as Record<string, unknown>)[sizeField] as number);
  return {
    model,
    config: model.config as ResolvedNtmConfig,
    task,
    taskConfig,
    trainedTask,
    trainedSize,
    trainedSequences: typeof trainer?.sequencesSeen === 'number' ? trainer.sequencesSeen : null,
    source,
  };
}

/**
 * One episode drawn by the task's own generator, at a given size (null: the sizes it was
 * trained on), so seed s gives the episode `ntm show --seed s` draws.
 *
 * @example const batch = sampleEpisode(demo, 3, 12); // recall with 12 items, or copy of length 12
 */
export function sampleEpisode(demo: DemoModel, seed: number, size: number | null): Batch {
  const task =
    size === null || EPISODE_SIZE_FIELDS[demo.task] === undefined
      ? demo.trainedTask
      : (createTask(demo.task, configAtEpisodeSize(demo.task, demo.taskConfig, size) as never) as Task);
  return task.sample(new Random(seed), 1);
}

/**
 * Runs a one-episode batch with `trace: true` and scores it.
 *
 * @example
 * ```ts
 * const episode = runDemoEpisode(demo, sampleEpisode(demo, 1, null));
 * episode.score.correct; // true for a trained model
 * episode.trace.steps[2]?.writeWeighting; // [1, writeHeads, slots]
 * ```
 */
export function runDemoEpisode(demo: DemoModel, batch: Batch): DemoEpisode {
  const { model } = demo;
  const backend = model.backend;
  const captured: { trace?: EpisodeTrace } = {};
  // Only tensors go through tidy: the trace is plain arrays, already read back.
  const probabilities = backend.tidy(() => {
    const { inputs } = batchToTensors(backend, batch);
    const result = model.run(inputs, { trace: true });
    captured.trace = result.trace;
    return backend.sigmoid(result.logits); // [steps, 1, outputSize]
  });
  const outputs = Float32Array.from(backend.readSync(probabilities));
  backend.dispose(probabilities);
  const trace = captured.trace;
  if (!trace) throw new Error('runDemoEpisode: the model returned no trace');
  return {
    steps: batch.shape.steps,
    inputSize: batch.shape.inputSize,
    outputSize: batch.shape.outputSize,
    inputs: batch.inputs,
    targets: batch.targets,
    mask: batch.mask,
    outputs,
    trace,
    score: scoreEpisode(outputs, batch),
    batch,
  };
}

/**
 * Scores a model's outputs on a one-episode batch with the task's own metrics.
 *
 * @example scoreEpisode(probabilities, copyBatch(sequence, 8)).correct // true when every scored bit matches
 */
export function scoreEpisode(probabilities: Float32Array, batch: Batch): EpisodeScore {
  const { steps, outputSize } = batch.shape;
  if (probabilities.length !== steps * outputSize) {
    throw new RangeError(`scoreEpisode: probabilities has ${probabilities.length} values, expected steps × outputs = ${steps * outputSize}`);
  }
  const bitErrors = bitErrorsPerSequence(probabilities, batch).mean;
  const scoredSteps = batch.mask.reduce((total, value) => total + (value > 0 ? 1 : 0), 0);
  return { bitErrors, costBits: bitsPerSequence(probabilities, batch).mean, scoredBits: scoredSteps * outputSize, correct: bitErrors === 0 };
}

/**
 * The outputs thresholded at 0.5 on the scored steps: `[scored steps][outputSize]` (for copy,
 * the recalled sequence).
 *
 * @example thresholdedOutputs(episode) // [[1, 0, 1, …], …]
 */
export function thresholdedOutputs(episode: DemoEpisode): number[][] {
  const rows: number[][] = [];
  for (let step = 0; step < episode.steps; step++) {
    if (!((episode.mask[step] as number) > 0)) continue;
    rows.push(Array.from(episode.outputs.subarray(step * episode.outputSize, (step + 1) * episode.outputSize), (p) => (p >= 0.5 ? 1 : 0)));
  }
  return rows;
}
