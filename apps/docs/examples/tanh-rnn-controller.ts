import { glorotUniform, type NtmBackend, type ParameterStore, type Tensor, type Variable } from '@ntm/backend';
import type { Controller, ControllerState } from '@ntm/controllers';
import type { Random } from '@ntm/random';

/**
 * A controller of your own: a one-layer recurrent network, h_t = tanh([x_t, h_{t−1}] W + b),
 * with a learned initial state h_0. It is written only against the public interfaces: its
 * parameters live in a ParameterStore (so optimisers, parameter counts and checkpoints see
 * them), its state is a list of tensors, and tanh keeps its output bounded.
 */
export class TanhRnnController implements Controller {
  readonly kind = 'tanh-rnn';
  private readonly weights: Variable;
  private readonly bias: Variable;
  private readonly initialHidden: Variable;

  constructor(
    private readonly backend: NtmBackend,
    store: ParameterStore,
    random: Random,
    readonly inputSize: number,
    readonly outputSize: number,
  ) {
    this.weights = store.create('weights', glorotUniform(backend, [inputSize + outputSize, outputSize], random));
    this.bias = store.create('bias', backend.fill([outputSize], 0));
    this.initialHidden = store.create('initial-hidden', backend.fill([1, outputSize], 0));
  }

  initialState(batchSize: number): ControllerState {
    return [this.backend.tile(this.initialHidden, [batchSize, 1])]; // [batch, units]
  }

  step(input: Tensor, [hidden]: ControllerState): { output: Tensor; state: ControllerState } {
    const { backend } = this;
    const joined = backend.concat([input, hidden as Tensor], 1); // [batch, inputSize + units]
    const next = backend.tanh(backend.add(backend.matMul(joined, this.weights), this.bias)); // [batch, units]
    // The output is also the next state: the caller's tidy scope owns both.
    return { output: next, state: [next] };
  }
}
