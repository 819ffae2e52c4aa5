import { describe, expect, it } from 'vitest';
import { resolveModelConfig, type ModelConfig } from './config.js';
import { createModel } from './create-model.js';
import { modelParameterCount } from './parameter-count.js';
import { createReferenceBackend } from '@ntm/backend-reference';

const base = { kind: 'ntm', inputSize: 9, outputSize: 8 } as const;

/** The message `resolveModelConfig` throws for a config (fails the test if it does not throw). */
function rejection(config: unknown): string {
  try {
    resolveModelConfig(config);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`resolveModelConfig accepted ${JSON.stringify(config)}`);
}

describe('resolveModelConfig defaults', () => {
  it('fills in the paper’s copy-task NTM-LSTM around the sizes', () => {
    expect(resolveModelConfig(base)).toEqual({
      kind: 'ntm',
      inputSize: 9,
      outputSize: 8,
      memory: { slots: 128, wordSize: 20, initialization: 'constant', constantValue: 1e-6 },
      controller: { kind: 'lstm', layerSizes: [100] },
      heads: { readHeads: 1, writeHeads: 1, shiftRadius: 1, keyActivation: 'tanh', addActivation: 'tanh', preActivationClip: 20, initialBias: {} },
      stepOrder: 'write-then-read',
    });
  });

  it('keeps what is given and fills in the controller’s own defaults', () => {
    const resolved = resolveModelConfig({
      ...base,
      memory: { slots: 16, initialization: 'random' },
      controller: { kind: 'feed-forward', hiddenSizes: [32] },
      heads: { writeHeads: 2, shiftRadius: 2 },
      stepOrder: 'read-then-write',
    });
    expect(resolved).toMatchObject({
      memory: { slots: 16, wordSize: 20, initialization: 'random' },
      controller: { kind: 'feed-forward', hiddenSizes: [32], activation: 'tanh', outputClip: 20 },
      heads: { readHeads: 1, writeHeads: 2, shiftRadius: 2 },
      stepOrder: 'read-then-write',
    });
    expect(resolved).not.toHaveProperty('controller.inputSize');
  });

  it('resolves an LSTM baseline', () => {
    expect(resolveModelConfig({ kind: 'lstm', inputSize: 3, outputSize: 2, layerSizes: [4, 4] })).toEqual({
      kind: 'lstm',
      inputSize: 3,
      outputSize: 2,
      layerSizes: [4, 4],
    });
  });

  it('is idempotent: a resolved config resolves to itself (checkpoints store resolved configs)', () => {
    const once = resolveModelConfig({ ...base, controller: { kind: 'feed-forward', hiddenSizes: [7], activation: 'sigmoid' } });
    expect(resolveModelConfig(JSON.parse(JSON.stringify(once)))).toEqual(once);
  });
});

describe('resolveModelConfig rejects bad configs, naming the field, the value and what is allowed', () => {
  const cases: [string, unknown, RegExp[]][] = [
    ['not an object', 42, [/model must be an object, got 42/]],
    ['unknown model kind', { ...base, kind: 'gru' }, [/kind must be one of "ntm", "lstm", got "gru"/]],
    ['missing model kind', { inputSize: 9, outputSize: 8 }, [/kind must be one of "ntm", "lstm", got undefined/]],
    ['zero inputSize', { ...base, inputSize: 0 }, [/inputSize must be a positive integer, got 0/]],
    ['negative outputSize', { ...base, outputSize: -3 }, [/outputSize must be a positive integer, got -3/]],
    ['fractional inputSize', { ...base, inputSize: 2.5 }, [/inputSize must be a positive integer, got 2\.5/]],
    ['string size', { ...base, outputSize: '8' }, [/outputSize must be a positive integer, got "8"/]],
    ['zero memory slots', { ...base, memory: { slots: 0 } }, [/memory\.slots must be a positive integer, got 0/]],
    ['negative word size', { ...base, memory: { wordSize: -1 } }, [/memory\.wordSize must be a positive integer, got -1/]],
    [
      'unknown memory initialisation',
      { ...base, memory: { initialization: 'zeros' } },
      [/memory\.initialization must be one of "constant", "learned", "random", "sinusoidal", got "zeros"/],
    ],
    ['non-finite constant', { ...base, memory: { constantValue: Number.NaN } }, [/memory\.constantValue must be a finite number, got NaN/]],
    ['zero read heads', { ...base, heads: { readHeads: 0 } }, [/heads\.readHeads must be a positive integer, got 0/]],
    ['zero write heads', { ...base, heads: { writeHeads: 0 } }, [/heads\.writeHeads must be a positive integer, got 0/]],
    ['negative shift radius', { ...base, heads: { shiftRadius: -1 } }, [/heads\.shiftRadius must be an integer >= 0, got -1/]],
    [
      'shift kernel wider than memory',
      { ...base, memory: { slots: 4 }, heads: { shiftRadius: 2 } },
      [/heads\.shiftRadius 2/, /width 5/, /memory\.slots 4/, /2·shiftRadius \+ 1 <= 4/],
    ],
    [
      'the default shift kernel (width 3) on a 2-slot memory, with no heads config at all',
      { ...base, memory: { slots: 2 } },
      [/heads\.shiftRadius 1/, /width 3/, /memory\.slots 2/],
    ],
    ['unknown key activation', { ...base, heads: { keyActivation: 'relu' } }, [/heads\.keyActivation must be one of "tanh", "identity", got "relu"/]],
    ['zero pre-activation clip', { ...base, heads: { preActivationClip: 0 } }, [/heads\.preActivationClip must be a finite number > 0, got 0/]],
    [
      'a start shift of the wrong width for the radius',
      { ...base, heads: { shiftRadius: 2, initialBias: { write: { shiftWeighting: [0, 0, 3] } } } },
      [/heads\.initialBias\.write\.shiftWeighting must be 5 finite numbers \(one per shift −2…2\), got \[0, 0, 3\]/],
    ],
    [
      'unknown controller kind',
      { ...base, controller: { kind: 'gru', layerSizes: [10] } },
      [/controller\.kind must be one of "lstm", "feed-forward", got "gru"/],
    ],
    [
      'controller.inputSize given',
      { ...base, controller: { kind: 'lstm', inputSize: 29, layerSizes: [100] } },
      [/controller\.inputSize must not be given \(got 29\)/, /inputSize \+ readHeads × wordSize/],
    ],
    ['empty LSTM layers', { ...base, controller: { kind: 'lstm', layerSizes: [] } }, [/controller\.layerSizes must list at least one layer size, got \[\]/]],
    ['zero LSTM units', { ...base, controller: { kind: 'lstm', layerSizes: [100, 0] } }, [/controller\.layerSizes\[1\] must be a positive integer, got 0/]],
    [
      'unknown feed-forward activation',
      { ...base, controller: { kind: 'feed-forward', hiddenSizes: [10], activation: 'gelu' } },
      [/controller\.activation must be one of "tanh", "relu", "sigmoid", got "gelu"/],
    ],
    ['unknown step order', { ...base, stepOrder: 'sideways' }, [/stepOrder must be one of "write-then-read", "read-then-write", got "sideways"/]],
    [
      'unknown top-level field',
      { ...base, memorySize: 128 },
      [/model has an unknown field "memorySize"/, /allowed fields: kind, inputSize, outputSize, memory, controller, heads, stepOrder/],
    ],
    [
      'unknown memory field',
      { ...base, memory: { size: 128 } },
      [/memory has an unknown field "size"/, /allowed fields: slots, wordSize, initialization, constantValue/],
    ],
    ['unknown heads field', { ...base, heads: { heads: 2 } }, [/heads has an unknown field "heads"/, /readHeads, writeHeads, shiftRadius/]],
    [
      'unknown LSTM controller field (and inputSize is not offered as allowed)',
      { ...base, controller: { kind: 'lstm', units: 100 } },
      [/controller has an unknown field "units"; allowed fields: kind, layerSizes, outputClip$/],
    ],
    [
      'unknown feed-forward controller field',
      { ...base, controller: { kind: 'feed-forward', hiddenSizes: [8], layerSizes: [8] } },
      [/controller has an unknown field "layerSizes"; allowed fields: kind, hiddenSizes, activation, outputClip$/],
    ],
    ['LSTM baseline without layers', { kind: 'lstm', inputSize: 3, outputSize: 2, layerSizes: [] }, [/layerSizes must list at least one layer size, got \[\]/]],
    [
      'NTM fields on an LSTM baseline',
      { kind: 'lstm', inputSize: 3, outputSize: 2, layerSizes: [4], memory: { slots: 8 } },
      [/model has an unknown field "memory"; allowed fields: kind, inputSize, outputSize, layerSizes/],
    ],
  ];
  for (const [name, config, patterns] of cases) {
    it(name, () => {
      const message = rejection(config);
      for (const pattern of patterns) expect(message).toMatch(pattern);
    });
  }

  it('createModel and modelParameterCount check the config the same way, before building anything', () => {
    const backend = createReferenceBackend();
    const bad = { ...base, memory: { slots: 0 } } as ModelConfig;
    expect(() => createModel(backend, bad)).toThrow(/memory\.slots must be a positive integer, got 0/);
    expect(() => modelParameterCount(bad)).toThrow(/memory\.slots must be a positive integer, got 0/);
    expect(backend.numTensors()).toBe(0);
  });

  it('createModel rejects a non-integer seed', () => {
    expect(() => createModel(createReferenceBackend(), base, { seed: 1.5 })).toThrow(/seed must be an integer, got 1\.5/);
  });
});
