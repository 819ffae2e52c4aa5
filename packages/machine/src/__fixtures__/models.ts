import type { NtmBackend, Tensor } from '@ntm/backend';
import { Random } from '@ntm/random';
import type { LstmBaselineConfig, ModelConfig, NtmConfig } from '../config.js';
import type { NeuralTuringMachine, NtmState } from '../ntm.js';
import type { SequenceModel } from '../sequence-model.js';

/**
 * The tiny NTM of the gradient test (input 3, output 2, memory 6 × 3, LSTM of 4 units, one
 * read and one write head): small enough for central differences over every parameter.
 */
export const tinyNtm: NtmConfig = {
  kind: 'ntm',
  inputSize: 3,
  outputSize: 2,
  memory: { slots: 6, wordSize: 3 },
  controller: { kind: 'lstm', layerSizes: [4] },
  heads: { readHeads: 1, writeHeads: 1 },
};

/** One config of each kind the machine builds, named for test titles. All tiny. */
export const configMatrix: readonly (readonly [string, ModelConfig])[] = [
  ['NTM, LSTM controller, 1 + 1 heads (the defaults but the sizes)', tinyNtm],
  [
    'NTM, feed-forward controller, read-then-write, sinusoidal memory, heads started walking',
    {
      ...tinyNtm,
      memory: { slots: 6, wordSize: 3, initialization: 'sinusoidal' },
      controller: { kind: 'feed-forward', hiddenSizes: [5], activation: 'relu' },
      heads: {
        readHeads: 1,
        writeHeads: 1,
        initialBias: {
          read: { keyStrength: 1, shiftWeighting: [0, 0, 3] },
          write: { interpolationGate: -3, shiftWeighting: [0, 0, 3], sharpening: 2, erase: 0.5 },
        },
      },
      stepOrder: 'read-then-write',
    },
  ],
  [
    'NTM, 2-layer LSTM, 2 read + 3 write heads, shift radius 2, learned memory',
    {
      kind: 'ntm',
      inputSize: 4,
      outputSize: 3,
      memory: { slots: 7, wordSize: 2, initialization: 'learned' },
      controller: { kind: 'lstm', layerSizes: [3, 5] },
      heads: { readHeads: 2, writeHeads: 3, shiftRadius: 2, keyActivation: 'identity', addActivation: 'identity' },
    },
  ],
  [
    'NTM, 2-layer feed-forward, 3 read + 1 write heads, random memory, shift radius 0',
    {
      kind: 'ntm',
      inputSize: 2,
      outputSize: 4,
      memory: { slots: 5, wordSize: 4, initialization: 'random' },
      controller: { kind: 'feed-forward', hiddenSizes: [6, 3] },
      heads: { readHeads: 3, writeHeads: 1, shiftRadius: 0 },
    },
  ],
  ['LSTM baseline, 2 layers', { kind: 'lstm', inputSize: 3, outputSize: 2, layerSizes: [4, 6] } satisfies LstmBaselineConfig],
];

/** The model as the NTM it is (tests that need its state's fields). */
export function asNtm(model: SequenceModel): NeuralTuringMachine {
  if (model.config.kind !== 'ntm') throw new Error(`expected an NTM, got a model of kind ${model.config.kind}`);
  return model as unknown as NeuralTuringMachine;
}

/**
 * Values uniform in [min, max), rounded to float32 so a float32 backend and the float64
 * reference are handed exactly the same numbers.
 */
export function float32Values(seed: number, length: number, min = -1, max = 1): Float64Array {
  const random = new Random(seed);
  return Float64Array.from({ length }, () => Math.fround(random.uniform(min, max)));
}

/** A `[time, batch, inputSize]` tensor of float32-exact values in [0, 1). */
export function randomInputs(backend: NtmBackend, seed: number, time: number, batch: number, inputSize: number): Tensor {
  return backend.tensor(float32Values(seed, time * batch * inputSize, 0, 1), [time, batch, inputSize]);
}

/** Every tensor of an NTM state, in a fixed order. */
export function ntmStateTensors(state: NtmState): Tensor[] {
  return [...state.controller, state.memory, state.readWeighting, state.writeWeighting, state.readVectors];
}

/** A model's parameters read back, by path. */
export function parameterValues(model: SequenceModel): Map<string, Float64Array> {
  return new Map(model.parameters.list().map(({ path, variable }) => [path, Float64Array.from(model.backend.readSync(variable))]));
}

/**
 * Gives `target` exactly `source`'s parameter values (matched by path), so two backends run
 * the same weights. Through float32 values: copying from a float32 backend loses nothing.
 */
export function copyParameters(source: SequenceModel, target: SequenceModel): void {
  const values = parameterValues(source);
  for (const { path, variable } of target.parameters.list()) {
    const value = values.get(path);
    if (!value) throw new Error(`copyParameters: the source model has no parameter ${path}`);
    const tensor = target.backend.tensor(value, variable.shape);
    variable.assign(tensor);
    target.backend.dispose(tensor);
  }
}

/**
 * Rounds every parameter of a float64 model to float32, so that saving it in a (float32)
 * checkpoint and loading it back gives bit-identical weights.
 */
export function roundParametersToFloat32(model: SequenceModel): void {
  for (const { variable } of model.parameters.list()) {
    const tensor = model.backend.tensor(Float64Array.from(model.backend.readSync(variable), Math.fround), variable.shape);
    variable.assign(tensor);
    model.backend.dispose(tensor);
  }
}

/** The logits of a whole run, read back (the run's tensors freed). */
export function runLogits(model: SequenceModel, inputs: Tensor): Float64Array {
  const { backend } = model;
  const logits = backend.tidy(() => model.run(inputs).logits);
  const values = Float64Array.from(backend.readSync(logits));
  backend.dispose(logits);
  return values;
}

/**
 * Σ logits ⊙ P over a whole run, P a fixed random `[time, batch, outputSize]` projection: a
 * scalar that depends on every output of every step, so its gradient checks every path
 * (a plain sum would weight all outputs alike and could hide a sign error in one).
 */
export function projectedLoss(model: SequenceModel, inputs: Tensor, projection: Tensor): Tensor {
  const { backend } = model;
  return backend.sumAll(backend.mul(model.run(inputs).logits, projection));
}

/**
 * Central finite differences of `loss` with respect to every parameter of a float64 model,
 * perturbing its variables in place with `assign` (and restoring them), by path.
 */
export function parameterFiniteDifferences(model: SequenceModel, loss: () => Tensor, step = 1e-5): Map<string, Float64Array> {
  const { backend } = model;
  if (backend.capabilities.precision !== 'float64') {
    throw new Error(`parameterFiniteDifferences needs a float64 backend, got ${backend.name}`);
  }
  const evaluate = (): number => backend.tidy(() => backend.readSync(loss())[0] as number);
  const gradients = new Map<string, Float64Array>();
  for (const { path, variable } of model.parameters.list()) {
    const values = Float64Array.from(backend.readSync(variable));
    const set = (): void => {
      const tensor = backend.tensor(values, variable.shape);
      variable.assign(tensor);
      backend.dispose(tensor);
    };
    const gradient = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const original = values[i] as number;
      values[i] = original + step;
      set();
      const above = evaluate();
      values[i] = original - step;
      set();
      const below = evaluate();
      values[i] = original;
      gradient[i] = (above - below) / (2 * step);
    }
    set();
    gradients.set(path, gradient);
  }
  return gradients;
}

/** The sums of consecutive runs of `width` values: each head's weighting total. */
export function rowSums(values: ArrayLike<number>, width: number): number[] {
  const sums: number[] = [];
  for (let start = 0; start < values.length; start += width) {
    let total = 0;
    for (let i = start; i < start + width; i++) total += values[i] as number;
    sums.push(total);
  }
  return sums;
}
