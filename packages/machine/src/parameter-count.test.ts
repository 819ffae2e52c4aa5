import { createReferenceBackend } from '@ntm/backend-reference';
import { describe, expect, it } from 'vitest';
import { configMatrix } from './__fixtures__/models.js';
import type { NtmConfig } from './config.js';
import { createModel } from './create-model.js';
import { modelParameterCount } from './parameter-count.js';

describe('modelParameterCount', () => {
  for (const [name, config] of configMatrix) {
    it(`equals the built model’s parameters.count(): ${name}`, () => {
      const model = createModel(createReferenceBackend(), config, { seed: 1 });
      expect(modelParameterCount(config)).toBe(model.parameters.count());
      model.dispose();
    });
  }

  it('adds up the paper’s copy NTM-LSTM part by part (an independent count)', () => {
    const [inputs, outputs, units, slots, wordSize] = [9, 8, 100, 128, 20];
    const controllerInputs = inputs + wordSize; // x_t and one read vector
    const lstm = (controllerInputs + units) * 4 * units + 4 * units + 2 * units; // kernel, bias, learned h0 and c0
    const readHead = wordSize + 1 + 1 + 3 + 1; // k, β, g, s (3 shifts), γ
    const writeHead = readHead + 2 * wordSize; // + e, a
    const heads = (units + 1) * (readHead + writeHead); // one linear layer with bias
    const initialState = wordSize + 2 * slots; // r_0, and the biases of the read and write w_0
    const output = (units + wordSize + 1) * outputs; // on [h_t, r_t], with bias
    expect(lstm + heads + initialState + output).toBe(62_736);
    expect(modelParameterCount({ kind: 'ntm', inputSize: inputs, outputSize: outputs })).toBe(62_736);
  });

  it('counts a learned memory (N·M trainable values) but not a random one (frozen)', () => {
    const config: NtmConfig = { kind: 'ntm', inputSize: 3, outputSize: 2, memory: { slots: 6, wordSize: 3 }, controller: { kind: 'lstm', layerSizes: [4] } };
    const constant = modelParameterCount(config);
    expect(modelParameterCount({ ...config, memory: { ...config.memory, initialization: 'learned' } })).toBe(constant + 18);
    expect(modelParameterCount({ ...config, memory: { ...config.memory, initialization: 'random' } })).toBe(constant);
  });

  it('counts the LSTM baseline as stacked layers plus an output layer on the last', () => {
    // layer 1: (3 + 4)·16 + 16 + 8; layer 2: (4 + 6)·24 + 24 + 12; output: (6 + 1)·2
    expect(modelParameterCount({ kind: 'lstm', inputSize: 3, outputSize: 2, layerSizes: [4, 6] })).toBe(136 + 276 + 14);
  });

  it('checks the config first', () => {
    expect(() => modelParameterCount({ kind: 'ntm', inputSize: 0, outputSize: 1 })).toThrow(/inputSize must be a positive integer, got 0/);
  });
});
