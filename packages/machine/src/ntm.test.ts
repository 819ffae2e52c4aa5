import type { NtmBackend, Tensor } from '@ntm/backend';
import { createReferenceBackend } from '@ntm/backend-reference';
import { headsLayout } from '@ntm/heads';
import { describe, expect, it } from 'vitest';
import { asNtm, configMatrix, ntmStateTensors, parameterValues, randomInputs, runLogits, tinyNtm } from './__fixtures__/models.js';
import type { NtmConfig, ResolvedNtmConfig } from './config.js';
import { createModel } from './create-model.js';
import type { NeuralTuringMachine, NtmState } from './ntm.js';
import type { EpisodeTrace } from './trace.js';

/**
 * The NTM on the float64 reference backend: shapes, determinism, the two step orders, the
 * memory initialisations. (Values and gradients on tfjs against this backend are in
 * `ntm.tfjs-*.test.ts`; the trace in `trace.test.ts`.)
 */

const ntmConfigs = configMatrix.filter((entry): entry is readonly [string, NtmConfig] => entry[1].kind === 'ntm');

function read(backend: NtmBackend, tensor: Tensor): number[] {
  return Array.from(backend.readSync(tensor));
}

/** The sizes of a resolved config under short names. */
function sizes(config: ResolvedNtmConfig) {
  const controllerSize = config.controller.kind === 'lstm' ? (config.controller.layerSizes.at(-1) as number) : (config.controller.hiddenSizes.at(-1) as number);
  return {
    slots: config.memory.slots,
    wordSize: config.memory.wordSize,
    readHeads: config.heads.readHeads,
    writeHeads: config.heads.writeHeads,
    kernelWidth: 2 * config.heads.shiftRadius + 1,
    controllerSize,
  };
}

function expectStateShapes(model: NeuralTuringMachine, state: NtmState, batch: number): void {
  const { slots, wordSize, readHeads, writeHeads } = sizes(model.config);
  expect(state.memory.shape).toEqual([batch, slots, wordSize]);
  expect(state.readWeighting.shape).toEqual([batch, readHeads, slots]);
  expect(state.writeWeighting.shape).toEqual([batch, writeHeads, slots]);
  expect(state.readVectors.shape).toEqual([batch, readHeads, wordSize]);
  const controller = model.config.controller;
  if (controller.kind === 'lstm') {
    expect(state.controller.map((tensor) => tensor.shape)).toEqual(
      controller.layerSizes.flatMap((units) => [
        [batch, units],
        [batch, units],
      ]),
    );
  } else {
    expect(state.controller).toEqual([]);
  }
}

describe('shapes for every config', () => {
  for (const [name, config] of ntmConfigs) {
    it(`initial state, one step, a whole run and the parameters: ${name}`, () => {
      const backend = createReferenceBackend();
      const model = asNtm(createModel(backend, config, { seed: 2 }));
      const { slots, wordSize, readHeads, writeHeads, kernelWidth, controllerSize } = sizes(model.config);
      const batch = 3;
      const state = model.initialState(batch);
      expectStateShapes(model, state, batch);
      const { logits, state: next } = model.step(backend.fill([batch, config.inputSize], 0.5), state);
      expect(logits.shape).toEqual([batch, config.outputSize]);
      expectStateShapes(model, next, batch);

      const time = 4;
      const result = backend.tidy(() => model.run(randomInputs(backend, 1, time, batch, config.inputSize)).logits);
      expect(result.shape).toEqual([time, batch, config.outputSize]);
      expect(read(backend, result).every(Number.isFinite)).toBe(true);

      const shapes = Object.fromEntries(model.parameters.list().map(({ path, variable }) => [path, variable.shape]));
      const columns = readHeads * (wordSize + kernelWidth + 3) + writeHeads * (3 * wordSize + kernelWidth + 3);
      expect(shapes).toMatchObject({
        'heads/kernel': [controllerSize, columns],
        'heads/bias': [columns],
        'initial/read-vectors': [readHeads, wordSize],
        'initial/read-weighting': [readHeads, slots],
        'initial/write-weighting': [writeHeads, slots],
        'output/weights': [controllerSize + readHeads * wordSize, config.outputSize],
        'output/bias': [config.outputSize],
      });
      const controllerInputs = config.inputSize + readHeads * wordSize;
      const firstLayer = model.config.controller.kind === 'lstm' ? shapes['controller/lstm0/kernel'] : shapes['controller/dense0/kernel'];
      expect(firstLayer?.[0]).toBe(
        model.config.controller.kind === 'lstm' ? controllerInputs + (model.config.controller.layerSizes[0] as number) : controllerInputs,
      );
    });
  }

  it('rejects inputs of the wrong shape, naming the argument, its shape and the expected one', () => {
    const backend = createReferenceBackend();
    const model = asNtm(createModel(backend, tinyNtm));
    expect(() => model.run(backend.fill([4, 2, 5], 0))).toThrow(
      'NeuralTuringMachine.run: inputs has shape [4, 2, 5] but expected [time, batch, inputSize] = [time, batch, 3]',
    );
    expect(() => model.run(backend.fill([2, 3], 0))).toThrow(/inputs has shape \[2, 3\]/);
    const state = model.initialState(2);
    expect(() => model.step(backend.fill([2, 5], 0), state)).toThrow(/NeuralTuringMachine\.step: input has shape \[2, 5\] but expected \[batch, 3\]/);
    expect(() => model.step(backend.fill([4, 3], 0), state)).toThrow(
      /NeuralTuringMachine\.step: state\.memory has shape \[2, 6, 3\] but expected \[batch, 6, 3\] = \[4, 6, 3\]/,
    );
  });
});

describe('run', () => {
  for (const [name, config] of ntmConfigs) {
    it(`equals stepping by hand from the initial state: ${name}`, () => {
      const backend = createReferenceBackend();
      const model = asNtm(createModel(backend, config, { seed: 5 }));
      const [time, batch] = [5, 2];
      const values = randomInputs(backend, 3, time, batch, config.inputSize);
      const byRun = runLogits(model, values);
      const inputs = backend.readSync(values);
      let state = model.initialState(batch);
      const bySteps: number[] = [];
      for (let t = 0; t < time; t++) {
        const stepInput = backend.tensor(inputs.subarray(t * batch * config.inputSize, (t + 1) * batch * config.inputSize), [batch, config.inputSize]);
        const result = model.step(stepInput, state);
        bySteps.push(...read(backend, result.logits));
        state = result.state;
      }
      expect(Array.from(byRun)).toEqual(bySteps);
    });

    it(`treats every batch row on its own (a batch of 3 = three batches of 1): ${name}`, () => {
      const backend = createReferenceBackend();
      const model = createModel(backend, config, { seed: 6 });
      const [time, batch] = [4, 3];
      const all = backend.readSync(randomInputs(backend, 8, time, batch, config.inputSize));
      const together = runLogits(model, backend.tensor(all, [time, batch, config.inputSize]));
      for (let row = 0; row < batch; row++) {
        const alone = new Float64Array(time * config.inputSize);
        for (let t = 0; t < time; t++)
          alone.set(all.subarray((t * batch + row) * config.inputSize, (t * batch + row + 1) * config.inputSize), t * config.inputSize);
        const logits = runLogits(model, backend.tensor(alone, [time, 1, config.inputSize]));
        for (let t = 0; t < time; t++) {
          for (let o = 0; o < config.outputSize; o++) {
            expect(logits[t * config.outputSize + o]).toBeCloseTo(together[(t * batch + row) * config.outputSize + o] as number, 12);
          }
        }
      }
    });
  }
});

describe('determinism (float64 reference; the tfjs backends in ntm.tfjs-*.test.ts)', () => {
  it('the same seed gives the same weights and the same outputs; another seed, other weights', () => {
    const backend = createReferenceBackend();
    const inputs = randomInputs(backend, 4, 6, 2, tinyNtm.inputSize);
    const first = createModel(backend, tinyNtm, { seed: 9 });
    const second = createModel(createReferenceBackend(), tinyNtm, { seed: 9 });
    const third = createModel(backend, tinyNtm, { seed: 10 });
    expect(parameterValues(second)).toEqual(parameterValues(first));
    expect(runLogits(first, inputs)).toEqual(runLogits(first, inputs));
    const secondInputs = second.backend.tensor(backend.readSync(inputs), inputs.shape);
    expect(runLogits(second, secondInputs)).toEqual(runLogits(first, inputs));
    for (const [path, values] of parameterValues(third)) {
      // Zero-initialised biases and the learned LSTM start are the same for every seed.
      if (values.some((value) => value !== 0 && value !== 1)) expect(values, path).not.toEqual(parameterValues(first).get(path));
    }
    expect(runLogits(third, inputs)).not.toEqual(runLogits(first, inputs));
  });

  it('defaults to seed 0', () => {
    const [a, b] = [createModel(createReferenceBackend(), tinyNtm), createModel(createReferenceBackend(), tinyNtm, { seed: 0 })];
    expect(parameterValues(a)).toEqual(parameterValues(b));
  });
});

describe('step orders', () => {
  it('both run, with the same weights, and give different outputs', () => {
    const backend = createReferenceBackend();
    const writeFirst = createModel(backend, { ...tinyNtm, stepOrder: 'write-then-read' }, { seed: 3 });
    const readFirst = createModel(backend, { ...tinyNtm, stepOrder: 'read-then-write' }, { seed: 3 });
    expect(parameterValues(readFirst)).toEqual(parameterValues(writeFirst));
    const inputs = randomInputs(backend, 2, 5, 2, tinyNtm.inputSize);
    const [a, b] = [runLogits(writeFirst, inputs), runLogits(readFirst, inputs)];
    expect(a.every(Number.isFinite) && b.every(Number.isFinite)).toBe(true);
    const largestDifference = Math.max(...a.map((value, index) => Math.abs(value - (b[index] as number))));
    expect(largestDifference).toBeGreaterThan(1e-6);
  });

  for (const stepOrder of ['write-then-read', 'read-then-write'] as const) {
    it(`${stepOrder}: r_t = w_t · M, with M the memory ${stepOrder === 'write-then-read' ? 'after' : 'before'} this step’s write`, () => {
      const backend = createReferenceBackend();
      const config: NtmConfig = { ...tinyNtm, heads: { readHeads: 2, writeHeads: 2 }, stepOrder };
      const model = asNtm(createModel(backend, config, { seed: 12 }));
      const { slots, wordSize, readHeads } = sizes(model.config);
      const batch = 2;
      let state = model.initialState(batch);
      for (let t = 0; t < 4; t++) {
        const previousMemory = read(backend, state.memory);
        state = model.step(backend.tensor(backend.readSync(randomInputs(backend, t, 1, batch, 3)), [batch, 3]), state).state;
        const memory = stepOrder === 'write-then-read' ? read(backend, state.memory) : previousMemory;
        const weighting = read(backend, state.readWeighting);
        const readVectors = read(backend, state.readVectors);
        for (let b = 0; b < batch; b++) {
          for (let h = 0; h < readHeads; h++) {
            for (let j = 0; j < wordSize; j++) {
              let expected = 0;
              for (let i = 0; i < slots; i++)
                expected += (weighting[(b * readHeads + h) * slots + i] as number) * (memory[(b * slots + i) * wordSize + j] as number);
              expect(readVectors[(b * readHeads + h) * wordSize + j]).toBeCloseTo(expected, 12);
            }
          }
        }
      }
    });
  }

  /**
   * Hand-set weights: the heads ignore the controller (zero kernel) and their biases make every
   * head keep its initial focus (g ≈ 0, shift 0, sharp γ), the write head erase its slot fully
   * (e ≈ 1) and add a known vector a. The write head and read head 0 focus on slot 2, read
   * head 1 on slot 4. Then what each read head sees at each step tells the order apart.
   */
  function handSetMachine(stepOrder: 'write-then-read' | 'read-then-write', add: readonly number[]) {
    const backend = createReferenceBackend();
    const config: NtmConfig = {
      kind: 'ntm',
      inputSize: 2,
      outputSize: 1,
      memory: { slots: 5, wordSize: 3 },
      controller: { kind: 'feed-forward', hiddenSizes: [4] },
      heads: { readHeads: 2, writeHeads: 1, shiftRadius: 1 },
      stepOrder,
    };
    const model = asNtm(createModel(backend, config, { seed: 1 }));
    const set = (path: string, values: ArrayLike<number>) => {
      const variable = model.parameters.get(path)?.variable;
      if (!variable) throw new Error(`no parameter ${path}`);
      variable.assign(backend.tensor(values, variable.shape));
    };
    const layout = headsLayout({ controllerSize: 4, readHeads: 2, writeHeads: 1, wordSize: 3, shiftRadius: 1 });
    const columns = layout.reduce((total, slice) => total + slice.size, 0);
    const bias = new Float64Array(columns);
    for (const slice of layout) {
      const values: Record<string, number[]> = {
        key: [0, 0, 0],
        keyStrength: [-20], // β = softplus(−20) ≈ 2e-9: content addressing off
        interpolationGate: [-20], // g ≈ 2e-9: keep the previous weighting
        shiftWeighting: [-20, 20, -20], // shift by 0
        sharpening: [20], // γ ≈ 21
        erase: [20, 20, 20], // e ≈ 1
        add: add.map(Math.atanh), // a = tanh(bias)
      };
      bias.set(values[slice.parameter] as number[], slice.offset);
    }
    set('heads/kernel', new Float64Array(4 * columns));
    set('heads/bias', bias);
    const focus = (slot: number) => Array.from({ length: 5 }, (_, i) => (i === slot ? 20 : -20));
    set('initial/read-weighting', [...focus(2), ...focus(4)]);
    set('initial/write-weighting', focus(2));
    return { backend, model };
  }

  /** Every step's read vectors `[batch][head][word]` for a few steps of random input. */
  function readVectorsOverTime(stepOrder: 'write-then-read' | 'read-then-write', add: readonly number[], steps: number): number[][][][] {
    const { backend, model } = handSetMachine(stepOrder, add);
    const batch = 2;
    let state = model.initialState(batch);
    const result: number[][][][] = [];
    for (let t = 0; t < steps; t++) {
      state = model.step(backend.tensor(backend.readSync(randomInputs(backend, t, 1, batch, 2)), [batch, 2]), state).state;
      const values = read(backend, state.readVectors);
      result.push([0, 1].map((b) => [0, 1].map((h) => values.slice((b * 2 + h) * 3, (b * 2 + h + 1) * 3))));
    }
    return result;
  }

  const add = [0.5, -0.25, 0.75];
  const untouched = [1e-6, 1e-6, 1e-6];

  function expectVector(actual: number[] | undefined, expected: readonly number[]): void {
    expect(actual).toHaveLength(expected.length);
    expected.forEach((value, index) => {
      expect(actual?.[index]).toBeCloseTo(value, 8);
    });
  }

  it('write-then-read: a read head reads, in the same step, the vector the write head just wrote', () => {
    const steps = readVectorsOverTime('write-then-read', add, 2);
    for (const batchRow of [0, 1]) {
      expectVector(steps[0]?.[batchRow]?.[0], add); // slot 2, written this step
      expectVector(steps[0]?.[batchRow]?.[1], untouched); // slot 4, never written
      expectVector(steps[1]?.[batchRow]?.[0], add);
    }
  });

  it('read-then-write: the same machine reads the old memory first and sees the write one step later', () => {
    const steps = readVectorsOverTime('read-then-write', add, 2);
    for (const batchRow of [0, 1]) {
      expectVector(steps[0]?.[batchRow]?.[0], untouched); // M_0 at slot 2: the constant 1e-6
      expectVector(steps[0]?.[batchRow]?.[1], untouched);
      expectVector(steps[1]?.[batchRow]?.[0], add); // step 0's write
      expectVector(steps[1]?.[batchRow]?.[1], untouched);
    }
  });

  it('the hand-set write lands in slot 2 only, in both orders', () => {
    for (const stepOrder of ['write-then-read', 'read-then-write'] as const) {
      const { backend, model } = handSetMachine(stepOrder, add);
      const { state } = model.step(backend.fill([1, 2], 0.5), model.initialState(1));
      const memory = read(backend, state.memory);
      for (let slot = 0; slot < 5; slot++) expectVector(memory.slice(slot * 3, slot * 3 + 3), slot === 2 ? add : untouched);
    }
  });
});

describe('memory initialisation', () => {
  const base: NtmConfig = { ...tinyNtm, memory: { slots: 6, wordSize: 3 } };

  it('constant (the default): exactly 1e-6 everywhere at t = 0, and no memory parameter', () => {
    const backend = createReferenceBackend();
    const model = asNtm(createModel(backend, base));
    const memory = model.initialState(2).memory;
    expect(memory.shape).toEqual([2, 6, 3]);
    expect(read(backend, memory)).toEqual(new Array(36).fill(1e-6));
    expect(model.parameters.list().filter(({ path }) => path.startsWith('memory/'))).toEqual([]);
  });

  it('constant with another value', () => {
    const backend = createReferenceBackend();
    const model = asNtm(createModel(backend, { ...base, memory: { slots: 6, wordSize: 3, constantValue: 0.25 } }));
    expect(read(backend, model.initialState(1).memory)).toEqual(new Array(18).fill(0.25));
  });

  it('learned: M_0 = tanh(memory/bias), a trainable [slots, wordSize] parameter, the same for every batch row', () => {
    const backend = createReferenceBackend();
    const model = asNtm(createModel(backend, { ...base, memory: { slots: 6, wordSize: 3, initialization: 'learned' } }, { seed: 4 }));
    const parameter = model.parameters.get('memory/bias');
    expect(parameter?.trainable).toBe(true);
    expect(parameter?.variable.shape).toEqual([6, 3]);
    expect(model.parameters.trainable().map(({ path }) => path)).toContain('memory/bias');
    const bias = read(backend, parameter?.variable as Tensor);
    const memory = read(backend, model.initialState(2).memory);
    expect(memory).toHaveLength(36);
    memory.forEach((value, index) => {
      expect(value).toBeCloseTo(Math.tanh(bias[index % 18] as number), 14);
    });
    // Training it moves M_0.
    parameter?.variable.assign(backend.fill([6, 3], 0.5));
    expect(read(backend, model.initialState(1).memory)).toEqual(new Array(18).fill(Math.tanh(0.5)));
  });

  it('random: tanh(N(0, 0.5)) drawn from the seed, frozen (not trainable, not counted), the same for every batch row', () => {
    const backend = createReferenceBackend();
    const config: NtmConfig = { ...base, memory: { slots: 6, wordSize: 3, initialization: 'random' } };
    const model = asNtm(createModel(backend, config, { seed: 4 }));
    const parameter = model.parameters.get('memory/random');
    expect(parameter?.trainable).toBe(false);
    expect(parameter?.variable.shape).toEqual([6, 3]);
    expect(model.parameters.trainable().map(({ path }) => path)).not.toContain('memory/random');
    expect(model.parameters.count()).toBe(createModel(backend, base, { seed: 4 }).parameters.count());
    expect(model.parameters.count({ includeFrozen: true })).toBe(model.parameters.count() + 18);
    const values = read(backend, parameter?.variable as Tensor);
    expect(values.every((value) => Math.abs(value) < 1)).toBe(true);
    expect(new Set(values).size).toBe(18);
    expect(read(backend, model.initialState(2).memory)).toEqual([...values, ...values]);
    const again = createModel(backend, config, { seed: 4 });
    const other = createModel(backend, config, { seed: 5 });
    expect(Array.from(parameterValues(again).get('memory/random') ?? [])).toEqual(values);
    expect(Array.from(parameterValues(other).get('memory/random') ?? [])).not.toEqual(values);
  });

  it('sinusoidal: a fixed table of sines and cosines of slot × frequency, no parameters, freed with the model', () => {
    const backend = createReferenceBackend();
    const config: NtmConfig = { ...base, memory: { slots: 8, wordSize: 5, initialization: 'sinusoidal' } };
    const before = backend.numTensors();
    const model = asNtm(createModel(backend, config, { seed: 4 }));
    const constant = createModel(backend, { ...config, memory: { slots: 8, wordSize: 5 } }, { seed: 4 });
    expect(model.parameters.count({ includeFrozen: true })).toBe(constant.parameters.count());
    constant.dispose();
    expect(
      model.parameters
        .list()
        .map(({ path }) => path)
        .filter((path) => path.startsWith('memory/')),
    ).toEqual([]);
    // Independently in float64: 3 frequencies from π/8 to π/2 (ratio 2); column 2k sin, 2k + 1 cos.
    const frequencies = [Math.PI / 8, Math.PI / 4, Math.PI / 2];
    const expected = Array.from({ length: 8 * 5 }, (_, index) => {
      const [slot, column] = [Math.floor(index / 5), index % 5];
      const angle = slot * (frequencies[Math.floor(column / 2)] as number);
      return column % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    });
    const state = model.initialState(2);
    const memory = read(backend, state.memory);
    backend.dispose(ntmStateTensors(state));
    expect(memory).toHaveLength(80);
    memory.forEach((value, index) => expect(value).toBeCloseTo(expected[index % 40] as number, 6));
    // Rows turn smoothly: each row is more like its neighbour than like any row further away.
    const row = (slot: number) => expected.slice(slot * 5, slot * 5 + 5);
    const cosine = (a: number[], b: number[]) => {
      const dot = a.reduce((sum, x, i) => sum + x * (b[i] as number), 0);
      return dot / Math.hypot(...a) / Math.hypot(...b);
    };
    for (let distance = 1; distance < 4; distance++) expect(cosine(row(0), row(distance))).toBeGreaterThan(cosine(row(0), row(distance + 1)));
    model.dispose();
    expect(backend.numTensors()).toBe(before);
  });

  it('initialState creates exactly the state’s tensors and nothing else', () => {
    for (const [, config] of ntmConfigs) {
      const backend = createReferenceBackend();
      const model = asNtm(createModel(backend, config));
      const before = backend.numTensors();
      const state = model.initialState(2);
      expect(backend.numTensors() - before).toBe(new Set(ntmStateTensors(state)).size);
      backend.dispose(ntmStateTensors(state));
      expect(backend.numTensors()).toBe(before);
    }
  });
});

describe('feed-forward controller and several heads', () => {
  it('an NTM with a feed-forward controller and 2 read + 3 write heads runs with the right shapes', () => {
    const backend = createReferenceBackend();
    const config: NtmConfig = {
      kind: 'ntm',
      inputSize: 5,
      outputSize: 4,
      memory: { slots: 8, wordSize: 3 },
      controller: { kind: 'feed-forward', hiddenSizes: [7] },
      heads: { readHeads: 2, writeHeads: 3 },
    };
    const model = asNtm(createModel(backend, config, { seed: 1 }));
    expect(model.parameters.get('controller/dense0/kernel')?.variable.shape).toEqual([5 + 2 * 3, 7]);
    expect(model.parameters.get('output/weights')?.variable.shape).toEqual([7 + 2 * 3, 4]);
    let trace: EpisodeTrace | undefined;
    const logits = backend.tidy(() => {
      const result = model.run(randomInputs(backend, 2, 6, 2, 5), { trace: true });
      trace = result.trace;
      return result.logits;
    });
    if (!trace) throw new Error('run with trace: true returned no trace');
    expect(logits.shape).toEqual([6, 2, 4]);
    expect(trace.steps).toHaveLength(6);
    const step = trace.steps[5];
    expect(step?.readWeighting).toHaveLength(2 * 2 * 8);
    expect(step?.writeWeighting).toHaveLength(2 * 3 * 8);
    expect(step?.readVectors).toHaveLength(2 * 2 * 3);
    expect(step?.writeHeads?.erase).toHaveLength(2 * 3 * 3);
    expect(step?.readHeads?.key).toHaveLength(2 * 2 * 3);
    // The three write heads address differently (their weights differ), so they do not collapse into one.
    const writes = step?.writeWeighting as Float32Array;
    expect(Array.from(writes.subarray(0, 8))).not.toEqual(Array.from(writes.subarray(8, 16)));
  });
});
