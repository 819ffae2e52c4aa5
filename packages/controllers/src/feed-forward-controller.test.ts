import { ParameterStore, type NtmBackend, type Tensor } from '@ntm/backend';
import { createReferenceBackend } from '@ntm/backend-reference';
import { Random } from '@ntm/random';
import { expectClose } from '@ntm/backend-conformance';
import { describe, expect, it } from 'vitest';
import { FEED_FORWARD_ACTIVATIONS, createFeedForwardController, feedForwardParameterCount, type FeedForwardActivation } from './feed-forward-controller.js';
import { readParameters } from './test-support/parameters.js';
import { plainFeedForward, toMatrix } from './test-support/plain-networks.js';

/** Two float64 computations of the same formula in different orders: a few ulps apart. */
const FLOAT64_TOLERANCE = { relative: 1e-12, absolute: 1e-14 };

function rows(backend: NtmBackend, tensor: Tensor): number[][] {
  const [batch, width] = tensor.shape as [number, number];
  return toMatrix(backend.readSync(tensor), batch, width);
}

function setAll(backend: NtmBackend, store: ParameterStore, value: (path: string, index: number) => number): void {
  for (const { path, variable } of store.list()) {
    const size = variable.shape.reduce((product, dimension) => product * dimension, 1);
    backend.tidy(() =>
      variable.assign(
        backend.tensor(
          Array.from({ length: size }, (_, index) => value(path, index)),
          variable.shape,
        ),
      ),
    );
  }
}

describe('createFeedForwardController on the reference backend', () => {
  it.each([
    { inputSize: 3, hiddenSizes: [5], batch: 1 },
    { inputSize: 7, hiddenSizes: [4, 6], batch: 3 },
  ])('gives outputs of the right shape and an empty state for $hiddenSizes', ({ inputSize, hiddenSizes, batch }) => {
    const backend = createReferenceBackend();
    const store = new ParameterStore(backend);
    const controller = createFeedForwardController(store, new Random(1), { inputSize, hiddenSizes });
    expect(controller.kind).toBe('feed-forward');
    expect(controller.outputSize).toBe(hiddenSizes[hiddenSizes.length - 1]);
    const state = controller.initialState(batch);
    expect(state).toEqual([]);
    const result = controller.step(backend.fill([batch, inputSize], 0.5), state);
    expect(result.output.shape).toEqual([batch, controller.outputSize]);
    expect(result.state).toEqual([]);
  });

  it('creates the documented parameters, and as many as feedForwardParameterCount says', () => {
    const store = new ParameterStore(createReferenceBackend()).scope('controller');
    const config = { inputSize: 7, hiddenSizes: [4, 6] };
    createFeedForwardController(store, new Random(1), config);
    expect(store.list().map(({ path, variable }) => [path, variable.shape])).toEqual([
      ['controller/dense0/kernel', [7, 4]],
      ['controller/dense0/bias', [4]],
      ['controller/dense1/kernel', [4, 6]],
      ['controller/dense1/bias', [6]],
    ]);
    expect(store.count()).toBe(feedForwardParameterCount(config));
    expect(feedForwardParameterCount(config)).toBe(7 * 4 + 4 + 4 * 6 + 6);
  });

  it.each(FEED_FORWARD_ACTIVATIONS)('matches a plain-JS network with %s activations', (activation: FeedForwardActivation) => {
    const backend = createReferenceBackend();
    const store = new ParameterStore(backend);
    const random = new Random(9);
    const [inputSize, batch] = [3, 2];
    const hiddenSizes = [5, 4];
    const controller = createFeedForwardController(store, random, { inputSize, hiddenSizes, activation });
    // Non-zero biases, so that their addition is checked too.
    setAll(backend, store, () => random.uniform(-1, 1));
    const values = readParameters(store);
    const layers = hiddenSizes.map((units, index) => ({
      kernel: toMatrix(values.get(`dense${index}/kernel`) as Float64Array, index === 0 ? inputSize : (hiddenSizes[index - 1] as number), units),
      bias: values.get(`dense${index}/bias`) as Float64Array,
    }));
    const input = [0.3, -1.2, 2, 0.7, 0.1, -0.4];
    const output = rows(backend, controller.step(backend.tensor(input, [batch, inputSize]), []).output);
    const expected = output.map((_, row) => plainFeedForward(layers, activation, input.slice(row * inputSize, (row + 1) * inputSize)));
    expectClose(output.flat(), expected.flat(), FLOAT64_TOLERANCE, `${activation} output`);
  });

  it('clips relu outputs of huge weights to exactly 20 (and keeps the zeros)', () => {
    const backend = createReferenceBackend();
    const store = new ParameterStore(backend);
    const controller = createFeedForwardController(store, new Random(1), { inputSize: 2, hiddenSizes: [4], activation: 'relu' });
    // Column signs +, −, +, −: two units far above 20, two at relu's 0.
    setAll(backend, store, (path, index) => (path.endsWith('kernel') ? (index % 2 === 0 ? 1e6 : -1e6) : 0));
    const output = backend.readSync(controller.step(backend.tensor([1, 1, 3, 2], [2, 2]), []).output);
    expect(Array.from(output)).toEqual([20, 0, 20, 0, 20, 0, 20, 0]);
  });

  it('clips tanh outputs to exactly ±outputClip when the clip is below 1', () => {
    const backend = createReferenceBackend();
    const store = new ParameterStore(backend);
    const controller = createFeedForwardController(store, new Random(1), { inputSize: 2, hiddenSizes: [2], outputClip: 0.5 });
    setAll(backend, store, (path, index) => (path.endsWith('kernel') ? (index % 2 === 0 ? 1e6 : -1e6) : 0));
    const output = backend.readSync(controller.step(backend.tensor([1, 1], [1, 2]), []).output);
    expect(Array.from(output)).toEqual([0.5, -0.5]);
  });

  it('rejects a wrong input shape and a non-empty state', () => {
    const backend = createReferenceBackend();
    const controller = createFeedForwardController(new ParameterStore(backend), new Random(1), { inputSize: 3, hiddenSizes: [4] });
    expect(() => controller.step(backend.fill([2, 4], 0), [])).toThrow('feedForwardController.step: input has shape [2, 4] but expected [batch, 3] = [2, 3]');
    expect(() => controller.step(backend.fill([2, 3], 0), [backend.fill([2, 4], 0)])).toThrow(
      'feedForwardController.step: state must be empty (the controller is stateless), got 1 tensors',
    );
  });
});
