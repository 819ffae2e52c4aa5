import { ParameterStore } from '@ntm/backend';
import { createReferenceBackend } from '@ntm/backend-reference';
import { Random } from '@ntm/random';
import { describe, expect, it } from 'vitest';
import { controllerParameterCount, createController, resolveControllerConfig, type ControllerConfig } from './create-controller.js';
import { createFeedForwardController } from './feed-forward-controller.js';
import { createLstmController } from './lstm-controller.js';
import { readParameters } from './test-support/parameters.js';

const configs: ControllerConfig[] = [
  { kind: 'lstm', inputSize: 29, layerSizes: [100] },
  { kind: 'lstm', inputSize: 5, layerSizes: [7, 3] },
  { kind: 'feed-forward', inputSize: 29, hiddenSizes: [100] },
  { kind: 'feed-forward', inputSize: 5, hiddenSizes: [7, 3], activation: 'relu' },
];

describe('createController', () => {
  it.each(configs)('creates a $kind controller with controllerParameterCount parameters ($inputSize → …)', (config) => {
    const store = new ParameterStore(createReferenceBackend());
    const controller = createController(store.scope('controller'), new Random(1), config);
    expect(controller.kind).toBe(config.kind);
    expect(controller.inputSize).toBe(config.inputSize);
    expect(store.count()).toBe(controllerParameterCount(config));
    expect(store.list().every(({ path }) => path.startsWith('controller/'))).toBe(true);
  });

  it('counts the paper-sized controllers by hand', () => {
    // LSTM 100 on 29 inputs: (29 + 100)·400 kernel + 400 bias + 200 initial state.
    expect(controllerParameterCount({ kind: 'lstm', inputSize: 29, layerSizes: [100] })).toBe(52_200);
    expect(controllerParameterCount({ kind: 'feed-forward', inputSize: 29, hiddenSizes: [100] })).toBe(3_000);
  });

  it('builds the same weights as the kind-specific factory for the same seed', () => {
    const viaConfig = new ParameterStore(createReferenceBackend());
    createController(viaConfig, new Random(4), { kind: 'lstm', inputSize: 3, layerSizes: [4] });
    const direct = new ParameterStore(createReferenceBackend());
    createLstmController(direct, new Random(4), { inputSize: 3, layerSizes: [4] });
    expect(readParameters(viaConfig)).toEqual(readParameters(direct));

    const feedForward = new ParameterStore(createReferenceBackend());
    const config: ControllerConfig = { kind: 'feed-forward', inputSize: 3, hiddenSizes: [4] };
    // A config narrowed to one kind goes to its factory unchanged, kind and all.
    expect(createFeedForwardController(feedForward, new Random(4), config).kind).toBe('feed-forward');
  });

  it('fills in the defaults', () => {
    expect(resolveControllerConfig({ kind: 'lstm', inputSize: 3, layerSizes: [4] })).toEqual({
      kind: 'lstm',
      inputSize: 3,
      layerSizes: [4],
      outputClip: 20,
    });
    expect(resolveControllerConfig({ kind: 'feed-forward', inputSize: 3, hiddenSizes: [4] })).toEqual({
      kind: 'feed-forward',
      inputSize: 3,
      hiddenSizes: [4],
      activation: 'tanh',
      outputClip: 20,
    });
  });

  it.each([
    [undefined, 'controller must be an object, got undefined'],
    [[1], 'controller must be an object, got [1]'],
    [
      { kind: 'gru', inputSize: 3 },
      'controller.kind must be one of "lstm", "feed-forward", got "gru" (for another controller, implement the Controller interface)',
    ],
    [{ inputSize: 3, layerSizes: [4] }, 'controller.kind must be one of "lstm", "feed-forward", got undefined'],
    [{ kind: 'lstm', inputSize: 0, layerSizes: [4] }, 'controller.inputSize must be a positive integer, got 0'],
    [{ kind: 'lstm', inputSize: 2.5, layerSizes: [4] }, 'controller.inputSize must be a positive integer, got 2.5'],
    [{ kind: 'lstm', inputSize: '3', layerSizes: [4] }, 'controller.inputSize must be a positive integer, got "3"'],
    [{ kind: 'lstm', inputSize: 3 }, 'controller.layerSizes must be an array of positive integers, got undefined'],
    [{ kind: 'lstm', inputSize: 3, layerSizes: [] }, 'controller.layerSizes must list at least one layer size, got []'],
    [{ kind: 'lstm', inputSize: 3, layerSizes: [100, 0] }, 'controller.layerSizes[1] must be a positive integer, got 0'],
    [{ kind: 'lstm', inputSize: 3, layerSizes: [4], outputClip: 0 }, 'controller.outputClip must be a finite number > 0, got 0'],
    [{ kind: 'lstm', inputSize: 3, layerSizes: [4], outputClip: Infinity }, 'controller.outputClip must be a finite number > 0, got Infinity'],
    [
      { kind: 'lstm', inputSize: 3, layerSizes: [4], outputclip: 5 },
      'controller has an unknown field "outputclip"; allowed fields: kind, inputSize, layerSizes, outputClip',
    ],
    [
      { kind: 'lstm', inputSize: 3, hiddenSizes: [4] },
      'controller has an unknown field "hiddenSizes"; allowed fields: kind, inputSize, layerSizes, outputClip',
    ],
    [
      { kind: 'feed-forward', inputSize: 3, hiddenSizes: [] },
      'controller.hiddenSizes must list at least one layer size, got [] (for a controller without hidden layers, implement the Controller interface: see its docs)',
    ],
    [{ kind: 'feed-forward', inputSize: 3, hiddenSizes: [4, -1] }, 'controller.hiddenSizes[1] must be a positive integer, got -1'],
    [
      { kind: 'feed-forward', inputSize: 3, hiddenSizes: [4], activation: 'gelu' },
      'controller.activation must be one of "tanh", "relu", "sigmoid", got "gelu"',
    ],
  ])('rejects %j: %s', (config, message) => {
    expect(() => resolveControllerConfig(config)).toThrow(message);
    expect(() => createController(new ParameterStore(createReferenceBackend()), new Random(1), config as ControllerConfig)).toThrow(message);
    expect(() => controllerParameterCount(config as ControllerConfig)).toThrow(message);
  });

  it('rejects a config of the other kind handed to a kind-specific factory', () => {
    const store = new ParameterStore(createReferenceBackend());
    expect(() => createLstmController(store, new Random(1), { kind: 'feed-forward', inputSize: 3, layerSizes: [4] } as never)).toThrow(
      'controller.kind must be "lstm" (or absent) for createLstmController, got "feed-forward"',
    );
    expect(store.count()).toBe(0);
  });
});
