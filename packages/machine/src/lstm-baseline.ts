import { glorotUniform, ParameterStore, ShapeChecker, type NtmBackend, type Tensor, type Variable } from '@ntm/backend';
import { createLstmController, type Controller, type ControllerState } from '@ntm/controllers';
import { Random } from '@ntm/random';
import type { LstmBaselineConfig } from './config.js';
import type { RunOptions, SequenceModel, SequenceResult } from './sequence-model.js';
import { stackTime, unstackTime } from './time-steps.js';

/** The LSTM baseline's state: its controller's. */
export type LstmBaselineState = { readonly controller: ControllerState };

/**
 * The LSTM-only baseline of the paper's comparisons (Graves et al. 2014, Tables 1–3): stacked
 * LSTM layers on x_t and an output layer on the last layer's h_t, with the same interface as
 * the NTM so the trainer, CLI and docs treat both alike.
 *
 * Parameters: `controller/…` (the LSTM), `output/weights` `[lastLayer, outputSize]`, `output/bias`.
 * The LSTM's outputs are not clipped (they are tanh-bounded already).
 *
 * @example
 * ```ts
 * const lstm = createModel(backend, { kind: 'lstm', inputSize: 9, outputSize: 8, layerSizes: [256, 256, 256] }, { seed: 1 }); // an LstmBaseline
 * const { logits } = lstm.run(inputs); // inputs [time, batch, 9] → logits [time, batch, 8]
 * ```
 */
export class LstmBaseline implements SequenceModel<LstmBaselineState> {
  readonly parameters: ParameterStore;
  private readonly lstm: Controller;
  private readonly outputWeights: Variable;
  private readonly outputBias: Variable;

  constructor(
    readonly backend: NtmBackend,
    readonly config: LstmBaselineConfig,
    seed: number,
  ) {
    const random = new Random(seed);
    this.parameters = new ParameterStore(backend);
    this.lstm = createLstmController(this.parameters.scope('controller'), random, {
      inputSize: config.inputSize,
      layerSizes: config.layerSizes,
    });
    const output = this.parameters.scope('output');
    this.outputWeights = output.create('weights', glorotUniform(backend, [this.lstm.outputSize, config.outputSize], random));
    this.outputBias = output.create('bias', backend.fill([config.outputSize], 0));
  }

  initialState(batchSize: number): LstmBaselineState {
    return { controller: this.lstm.initialState(batchSize) };
  }

  step(input: Tensor, state: LstmBaselineState): { logits: Tensor; state: LstmBaselineState } {
    const { backend } = this;
    new ShapeChecker('LstmBaseline.step').check('input', input?.shape, ['batch', this.config.inputSize]);
    const { output, state: controller } = this.lstm.step(input, state.controller); // [batch, units]
    const logits = backend.add(backend.matMul(output, this.outputWeights), this.outputBias); // [batch, outputSize]
    return { logits, state: { controller } };
  }

  run(inputs: Tensor, options: RunOptions = {}): SequenceResult {
    const { backend, config } = this;
    if (inputs.shape.length !== 3 || inputs.shape[2] !== config.inputSize) {
      throw new RangeError(
        `LstmBaseline.run: inputs has shape [${inputs.shape.join(', ')}] but expected [time, batch, inputSize] = [time, batch, ${config.inputSize}]`,
      );
    }
    const batch = inputs.shape[1] as number;
    let state = this.initialState(batch);
    const logits: Tensor[] = [];
    const steps = [];
    for (const input of unstackTime(backend, inputs)) {
      const result = this.step(input, state);
      state = result.state;
      logits.push(result.logits);
      if (options.trace) {
        const probabilities = backend.tidy(() => backend.sigmoid(result.logits));
        steps.push({ input: Float32Array.from(backend.readSync(input)), output: Float32Array.from(backend.readSync(probabilities)) });
        backend.dispose(probabilities);
      }
    }
    const stacked = stackTime(backend, logits); // [time, batch, outputSize]
    if (!options.trace) return { logits: stacked };
    return { logits: stacked, trace: { batchSize: batch, inputSize: config.inputSize, outputSize: config.outputSize, steps } };
  }

  dispose(): void {
    this.parameters.dispose();
  }
}
