import { ParameterStore, type NtmBackend, type Tensor } from '@ntm/backend';
import { createReferenceBackend } from '@ntm/backend-reference';
import { Random } from '@ntm/random';
import { expectClose } from '@ntm/backend-conformance';
import { describe, expect, it } from 'vitest';
import type { ControllerState } from './controller.js';
import { LSTM_GATE_ORDER, createLstmController, lstmParameterCount } from './lstm-controller.js';
import { readParameters } from './test-support/parameters.js';
import { plainLstmStep, toMatrix } from './test-support/plain-networks.js';

/** Two float64 computations of the same formula in different orders: a few ulps apart. */
const FLOAT64_TOLERANCE = { relative: 1e-12, absolute: 1e-14 };

function uniformValues(random: Random, count: number, bound: number): number[] {
  return Array.from({ length: count }, () => random.uniform(-bound, bound));
}

function rows(backend: NtmBackend, tensor: Tensor): number[][] {
  const [batch, width] = tensor.shape as [number, number];
  return toMatrix(backend.readSync(tensor), batch, width);
}

describe('createLstmController on the reference backend', () => {
  it.each([
    { inputSize: 3, layerSizes: [5], batch: 1 },
    { inputSize: 7, layerSizes: [4, 6], batch: 3 },
    { inputSize: 2, layerSizes: [8, 3, 5], batch: 2 },
  ])('gives outputs and states of the right shapes for $layerSizes, batch $batch', ({ inputSize, layerSizes, batch }) => {
    const backend = createReferenceBackend();
    const store = new ParameterStore(backend);
    const controller = createLstmController(store, new Random(1), { inputSize, layerSizes });
    expect(controller.kind).toBe('lstm');
    expect(controller.inputSize).toBe(inputSize);
    expect(controller.outputSize).toBe(layerSizes[layerSizes.length - 1]);

    let state = controller.initialState(batch);
    expect(state.map((tensor) => tensor.shape)).toEqual(
      layerSizes.flatMap((units) => [
        [batch, units],
        [batch, units],
      ]),
    );
    for (let t = 0; t < 2; t++) {
      const result = controller.step(backend.fill([batch, inputSize], 0.5), state);
      expect(result.output.shape).toEqual([batch, controller.outputSize]);
      expect(result.state.map((tensor) => tensor.shape)).toEqual(state.map((tensor) => tensor.shape));
      state = result.state;
    }
  });

  it('creates the documented parameters, and as many as lstmParameterCount says', () => {
    const backend = createReferenceBackend();
    const store = new ParameterStore(backend).scope('controller');
    const config = { inputSize: 7, layerSizes: [4, 6] };
    createLstmController(store, new Random(1), config);
    expect(store.list().map(({ path, variable }) => [path, variable.shape])).toEqual([
      ['controller/lstm0/kernel', [11, 16]],
      ['controller/lstm0/bias', [16]],
      ['controller/lstm0/initialHidden', [1, 4]],
      ['controller/lstm0/initialCell', [1, 4]],
      ['controller/lstm1/kernel', [10, 24]],
      ['controller/lstm1/bias', [24]],
      ['controller/lstm1/initialHidden', [1, 6]],
      ['controller/lstm1/initialCell', [1, 6]],
    ]);
    expect(store.count()).toBe(lstmParameterCount(config));
    expect(lstmParameterCount(config)).toBe(11 * 16 + 16 + 8 + 10 * 24 + 24 + 12);
  });

  it('initialises the forget-gate bias to 1, the other biases and the initial state to 0, the kernel Glorot-uniform', () => {
    const backend = createReferenceBackend();
    const store = new ParameterStore(backend);
    const units = 5;
    createLstmController(store, new Random(3), { inputSize: 3, layerSizes: [units] });
    const values = readParameters(store);
    const forget = LSTM_GATE_ORDER.indexOf('forget');
    expect(Array.from(values.get('lstm0/bias') as Float64Array)).toEqual(
      Array.from({ length: 4 * units }, (_, index) => (Math.floor(index / units) === forget ? 1 : 0)),
    );
    expect(Array.from(values.get('lstm0/initialHidden') as Float64Array)).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(values.get('lstm0/initialCell') as Float64Array)).toEqual([0, 0, 0, 0, 0]);
    const kernel = values.get('lstm0/kernel') as Float64Array;
    const limit = Math.sqrt(6 / (3 + units + 4 * units));
    expect(Math.max(...kernel.map(Math.abs))).toBeLessThanOrEqual(limit);
    // Not all tiny: the samples spread over the Glorot range.
    expect(Math.max(...kernel.map(Math.abs))).toBeGreaterThan(limit / 2);
  });

  it('matches a plain-JS LSTM over two steps of a two-layer stack, with a non-zero learned initial state', () => {
    const backend = createReferenceBackend();
    const store = new ParameterStore(backend);
    const random = new Random(11);
    const inputSize = 3;
    const layerSizes = [4, 2];
    const batch = 2;
    const controller = createLstmController(store, random, { inputSize, layerSizes });
    // Give the biases and initial states values of their own, so every term of the formula matters.
    for (const { variable } of store.list()) {
      if (variable.name.endsWith('kernel')) continue;
      const size = variable.shape.reduce((product, dimension) => product * dimension, 1);
      backend.tidy(() => variable.assign(backend.tensor(uniformValues(random, size, 0.8), variable.shape)));
    }
    const values = readParameters(store);
    const plainLayers = layerSizes.map((units, index) => ({
      kernel: toMatrix(values.get(`lstm${index}/kernel`) as Float64Array, (index === 0 ? inputSize : (layerSizes[index - 1] as number)) + units, 4 * units),
      bias: values.get(`lstm${index}/bias`) as Float64Array,
    }));
    let plainState = Array.from({ length: batch }, () =>
      layerSizes.map((_, index) => ({
        hidden: Array.from(values.get(`lstm${index}/initialHidden`) as Float64Array),
        cell: Array.from(values.get(`lstm${index}/initialCell`) as Float64Array),
      })),
    );

    let state: ControllerState = controller.initialState(batch);
    expect(rows(backend, state[0] as Tensor)).toEqual([plainState[0]?.[0]?.hidden, plainState[1]?.[0]?.hidden]);
    for (let t = 0; t < 2; t++) {
      const input = uniformValues(random, batch * inputSize, 1);
      const result = controller.step(backend.tensor(input, [batch, inputSize]), state);
      state = result.state;
      plainState = plainState.map((layersOfRow, row) => {
        let layerInput = input.slice(row * inputSize, (row + 1) * inputSize);
        return layersOfRow.map(({ hidden, cell }, index) => {
          const next = plainLstmStep(plainLayers[index] as (typeof plainLayers)[number], layerInput, hidden, cell);
          layerInput = next.hidden;
          return next;
        });
      });
      const expectedOutput = plainState.map((layersOfRow) => layersOfRow[layersOfRow.length - 1]?.hidden as number[]);
      expectClose(rows(backend, result.output).flat(), expectedOutput.flat(), FLOAT64_TOLERANCE, `output at step ${t}`);
      layerSizes.forEach((_, index) => {
        const expectedHidden = plainState.flatMap((layersOfRow) => layersOfRow[index]?.hidden as number[]);
        const expectedCell = plainState.flatMap((layersOfRow) => layersOfRow[index]?.cell as number[]);
        expectClose(backend.readSync(state[2 * index] as Tensor), expectedHidden, FLOAT64_TOLERANCE, `layer ${index} h at step ${t}`);
        expectClose(backend.readSync(state[2 * index + 1] as Tensor), expectedCell, FLOAT64_TOLERANCE, `layer ${index} c at step ${t}`);
      });
    }
  });

  it('gives the same weights for the same seed and different weights for another', () => {
    const create = (seed: number) => {
      const store = new ParameterStore(createReferenceBackend());
      createLstmController(store, new Random(seed), { inputSize: 4, layerSizes: [3, 3] });
      return readParameters(store);
    };
    expect(create(5)).toEqual(create(5));
    expect(create(5).get('lstm1/kernel')).not.toEqual(create(6).get('lstm1/kernel'));
  });

  it('clips the output to ±outputClip only when the clip is below 1 (|h| < 1 already)', () => {
    const backend = createReferenceBackend();
    const store = new ParameterStore(backend);
    const controller = createLstmController(store, new Random(2), { inputSize: 2, layerSizes: [6], outputClip: 0.05 });
    const kernel = store.get('lstm0/kernel')?.variable;
    // Large weights saturate every gate: |h| → tanh(c)·σ(o) near 1, far beyond 0.05.
    backend.tidy(() => kernel?.assign(backend.tensor(uniformValues(new Random(4), 8 * 24, 30), [8, 24])));
    const { output, state } = controller.step(backend.tensor([1, -1, 0.5, 2], [2, 2]), controller.initialState(2));
    const values = Array.from(backend.readSync(output));
    expect(values.every((value) => Math.abs(value) <= 0.05)).toBe(true);
    expect(values.some((value) => Math.abs(value) === 0.05)).toBe(true);
    // The state keeps the unclipped h: only what the heads see is bounded.
    expect(Array.from(backend.readSync(state[0] as Tensor)).some((value) => Math.abs(value) > 0.05)).toBe(true);
  });

  it('frees its intermediates: a step leaves only its output and state alive', () => {
    const backend = createReferenceBackend();
    const store = new ParameterStore(backend);
    const controller = createLstmController(store, new Random(2), { inputSize: 3, layerSizes: [4, 4] });
    const input = backend.fill([2, 3], 1);
    const state = controller.initialState(2);
    const before = backend.numTensors();
    const result = controller.step(input, state);
    // 2 layers × (h, c); the output is the top layer's h itself.
    expect(backend.numTensors() - before).toBe(4);
    expect(result.state).toContain(result.output);
  });

  it('rejects inputs and states of the wrong shape, naming them', () => {
    const backend = createReferenceBackend();
    const controller = createLstmController(new ParameterStore(backend), new Random(1), { inputSize: 3, layerSizes: [4, 2] });
    const state = controller.initialState(2);
    expect(() => controller.step(backend.fill([2, 5], 0), state)).toThrow('lstmController.step: input has shape [2, 5] but expected [batch, 3] = [2, 3]');
    expect(() => controller.step(backend.fill([2, 3], 0), state.slice(0, 2))).toThrow(
      'lstmController.step: state must hold 4 tensors ([h, c] for each of 2 layers), got 2',
    );
    expect(() => controller.step(backend.fill([3, 3], 0), state)).toThrow(/state\[0\] \(layer 0 h\) has shape \[2, 4\] but expected \[batch, 4\] = \[3, 4\]/);
    expect(() => controller.initialState(0)).toThrow('batchSize must be a positive integer, got 0');
  });
});
