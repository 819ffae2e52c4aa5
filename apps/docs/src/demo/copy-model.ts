/**
 * The demo's model: a copy-task NTM loaded from a checkpoint, and one traced episode of it.
 * Sizes come from the checkpoint's model config, so any copy checkpoint works (the shipped
 * one, the dev one, one from `ntm train copy`, one trained on the training page).
 */
import type { NtmBackend } from '@ntm/backend';
import { decodeCheckpoint, loadModel, type CheckpointContents, type EpisodeTrace, type ResolvedNtmConfig, type SequenceModel } from '@ntm/machine';
import { batchToTensors } from '@ntm/tasks';
import { copyBatch, scoreCopy, type BitSequence, type CopyScore } from './copy-episode.js';

/** What the demo knows about the loaded model. */
export interface CopyModel {
  readonly model: SequenceModel;
  readonly config: ResolvedNtmConfig;
  /** Bits per vector: the model's output size. */
  readonly bits: number;
  /** The longest sequence it was trained on (its training config's copy `maxLength`; 20, the paper's, when the checkpoint does not say). */
  readonly trainedMaxLength: number;
  /** Training steps and sequences, when the checkpoint holds a trainer's state. */
  readonly trainedSequences: number | null;
  readonly source: string;
}

/** One episode run with a trace, scored. */
export interface CopyEpisode {
  readonly sequence: BitSequence;
  readonly steps: number;
  /** `[steps · (bits + 1)]`, time-major. */
  readonly inputs: Float32Array;
  /** `[steps · bits]`, time-major. */
  readonly targets: Float32Array;
  /** Output probabilities, `[steps · bits]`, time-major. */
  readonly outputs: Float32Array;
  readonly trace: EpisodeTrace;
  readonly score: CopyScore;
}

interface TrainerMetadata {
  readonly config?: { readonly task?: string; readonly taskConfig?: Record<string, unknown> };
  readonly sequencesSeen?: number;
}

/**
 * Decodes a checkpoint and loads its model, checking that it is an NTM with the copy task's
 * channels (`inputSize` = `outputSize` + 1).
 *
 * @example const copy = loadCopyModel(backend, new Uint8Array(await response.arrayBuffer()), 'copy.ntm');
 */
export function loadCopyModel(backend: NtmBackend, bytes: Uint8Array, source: string): CopyModel {
  const contents: CheckpointContents = decodeCheckpoint(bytes, source);
  const config = contents.model as { kind?: string; inputSize?: number; outputSize?: number };
  if (config?.kind !== 'ntm') {
    throw new Error(`${source} holds a model of kind ${JSON.stringify(config?.kind)}; the demo shows an NTM (kind "ntm")`);
  }
  const trainer = contents.metadata['trainer'] as TrainerMetadata | undefined;
  const task = trainer?.config?.task;
  if (task !== undefined && task !== 'copy') throw new Error(`${source} was trained on ${task}; the demo runs the copy task`);
  if (config.inputSize !== (config.outputSize ?? 0) + 1) {
    throw new Error(
      `${source}'s model has inputSize ${config.inputSize} and outputSize ${config.outputSize}; a copy model has one input more than outputs (the delimiter)`,
    );
  }
  const model = loadModel(backend, contents, source);
  const maxLength = trainer?.config?.taskConfig?.['maxLength'];
  return {
    model,
    config: model.config as ResolvedNtmConfig,
    bits: model.config.outputSize,
    trainedMaxLength: typeof maxLength === 'number' ? maxLength : 20,
    trainedSequences: typeof trainer?.sequencesSeen === 'number' ? trainer.sequencesSeen : null,
    source,
  };
}

/**
 * Runs one copy episode with `trace: true` and scores it.
 *
 * @example
 * ```ts
 * const episode = runCopyEpisode(copy, [[1, 0, 1, 1, 0, 0, 1, 0]]);
 * episode.score.correct; // true for a trained model
 * episode.trace.steps[2]?.writeWeighting; // [1, writeHeads, slots]
 * ```
 */
export function runCopyEpisode(copy: CopyModel, sequence: BitSequence): CopyEpisode {
  const { model } = copy;
  const backend = model.backend;
  const batch = copyBatch(sequence, copy.bits);
  const captured: { trace?: EpisodeTrace } = {};
  // Only tensors go through tidy: the trace is plain arrays, already read back.
  const probabilities = backend.tidy(() => {
    const { inputs } = batchToTensors(backend, batch);
    const result = model.run(inputs, { trace: true });
    captured.trace = result.trace;
    return backend.sigmoid(result.logits); // [steps, 1, bits]
  });
  const outputs = Float32Array.from(backend.readSync(probabilities));
  backend.dispose(probabilities);
  const trace = captured.trace;
  if (!trace) throw new Error('runCopyEpisode: the model returned no trace');
  return {
    sequence,
    steps: batch.shape.steps,
    inputs: batch.inputs,
    targets: batch.targets,
    outputs,
    trace,
    score: scoreCopy(outputs, batch),
  };
}
