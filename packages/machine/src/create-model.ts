import type { NtmBackend } from '@ntm/backend';
import { resolveModelConfig, type ModelConfig } from './config.js';
import { LstmBaseline } from './lstm-baseline.js';
import { NeuralTuringMachine, type ControllerFactory } from './ntm.js';
import type { SequenceModel } from './sequence-model.js';

/** Options of {@link createModel}. */
export interface CreateModelOptions {
  /** Seeds every initial weight (default 0): the same seed gives the same weights on every backend. */
  readonly seed?: number;
  /**
   * An NTM with a controller of your own: called with the store scoped to `controller/`, the
   * model's seeded generator and the controller's input size. Note that checkpoints rebuild the
   * model from its config, so `loadModel` needs the same option to restore such a model.
   */
  readonly controller?: ControllerFactory;
}

/**
 * Builds a model from its config: a {@link NeuralTuringMachine} for `kind: 'ntm'`, an
 * {@link LstmBaseline} for `kind: 'lstm'`. The config is checked first (clear errors naming the
 * field, the value and what is allowed).
 *
 * @example
 * ```ts
 * const { backend } = await createBackend();
 * const model = createModel(backend, { kind: 'ntm', inputSize: 9, outputSize: 8 }, { seed: 1 });
 * model.parameters.count(); // 62,736 for the paper's copy-task NTM-LSTM
 * ```
 */
export function createModel(backend: NtmBackend, config: ModelConfig, options: CreateModelOptions = {}): SequenceModel {
  const resolved = resolveModelConfig(config);
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  return resolved.kind === 'ntm'
    ? (new NeuralTuringMachine(backend, resolved, seed, options.controller) as SequenceModel)
    : (new LstmBaseline(backend, resolved, seed) as SequenceModel);
}
