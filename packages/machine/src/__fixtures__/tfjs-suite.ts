import type { NtmBackend, Tensor } from '@ntm/backend';
import { expectClose, FLOAT32_GRADIENT_TOLERANCE, type Tolerance } from '@ntm/backend-conformance';
import { createReferenceBackend } from '@ntm/backend-reference';
import { Random } from '@ntm/random';
import { createTask } from '@ntm/tasks';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint } from '../checkpoint/format.js';
import { loadModel, modelCheckpoint } from '../checkpoint/model-checkpoint.js';
import type { ModelConfig, NtmConfig } from '../config.js';
import { createModel } from '../create-model.js';
import { paperPreset } from '../presets/index.js';
import type { SequenceModel } from '../sequence-model.js';
import {
  asNtm,
  copyParameters,
  float32Values,
  ntmStateTensors,
  parameterFiniteDifferences,
  parameterValues,
  projectedLoss,
  randomInputs,
  runLogits,
  tinyNtm,
} from './models.js';

/** What differs between the tfjs flavours: the cpu backend is ≈ 10× slower, so it gets less work. */
export interface TfjsMachineSuiteOptions {
  /** Length L of the copy-task episode compared with the reference (2L + 1 steps). */
  readonly copyLength: number;
  /** Steps of the leak test. */
  readonly leakSteps: number;
  /**
   * Which gradient configs to check (indices into the suite's list; default all). The float64
   * finite differences cost the same on every flavour, so a slow flavour can check fewer.
   */
  readonly gradientConfigs?: readonly number[];
  /**
   * The same flavour without the whole-sequence kernel (`createTfjsBackend(flavor, { fused:
   * 'per-step' })`), where the backend has one: the suite then holds `backend.fused.ntmSequence`
   * to the model's step-by-step path, values and every gradient.
   */
  readonly createPerStepBackend?: () => Promise<NtmBackend>;
}

/**
 * The configs the whole-sequence kernel is held to the step-by-step path on: one LSTM layer as
 * the paper has it, and two layers with two read heads, the other step order, identity keys
 * and adds, and both clips small enough to cut (their gradients masked); and feed-forward
 * controllers (relu over two layers; tanh with a clip that cuts).
 */
const wholeSequenceConfigs: readonly (readonly [string, NtmConfig])[] = [
  ['one LSTM layer, 1 + 1 heads, write-then-read, learned memory', { ...tinyNtm, memory: { slots: 7, wordSize: 4, initialization: 'learned' } }],
  [
    'two LSTM layers, 2 read + 1 write heads, read-then-write, identity keys and adds, clips that cut, random memory',
    {
      ...tinyNtm,
      inputSize: 5,
      memory: { slots: 9, wordSize: 5, initialization: 'random' },
      controller: { kind: 'lstm', layerSizes: [6, 5], outputClip: 0.08 },
      heads: { readHeads: 2, writeHeads: 1, keyActivation: 'identity', addActivation: 'identity', preActivationClip: 0.15, shiftRadius: 2 },
      stepOrder: 'read-then-write',
    },
  ],
  [
    'a feed-forward controller (relu, two layers), 2 read + 1 write heads, constant memory',
    { ...tinyNtm, controller: { kind: 'feed-forward', hiddenSizes: [7, 5], activation: 'relu' }, heads: { readHeads: 2, writeHeads: 1 } },
  ],
  [
    'a feed-forward controller (tanh), read-then-write, a clip that cuts, learned memory',
    {
      ...tinyNtm,
      memory: { slots: 8, wordSize: 4, initialization: 'learned' },
      controller: { kind: 'feed-forward', hiddenSizes: [6], activation: 'tanh', outputClip: 0.2 },
      stepOrder: 'read-then-write',
    },
  ],
];

/** Errors between two float32 computations of the same maths (different summation orders): relative to the largest entry. */
const FLOAT32_PATHS_TOLERANCE: Tolerance = { relative: 2e-5, absolute: 1e-6 };

/**
 * Forward values of a whole episode against the float64 reference with the same (float32)
 * weights. Looser than one op's FLOAT32_TOLERANCE: the rounding errors of dozens of steps of a
 * recurrent machine compound (softmaxes, sharpening powers, the LSTM's cell state). Measured on
 * tfjs-wasm over the 41-step copy episode: at most 2.4e-7 absolute, so this leaves a margin of
 * about 10 while a wrong op (an error of order 1e-2 or more) still fails.
 */
const EPISODE_TOLERANCE: Tolerance = { relative: 1e-4, absolute: 2e-6 };

/** The configs of the gradient test: every kind of parameter and both step orders. */
const gradientConfigs: readonly (readonly [string, NtmConfig])[] = [
  ['LSTM controller, 1 + 1 heads, write-then-read, learned memory', { ...tinyNtm, memory: { slots: 6, wordSize: 3, initialization: 'learned' } }],
  [
    'feed-forward controller, 2 read + 2 write heads, read-then-write, random memory',
    {
      ...tinyNtm,
      memory: { slots: 6, wordSize: 3, initialization: 'random' },
      controller: { kind: 'feed-forward', hiddenSizes: [4] },
      heads: { readHeads: 2, writeHeads: 2 },
      stepOrder: 'read-then-write',
    },
  ],
];

/** The same model on the float64 reference, holding exactly `model`'s (float32) weights. */
function referenceTwin(model: SequenceModel, config: ModelConfig, seed: number): SequenceModel {
  const twin = createModel(createReferenceBackend(), config, { seed });
  copyParameters(model, twin);
  return twin;
}

/** A tensor of `values` on another backend. */
function moved(backend: NtmBackend, from: NtmBackend, tensor: Tensor): Tensor {
  return backend.tensor(from.readSync(tensor), tensor.shape);
}

/**
 * The machine's checks that need a tfjs backend: determinism, values against the float64
 * reference over a whole copy episode, gradients of whole episodes against float64 central
 * differences, tensor leaks, and save → load with float32 weights.
 */
export function defineTfjsMachineSuite(label: string, createBackend: () => Promise<NtmBackend>, options: TfjsMachineSuiteOptions): void {
  describe(`the machine on ${label}`, () => {
    let backend: NtmBackend;
    beforeAll(async () => {
      backend = await createBackend();
    });

    describe('determinism', () => {
      it('the same seed gives the same weights (the reference’s, rounded to float32) and the same outputs', () => {
        const config: NtmConfig = { ...tinyNtm, heads: { readHeads: 2, writeHeads: 1 } };
        const first = createModel(backend, config, { seed: 31 });
        const second = createModel(backend, config, { seed: 31 });
        const other = createModel(backend, config, { seed: 32 });
        const reference = createModel(createReferenceBackend(), config, { seed: 31 });
        expect(parameterValues(second)).toEqual(parameterValues(first));
        const referenceValues = parameterValues(reference);
        for (const [path, values] of parameterValues(first)) {
          expect(Array.from(values), path).toEqual(Array.from(referenceValues.get(path) ?? [], Math.fround));
        }
        expect(parameterValues(other).get('heads/kernel')).not.toEqual(parameterValues(first).get('heads/kernel'));
        const inputs = randomInputs(backend, 3, 6, 2, config.inputSize);
        const logits = runLogits(first, inputs);
        expect(runLogits(second, inputs)).toEqual(logits);
        expect(runLogits(first, inputs)).toEqual(logits);
        expect(runLogits(other, inputs)).not.toEqual(logits);
        for (const model of [first, second, other]) model.dispose();
        backend.dispose(inputs);
      });
    });

    describe('values against the float64 reference', () => {
      const cases: readonly (readonly [string, (inputSize: number, outputSize: number) => ModelConfig])[] = [
        ['the paper’s copy NTM-LSTM (128 × 20 memory, LSTM 100)', (inputSize, outputSize) => paperPreset('copy', 'ntm-lstm', { inputSize, outputSize }).model],
        [
          'a feed-forward NTM with 2 read + 3 write heads, read-then-write, random memory',
          (inputSize, outputSize) => ({
            kind: 'ntm',
            inputSize,
            outputSize,
            memory: { slots: 16, wordSize: 6, initialization: 'random' },
            controller: { kind: 'feed-forward', hiddenSizes: [24] },
            heads: { readHeads: 2, writeHeads: 3 },
            stepOrder: 'read-then-write',
          }),
        ],
        ['the LSTM baseline', (inputSize, outputSize) => ({ kind: 'lstm', inputSize, outputSize, layerSizes: [32, 32] })],
      ];
      for (const [name, makeConfig] of cases) {
        it(`the same logits over a whole copy episode (L = ${options.copyLength}, ${2 * options.copyLength + 1} steps): ${name}`, () => {
          const task = createTask('copy', { minLength: options.copyLength, maxLength: options.copyLength });
          const batch = task.sample(new Random(5), 2);
          const config = makeConfig(task.inputSize, task.outputSize);
          const model = createModel(backend, config, { seed: 1 });
          const twin = referenceTwin(model, config, 1);
          const shape = [batch.shape.steps, batch.shape.batchSize, batch.shape.inputSize];
          const inputs = backend.tensor(batch.inputs, shape);
          const actual = runLogits(model, inputs);
          const expected = runLogits(twin, twin.backend.tensor(batch.inputs, shape));
          expect(actual).toHaveLength(batch.shape.steps * 2 * task.outputSize);
          expectClose(actual, expected, EPISODE_TOLERANCE, `${label} logits against the reference`);
          model.dispose();
          backend.dispose(inputs);
        });
      }
    });

    describe('gradients of a whole episode against float64 central differences', () => {
      const chosen = options.gradientConfigs ?? gradientConfigs.map((_, index) => index);
      for (const [name, config] of chosen.map((index) => gradientConfigs[index] as (typeof gradientConfigs)[number])) {
        it(`every trainable parameter: ${name}`, () => {
          const [time, batch] = [3, 2];
          const model = createModel(backend, config, { seed: 1 });
          const twin = referenceTwin(model, config, 1);
          const inputs = randomInputs(backend, 2, time, batch, config.inputSize);
          const projection = backend.tensor(float32Values(3, time * batch * config.outputSize), [time, batch, config.outputSize]);
          const trainable = model.parameters.trainable();
          const { value, gradients } = backend.variableGradients(
            () => projectedLoss(model, inputs, projection),
            trainable.map(({ variable }) => variable),
          );
          const reference = twin.backend;
          const [referenceInputs, referenceProjection] = [moved(reference, backend, inputs), moved(reference, backend, projection)];
          const expectedGradients = parameterFiniteDifferences(twin, () => projectedLoss(twin, referenceInputs, referenceProjection));
          const expectedValue = reference.tidy(() => reference.readSync(projectedLoss(twin, referenceInputs, referenceProjection))[0] as number);
          expectClose(backend.readSync(value), [expectedValue], EPISODE_TOLERANCE, 'loss');
          expect(gradients).toHaveLength(trainable.length);
          trainable.forEach(({ path }, index) => {
            const actual = backend.readSync(gradients[index] as Tensor);
            const expected = expectedGradients.get(path) as Float64Array;
            const largest = Math.max(...Array.from(expected, Math.abs));
            // Every parameter matters to this loss: a zero gradient would mean a broken path.
            expect(largest, `largest |d loss / d ${path}|`).toBeGreaterThan(1e-6);
            // Errors measured against the parameter's largest gradient entry: float32 rounding
            // in the backward pass scales with the terms summed, not with each (possibly
            // cancelling) entry.
            expectClose(actual, expected, FLOAT32_GRADIENT_TOLERANCE, `${label} d loss / d ${path}`, largest);
          });
          if (config.memory?.initialization === 'learned') {
            const index = trainable.findIndex(({ path }) => path === 'memory/bias');
            expect(index).toBeGreaterThanOrEqual(0);
            expect(Array.from(backend.readSync(gradients[index] as Tensor)).some((gradient) => Math.abs(gradient) > 1e-6)).toBe(true);
          }
          if (config.memory?.initialization === 'random') {
            expect(trainable.map(({ path }) => path)).not.toContain('memory/random');
            expect(model.parameters.list().map(({ path }) => path)).toContain('memory/random');
          }
          backend.dispose([value, ...gradients, inputs, projection]);
          model.dispose();
        });
      }
    });

    if (options.createPerStepBackend) {
      const createPerStepBackend = options.createPerStepBackend;
      describe('the whole-sequence kernel against stepping one time step at a time', () => {
        let perStep: NtmBackend;
        beforeAll(async () => {
          perStep = await createPerStepBackend();
        });

        /** The loss, its gradient for every trainable parameter (by path) and the logits, on `target`. */
        function lossAndGradients(target: NtmBackend, config: NtmConfig) {
          const model = createModel(target, config, { seed: 4 });
          const [time, batch] = [6, 3];
          const inputs = randomInputs(target, 8, time, batch, config.inputSize);
          const projection = target.tensor(float32Values(9, time * batch * config.outputSize), [time, batch, config.outputSize]);
          const trainable = model.parameters.trainable();
          const logits = runLogits(model, inputs);
          const { value, gradients } = target.variableGradients(
            () => projectedLoss(model, inputs, projection),
            trainable.map(({ variable }) => variable),
          );
          const result = {
            logits,
            loss: target.readSync(value)[0] as number,
            gradients: new Map(trainable.map(({ path }, index) => [path, Float64Array.from(target.readSync(gradients[index] as Tensor))])),
          };
          target.dispose([value, ...gradients, inputs, projection]);
          model.dispose();
          return result;
        }

        for (const [name, config] of wholeSequenceConfigs) {
          it(`the same logits, loss and gradients: ${name}`, async () => {
            expect(backend.fused.ntmSequence).toBeTypeOf('function');
            expect(perStep.fused.ntmSequence).toBeUndefined();
            const whole = lossAndGradients(backend, config);
            const stepped = lossAndGradients(perStep, config);
            expectClose(whole.logits, stepped.logits, FLOAT32_PATHS_TOLERANCE, 'logits', Math.max(...stepped.logits.map(Math.abs)));
            expectClose([whole.loss], [stepped.loss], FLOAT32_PATHS_TOLERANCE, 'loss', Math.abs(stepped.loss));
            expect([...whole.gradients.keys()]).toEqual([...stepped.gradients.keys()]);
            for (const [path, expected] of stepped.gradients) {
              const largest = Math.max(...Array.from(expected, Math.abs));
              expect(largest, `largest |d loss / d ${path}|`).toBeGreaterThan(1e-7);
              expectClose(whole.gradients.get(path) as Float64Array, expected, FLOAT32_PATHS_TOLERANCE, `d loss / d ${path}`, largest);
            }
            if (config.controller?.outputClip !== undefined) {
              // The clips must really cut here, or this config would not test their masks.
              const unclipped: NtmConfig = {
                ...config,
                controller: { ...config.controller, outputClip: 20 },
                heads: { ...config.heads, preActivationClip: 1e6 },
              } as NtmConfig;
              expect(lossAndGradients(backend, unclipped).loss).not.toBeCloseTo(whole.loss, 3);
            }
          });
        }

        it('runs a whole sequence as one kernel call forward (the per-step path takes several per step) and frees everything', async () => {
          const model = createModel(backend, wholeSequenceConfigs[1]?.[1] as NtmConfig, { seed: 4 });
          const inputs = randomInputs(backend, 8, 6, 3, 5);
          const counts = await backend.countKernels?.(() => model.run(inputs).logits);
          expect(counts?.byKernel['NtmSequence']).toBe(1);
          expect(counts?.byKernel['NtmMemoryStep']).toBeUndefined();
          const before = backend.numTensors();
          for (let i = 0; i < 3; i++) {
            const trainable = model.parameters.trainable().map(({ variable }) => variable);
            const { value, gradients } = backend.variableGradients(() => backend.sumAll(model.run(inputs).logits), trainable);
            backend.dispose([value, ...gradients]);
          }
          expect(backend.numTensors()).toBe(before);
          backend.dispose(inputs);
          model.dispose();
        });
      });
    }

    describe('tensor leaks', () => {
      it(`${options.leakSteps} steps, each in tidy, carrying the state and freeing the old one: numTensors stays flat`, () => {
        const model = asNtm(createModel(backend, { ...tinyNtm, heads: { readHeads: 2, writeHeads: 2 } }, { seed: 2 }));
        const input = backend.tensor(float32Values(4, 2 * 3, 0, 1), [2, 3]);
        let state = model.initialState(2);
        const flat = backend.numTensors();
        const counts: number[] = [];
        for (let t = 0; t < options.leakSteps; t++) {
          const next = backend.tidy(() => model.step(input, state));
          backend.dispose(next.logits);
          backend.dispose(ntmStateTensors(state));
          state = next.state;
          if (t % 25 === 0) counts.push(backend.numTensors());
        }
        expect(
          counts.every((count) => count === flat),
          `counts ${counts.join(', ')}, expected ${flat}`,
        ).toBe(true);
        expect(backend.numTensors()).toBe(flat);
        // The state is still usable after all those disposals.
        expect(Array.from(backend.readSync(state.memory)).every(Number.isFinite)).toBe(true);
        backend.dispose([...ntmStateTensors(state), input]);
        model.dispose();
      });

      it('run inside tidy leaves the count unchanged (with and without a trace); the returned logits are the one tensor kept', () => {
        const model = createModel(backend, { ...tinyNtm, memory: { slots: 6, wordSize: 3, initialization: 'learned' } }, { seed: 2 });
        const inputs = randomInputs(backend, 1, 5, 2, tinyNtm.inputSize);
        const before = backend.numTensors();
        backend.tidy(() => {
          model.run(inputs);
        });
        expect(backend.numTensors()).toBe(before);
        backend.tidy(() => {
          model.run(inputs, { trace: true });
        });
        expect(backend.numTensors()).toBe(before);
        const logits = backend.tidy(() => model.run(inputs).logits);
        expect(backend.numTensors()).toBe(before + 1);
        backend.dispose(logits);
        expect(backend.numTensors()).toBe(before);
        model.dispose();
        backend.dispose(inputs);
      });

      it('a gradient computation inside tidy leaves the count unchanged', () => {
        const model = createModel(backend, tinyNtm, { seed: 2 });
        const inputs = randomInputs(backend, 1, 4, 2, tinyNtm.inputSize);
        const variables = model.parameters.trainable().map(({ variable }) => variable);
        const before = backend.numTensors();
        for (let i = 0; i < 3; i++) {
          backend.tidy(() => {
            backend.variableGradients(() => backend.sumAll(model.run(inputs).logits), variables);
          });
        }
        expect(backend.numTensors()).toBe(before);
        model.dispose();
        backend.dispose(inputs);
      });

      it('dispose frees every parameter', () => {
        const before = backend.numTensors();
        const model = createModel(backend, { ...tinyNtm, memory: { slots: 6, wordSize: 3, initialization: 'random' } });
        expect(backend.numTensors()).toBe(before + model.parameters.list().length);
        model.dispose();
        expect(backend.numTensors()).toBe(before);
      });
    });

    describe('checkpoints', () => {
      const configs: readonly (readonly [string, ModelConfig])[] = [
        ['an NTM with a random memory', { ...tinyNtm, memory: { slots: 6, wordSize: 3, initialization: 'random' } }],
        [
          'an NTM with a learned memory, read-then-write',
          { ...tinyNtm, memory: { slots: 6, wordSize: 3, initialization: 'learned' }, stepOrder: 'read-then-write' },
        ],
        ['an LSTM baseline', { kind: 'lstm', inputSize: 3, outputSize: 2, layerSizes: [5] }],
      ];
      for (const [name, config] of configs) {
        it(`save → load gives bit-identical weights and outputs, beside the original: ${name}`, () => {
          const original = createModel(backend, config, { seed: 17 });
          const loaded = loadModel(backend, decodeCheckpoint(encodeCheckpoint(modelCheckpoint(original, { metadata: { step: 1 } }))));
          expect(parameterValues(loaded)).toEqual(parameterValues(original));
          expect(loaded.parameters.trainable().map(({ path }) => path)).toEqual(original.parameters.trainable().map(({ path }) => path));
          const inputs = randomInputs(backend, 6, 5, 2, config.inputSize);
          expect(runLogits(loaded, inputs)).toEqual(runLogits(original, inputs));
          original.dispose();
          loaded.dispose();
          backend.dispose(inputs);
        });
      }
    });
  });
}
