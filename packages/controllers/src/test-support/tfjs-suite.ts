import { ParameterStore, type NtmBackend, type Tensor, type Variable } from '@ntm/backend';
import { FLOAT32_GRADIENT_TOLERANCE, FLOAT32_TOLERANCE, expectClose, finiteDifferenceGradientsOf } from '@ntm/backend-conformance';
import { createReferenceBackend } from '@ntm/backend-reference';
import { createTfjsBackend } from '@ntm/backend-tfjs';
import { Random } from '@ntm/random';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Controller } from '../controller.js';
import { createController, type ControllerConfig } from '../create-controller.js';
import { readParameters, writeParameters } from './parameters.js';

/** tfjs variable names are global to the process: every store gets a scope of its own. */
let storeCounter = 0;

interface Built {
  readonly store: ParameterStore;
  readonly controller: Controller;
}

function build(backend: NtmBackend, scope: string, config: ControllerConfig, seed: number): Built {
  const store = new ParameterStore(backend);
  const controller = createController(store.scope(scope), new Random(seed), config);
  return { store, controller };
}

/**
 * The same controller on tfjs and on the float64 reference, the reference's parameters set to the
 * tfjs values (float32 numbers are exact float64 numbers), so both compute from identical weights.
 */
function buildPair(tfjs: NtmBackend, config: ControllerConfig, seed: number): { tfjs: Built; reference: Built } {
  const scope = `pair${storeCounter++}`;
  const onTfjs = build(tfjs, scope, config, seed);
  const onReference = build(createReferenceBackend(), scope, config, seed);
  writeParameters(onReference.store, readParameters(onTfjs.store));
  return { tfjs: onTfjs, reference: onReference };
}

function uniformValues(random: Random, count: number, bound = 1): number[] {
  return Array.from({ length: count }, () => random.uniform(-bound, bound));
}

/**
 * The loss the gradient tests differentiate: `Σ_t Σ output_t ⊙ P_t` over an unroll from the
 * (learned) initial state, with fixed random projections P_t, so every output element of every
 * step reaches the loss with its own weight.
 */
function unrollLoss(backend: NtmBackend, controller: Controller, inputs: readonly Tensor[], projections: readonly Tensor[]): Tensor {
  let state = controller.initialState(inputs[0]?.shape[0] as number);
  let loss = backend.scalar(0);
  inputs.forEach((input, t) => {
    const result = controller.step(input, state);
    loss = backend.add(loss, backend.sumAll(backend.mul(result.output, projections[t] as Tensor)));
    state = result.state;
  });
  return loss;
}

interface NamedConfig {
  readonly name: string;
  readonly config: ControllerConfig;
}

const lstmConfig: ControllerConfig = { kind: 'lstm', inputSize: 3, layerSizes: [4, 3] };
const reluConfig: ControllerConfig = { kind: 'feed-forward', inputSize: 3, hiddenSizes: [4, 3], activation: 'relu' };
const gradientConfigs: NamedConfig[] = [
  { name: 'LSTM 3 → 4 → 3', config: lstmConfig },
  { name: 'LSTM 2 → 5, outputClip 0.5', config: { kind: 'lstm', inputSize: 2, layerSizes: [5], outputClip: 0.5 } },
  { name: 'feed-forward tanh 3 → 4 → 3', config: { kind: 'feed-forward', inputSize: 3, hiddenSizes: [4, 3] } },
  { name: 'feed-forward sigmoid 3 → 5', config: { kind: 'feed-forward', inputSize: 3, hiddenSizes: [5], activation: 'sigmoid' } },
];

/**
 * The controller tests that need a tfjs backend, for one flavour per test file (tfjs has one
 * active backend per process): values and gradients against the float64 reference, determinism
 * of the initial weights, tensor leaks, the output clip and the kernel count of a step.
 */
export function describeControllersOnTfjs(flavour: 'wasm' | 'cpu'): void {
  describe(`controllers on tfjs-${flavour}`, () => {
    let backend: NtmBackend;
    beforeAll(async () => {
      backend = await createTfjsBackend(flavour);
    });

    it.each<NamedConfig>([
      { name: 'LSTM 3 → 4 → 3', config: lstmConfig },
      { name: 'feed-forward relu 3 → 4 → 3', config: reluConfig },
    ])('creates the same initial weights as the reference for the same seed ($name)', ({ config }) => {
      const scope = `seed${storeCounter++}`;
      const onTfjs = readParameters(build(backend, scope, config, 42).store);
      const onReference = readParameters(build(createReferenceBackend(), scope, config, 42).store);
      expect([...onTfjs.keys()]).toEqual([...onReference.keys()]);
      for (const [path, values] of onReference) {
        expect(Array.from(onTfjs.get(path) as Float64Array), path).toEqual(Array.from(values, Math.fround));
      }
    });

    it.each<NamedConfig>([
      { name: 'LSTM 3 → 4 → 3', config: lstmConfig },
      { name: 'LSTM 6 → 8', config: { kind: 'lstm', inputSize: 6, layerSizes: [8] } },
      { name: 'feed-forward relu 3 → 4 → 3', config: reluConfig },
      { name: 'feed-forward tanh 5 → 6', config: { kind: 'feed-forward', inputSize: 5, hiddenSizes: [6] } },
    ])('computes the same outputs and states as the float64 reference over 3 steps ($name)', ({ config }) => {
      const pair = buildPair(backend, config, 7);
      const random = new Random(8);
      const batch = 3;
      const inputs = Array.from({ length: 3 }, () => uniformValues(random, batch * config.inputSize, 2));
      const run = ({ store, controller }: Built) => {
        const { backend: owner } = store;
        let state = controller.initialState(batch);
        const outputs: number[][] = [];
        for (const input of inputs) {
          const result = controller.step(owner.tensor(input, [batch, config.inputSize]), state);
          outputs.push(Array.from(owner.readSync(result.output)));
          state = result.state;
        }
        return { outputs, state: state.map((tensor) => Array.from(owner.readSync(tensor))) };
      };
      const actual = backend.tidy(() => run(pair.tfjs));
      const expected = run(pair.reference);
      for (const [t, output] of actual.outputs.entries()) {
        expectClose(output, expected.outputs[t] as number[], FLOAT32_TOLERANCE, `output at step ${t}`);
      }
      for (const [index, tensor] of actual.state.entries()) {
        expectClose(tensor, expected.state[index] as number[], FLOAT32_TOLERANCE, `state[${index}]`);
      }
      pair.tfjs.store.dispose();
    });

    it.each(gradientConfigs)(
      'gives the gradients of a 3-step unroll w.r.t. every parameter and input that float64 finite differences give ($name)',
      ({ config }) => {
        const pair = buildPair(backend, config, 3);
        const random = new Random(5);
        const [batch, steps] = [2, 3];
        const { controller } = pair.tfjs;
        const inputValues = Array.from({ length: steps }, () => uniformValues(random, batch * config.inputSize, 1.5));
        const projectionValues = Array.from({ length: steps }, () => uniformValues(random, batch * controller.outputSize));
        const inputShape = [batch, config.inputSize];
        const projectionShape = [batch, controller.outputSize];

        // tfjs: inputs as variables too, since the NTM backpropagates into the read vectors.
        const scope = `inputs${storeCounter++}`;
        const inputVariables = inputValues.map((values, t) => backend.variable(backend.tensor(values, inputShape), `${scope}/x${t}`));
        const parameters = pair.tfjs.store.list();
        const variables: Variable[] = [...parameters.map(({ variable }) => variable), ...inputVariables];
        const gradients = backend.tidy(() => {
          const projections = projectionValues.map((values) => backend.tensor(values, projectionShape));
          const { gradients: tensors } = backend.variableGradients(() => unrollLoss(backend, controller, inputVariables, projections), variables);
          return tensors.map((tensor) => Array.from(backend.readSync(tensor)));
        });

        // Reference: central differences in float64 over the same point.
        const reference = pair.reference.store.backend;
        const referenceParameters = pair.reference.store.list();
        const point = [...referenceParameters.map(({ variable }) => reference.readSync(variable)), ...inputValues];
        const expected = finiteDifferenceGradientsOf((values) => {
          writeParameters(pair.reference.store, new Map(referenceParameters.map(({ path }, index) => [path, values[index] as Float64Array])));
          return reference.tidy(() => {
            const inputs = values.slice(referenceParameters.length).map((input) => reference.tensor(input, inputShape));
            const projections = projectionValues.map((projection) => reference.tensor(projection, projectionShape));
            return reference.readSync(unrollLoss(reference, pair.reference.controller, inputs, projections))[0] as number;
          });
        }, point);

        const names = [...parameters.map(({ path }) => path), ...inputVariables.map((variable) => variable.name)];
        names.forEach((name, index) => {
          const wanted = expected[index] as Float64Array;
          const scale = Math.max(...wanted.map(Math.abs));
          expectClose(gradients[index] as number[], wanted, FLOAT32_GRADIENT_TOLERANCE, `d loss / d ${name}`, scale);
        });
        // Every parameter takes part: no gradient is all zeros (a block wired to nothing would be).
        names.forEach((name, index) => {
          expect(Math.max(...(gradients[index] as number[]).map(Math.abs)), name).toBeGreaterThan(1e-4);
        });
        backend.dispose(inputVariables);
        pair.tfjs.store.dispose();
      },
    );

    it('backpropagates into the learned initial state of every LSTM layer', () => {
      const { store, controller } = build(backend, `initial${storeCounter++}`, { kind: 'lstm', inputSize: 2, layerSizes: [3, 3] }, 1);
      const initialState = store.list().filter(({ path }) => /initial(Hidden|Cell)$/.test(path));
      expect(initialState).toHaveLength(4);
      const norms = backend.tidy(() => {
        const inputs = [backend.tensor([0.5, -1, 1, 0.2], [2, 2]), backend.tensor([-0.3, 0.8, 0.1, 0.4], [2, 2])];
        const projections = inputs.map(() => backend.fill([2, 3], 1));
        const { gradients } = backend.variableGradients(
          () => unrollLoss(backend, controller, inputs, projections),
          initialState.map(({ variable }) => variable),
        );
        return gradients.map((gradient) => Math.max(...Array.from(backend.readSync(gradient), Math.abs)));
      });
      for (const [index, norm] of norms.entries()) expect(norm, initialState[index]?.path).toBeGreaterThan(1e-3);
      store.dispose();
    });

    it('leaks no tensors over many steps inside tidy, forward and backward', () => {
      const { store, controller } = build(backend, `leak${storeCounter++}`, { kind: 'lstm', inputSize: 3, layerSizes: [4, 4] }, 1);
      const variables = store.list().map(({ variable }) => variable);
      const counts: number[] = [];
      for (let round = 0; round < 5; round++) {
        counts.push(backend.numTensors());
        backend.tidy(() => {
          let state = controller.initialState(2);
          for (let t = 0; t < 20; t++) state = controller.step(backend.fill([2, 3], t / 20), state).state;
        });
        backend.tidy(() => {
          const inputs = Array.from({ length: 5 }, () => backend.fill([2, 3], 0.5));
          const projections = inputs.map(() => backend.fill([2, 4], 1));
          backend.variableGradients(() => unrollLoss(backend, controller, inputs, projections), variables);
        });
      }
      counts.push(backend.numTensors());
      expect(new Set(counts).size, `tensor counts per round: ${counts.join(', ')}`).toBe(1);
      store.dispose();
    });

    it('clips a feed-forward output of huge weights to exactly ±20 (relu: 20 and 0) and ±outputClip for tanh', () => {
      const relu = build(backend, `clip${storeCounter++}`, { kind: 'feed-forward', inputSize: 2, hiddenSizes: [4], activation: 'relu' }, 1);
      const tanh = build(backend, `clip${storeCounter++}`, { kind: 'feed-forward', inputSize: 2, hiddenSizes: [2], outputClip: 0.5 }, 1);
      for (const { store } of [relu, tanh]) {
        // Kernel columns alternate huge positive and huge negative weights.
        writeParameters(
          store,
          new Map(
            store.list().map(({ path, variable }) => {
              const size = variable.shape.reduce((product, dimension) => product * dimension, 1);
              return [path, Array.from({ length: size }, (_, index) => (path.endsWith('kernel') ? (index % 2 === 0 ? 1e6 : -1e6) : 0))];
            }),
          ),
        );
      }
      const [reluOutput, tanhOutput] = backend.tidy(() => [
        Array.from(backend.readSync(relu.controller.step(backend.tensor([1, 1, 3, 2], [2, 2]), []).output)),
        Array.from(backend.readSync(tanh.controller.step(backend.tensor([1, 1, -1, -1], [2, 2]), []).output)),
      ]);
      expect(reluOutput).toEqual([20, 0, 20, 0, 20, 0, 20, 0]);
      expect(tanhOutput).toEqual([0.5, -0.5, -0.5, 0.5]);
      relu.store.dispose();
      tanh.store.dispose();
    });

    it('makes the documented number of kernel calls per step: 14 per LSTM layer, 3 per dense layer', async () => {
      // tf.profile lists every custom-gradient scope (tfjs-wasm's matMul has one) as an
      // "unnamed scope" entry besides the kernels it runs: not a kernel call.
      const count = async (f: () => Tensor): Promise<number> => {
        if (!backend.countKernels) return expect.fail(`tfjs-${flavour} should count kernels`);
        const { kernelCalls, byKernel } = await backend.countKernels(f);
        return kernelCalls - (byKernel['unnamed scope'] ?? 0);
      };
      const lstm = build(backend, `kernels${storeCounter++}`, { kind: 'lstm', inputSize: 3, layerSizes: [4, 4] }, 1);
      const feedForward = build(backend, `kernels${storeCounter++}`, { kind: 'feed-forward', inputSize: 3, hiddenSizes: [4, 4] }, 1);
      const input = backend.fill([2, 3], 0.5);
      const state = lstm.controller.initialState(2);
      expect(await count(() => lstm.controller.step(input, state).output)).toBe(2 * 14);
      expect(await count(() => feedForward.controller.step(input, []).output)).toBe(2 * 3);
      backend.dispose([input, ...state]);
      lstm.store.dispose();
      feedForward.store.dispose();
    });
  });
}
