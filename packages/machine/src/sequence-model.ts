import type { NtmBackend, ParameterStore, Tensor } from '@ntm/backend';
import type { ResolvedModelConfig } from './config.js';
import type { EpisodeTrace } from './trace.js';

/** What {@link SequenceModel.run} returns. */
export interface SequenceResult {
  /** Output logits for every step: `[time, batch, outputSize]` (sigmoid gives bit probabilities). */
  readonly logits: Tensor;
  /** Every step's internals, read back to plain arrays, when asked for with `trace: true`. */
  readonly trace?: EpisodeTrace;
}

/** Options of {@link SequenceModel.run}. */
export interface RunOptions {
  /** Record every step's memory, weightings, head parameters, read vectors and outputs. */
  readonly trace?: boolean;
}

/**
 * What the NTM and the LSTM baseline have in common, so the trainer, the CLI and the docs
 * treat them alike.
 *
 * @example
 * ```ts
 * const model = createModel(backend, { kind: 'ntm', inputSize: 9, outputSize: 8 }, { seed: 1 });
 * const logits = backend.tidy(() => model.run(inputs).logits); // inputs [time, batch, 9] → [time, batch, 8]
 * ```
 */
export interface SequenceModel<State = unknown> {
  readonly config: ResolvedModelConfig;
  readonly backend: NtmBackend;
  /** Every parameter, by path (`controller/lstm0/kernel`, `heads/weights`, `output/weights`, …). */
  readonly parameters: ParameterStore;
  /** The state before the first step, for `batchSize` sequences. */
  initialState(batchSize: number): State;
  /** One step: x_t `[batch, inputSize]` → logits `[batch, outputSize]` and the next state. */
  step(input: Tensor, state: State): { logits: Tensor; state: State };
  /** A whole batch of sequences, `[time, batch, inputSize]`, from the initial state. */
  run(inputs: Tensor, options?: RunOptions): SequenceResult;
  /** Frees every parameter. */
  dispose(): void;
}
