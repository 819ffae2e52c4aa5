import { createReferenceBackend } from '@ntm/backend-reference';
import { createTfjsBackend } from '@ntm/backend-tfjs';
import { ParameterStore, type Variable } from '@ntm/backend';
import { Random } from '@ntm/random';
import { createCopyTask } from '@ntm/tasks';
import { describe, expect, it } from 'vitest';
import { exampleOptimizer, OwnControllerNtm, trainStep } from '../examples/ntm-with-own-controller.js';
import { TanhRnnController } from '../examples/tanh-rnn-controller.js';

// The code the extending guide includes must run as the guide says.
describe('the extending guide’s examples', () => {
  it('TanhRnnController computes h_t = tanh([x_t, h_{t−1}] W + b) and carries its state', () => {
    const backend = createReferenceBackend();
    const store = new ParameterStore(backend);
    const controller = new TanhRnnController(backend, store, new Random(1), 2, 3);
    expect(store.list().map((parameter) => parameter.path)).toEqual(['weights', 'bias', 'initial-hidden']);
    const weights = Array.from(backend.readSync(store.get('weights')?.variable as Variable)); // [2 + 3, 3], row-major
    const first = controller.step(backend.tensor([1, 0], [1, 2]), controller.initialState(1));
    // h_0 = 0 and b = 0, so h_1 = tanh(row 0 of W).
    expect(Array.from(backend.readSync(first.output))).toEqual(weights.slice(0, 3).map(Math.tanh));
    const second = controller.step(backend.tensor([0, 0], [1, 2]), first.state);
    const h1 = weights.slice(0, 3).map(Math.tanh);
    const expected = [0, 1, 2].map((unit) => Math.tanh(h1.reduce((sum, h, k) => sum + h * (weights[(2 + k) * 3 + unit] as number), 0)));
    Array.from(backend.readSync(second.output)).forEach((value, unit) => expect(value).toBeCloseTo(expected[unit] as number, 12));
  });

  it('an NTM around the custom controller trains: the copy cost falls over a few dozen Adam steps', async () => {
    const backend = await createTfjsBackend('wasm');
    const task = createCopyTask({ bits: 4, minLength: 1, maxLength: 3 });
    const model = new OwnControllerNtm(backend, { inputSize: task.inputSize, outputSize: task.outputSize, slots: 8, wordSize: 6, units: 32 }, 1);
    const optimizer = exampleOptimizer(backend);
    const random = new Random(2);
    const costs = Array.from({ length: 60 }, () => trainStep(model, optimizer, task.sample(random, 16)));
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(costs.every(Number.isFinite)).toBe(true);
    expect(mean(costs.slice(-10))).toBeLessThan(0.8 * mean(costs.slice(0, 5)));
    optimizer.dispose();
    model.parameters.dispose();
  });
});
