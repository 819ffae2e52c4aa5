import { ParameterStore, glorotUniform, type NtmBackend, type Tensor, type Variable } from '@ntm/backend';
import { createReferenceBackend } from '@ntm/backend-reference';
import { Random } from '@ntm/random';
import { describe, expect, it } from 'vitest';
import type { Controller, ControllerState } from './controller.js';
import { createLstmController } from './lstm-controller.js';

/**
 * A user's own controller, written only against the public interface: a linear map with a
 * running sum in its state, `s_t = s_{t−1} + x_t W`, output `s_t` clipped to ±20.
 */
class RunningLinearController implements Controller {
  readonly kind = 'running-linear';
  private readonly weights: Variable;
  private readonly initial: Variable;

  constructor(
    private readonly backend: NtmBackend,
    store: ParameterStore,
    random: Random,
    readonly inputSize: number,
    readonly outputSize: number,
  ) {
    this.weights = store.create('weights', glorotUniform(backend, [inputSize, outputSize], random));
    this.initial = store.create('initialSum', backend.fill([1, outputSize], 0.25));
  }

  initialState(batchSize: number): ControllerState {
    return [this.backend.tile(this.initial, [batchSize, 1])];
  }

  step(input: Tensor, [sum]: ControllerState): { output: Tensor; state: ControllerState } {
    const { backend } = this;
    const next = backend.add(sum as Tensor, backend.matMul(input, this.weights)); // [batch, outputSize]
    return { output: backend.clip(next, -20, 20), state: [next] };
  }
}

/** What the NTM does with any controller: run it over a sequence, keeping only the outputs. */
function unroll(backend: NtmBackend, controller: Controller, inputs: readonly Tensor[]): Tensor[] {
  const batch = inputs[0]?.shape[0] as number;
  return backend.tidy(() => {
    let state = controller.initialState(batch);
    const outputs: Tensor[] = [];
    for (const input of inputs) {
      const result = controller.step(input, state);
      outputs.push(result.output);
      state = result.state;
    }
    return outputs;
  });
}

describe('a user-defined controller', () => {
  it('runs through the same driver as the built-in ones, and its state carries over', () => {
    const backend = createReferenceBackend();
    const store = new ParameterStore(backend);
    const custom = new RunningLinearController(backend, store.scope('custom'), new Random(1), 2, 3);
    const inputs = [backend.tensor([1, 0], [1, 2]), backend.tensor([1, 0], [1, 2]), backend.tensor([0, 1], [1, 2])];
    const outputs = unroll(backend, custom, inputs).map((output) => Array.from(backend.readSync(output)));
    const weights = Array.from(backend.readSync(store.get('custom/weights')?.variable as Variable));
    const firstRow = weights.slice(0, 3);
    const secondRow = weights.slice(3, 6);
    firstRow.forEach((w, unit) => {
      expect(outputs[0]?.[unit]).toBeCloseTo(0.25 + w, 12);
      expect(outputs[1]?.[unit]).toBeCloseTo(0.25 + 2 * w, 12);
      expect(outputs[2]?.[unit]).toBeCloseTo(0.25 + 2 * w + (secondRow[unit] as number), 12);
    });
    expect(store.count()).toBe(2 * 3 + 3);

    const lstm = createLstmController(store.scope('lstm'), new Random(1), { inputSize: 2, layerSizes: [3] });
    expect(unroll(backend, lstm, inputs).map((output) => output.shape)).toEqual([
      [1, 3],
      [1, 3],
      [1, 3],
    ]);
  });
});
