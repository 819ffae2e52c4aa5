import type { NtmBackend, ParameterStore, Tensor, Variable } from '@ntm/backend';
import { createReferenceBackend } from '@ntm/backend-reference';
import type { Controller, ControllerState } from '@ntm/controllers';
import { describe, expect, it } from 'vitest';
import { createModel, loadModel, modelCheckpoint } from './index.js';

/** A user's own controller: one tanh layer on [x_t, r_{t−1}], stateless. */
class TanhLayerController implements Controller {
  readonly kind = 'tanh-layer';
  private readonly weights: Variable;
  constructor(
    private readonly backend: NtmBackend,
    store: ParameterStore,
    readonly inputSize: number,
    readonly outputSize: number,
  ) {
    this.weights = store.create('weights', backend.fill([inputSize, outputSize], 0.05));
  }
  initialState(): ControllerState {
    return [];
  }
  step(input: Tensor, state: ControllerState) {
    return { output: this.backend.tanh(this.backend.matMul(input, this.weights)), state };
  }
}

describe('an NTM with a controller of the user’s own', () => {
  const config = { kind: 'ntm', inputSize: 3, outputSize: 2, memory: { slots: 6, wordSize: 4 } } as const;

  it('runs, lists the controller’s parameters and survives a checkpoint', () => {
    const backend = createReferenceBackend();
    const factory = (store: ParameterStore, _random: unknown, inputSize: number) => new TanhLayerController(backend, store, inputSize, 10);
    const model = createModel(backend, config, { seed: 3, controller: factory });
    expect(model.parameters.get('controller/weights')?.variable.shape).toEqual([3 + 4, 10]);
    const inputs = backend.fill([5, 2, 3], 0.5);
    const logits = model.run(inputs).logits;
    expect(logits.shape).toEqual([5, 2, 2]);
    const restored = loadModel(backend, modelCheckpoint(model), 'checkpoint', { controller: factory });
    // Checkpoints store float32, so on the float64 reference backend outputs agree to float32 precision.
    const expected = backend.readSync(logits);
    backend.readSync(restored.run(inputs).logits).forEach((value, index) => expect(value).toBeCloseTo(expected[index] as number, 6));
  });

  it('refuses a controller built for the wrong input size', () => {
    const backend = createReferenceBackend();
    expect(() => createModel(backend, config, { controller: (store) => new TanhLayerController(backend, store, 99, 10) })).toThrow(
      'the controller takes 99 inputs but the NTM feeds it inputSize + readHeads × wordSize = 7',
    );
  });
});
