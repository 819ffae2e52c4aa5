import type { NtmBackend, Tensor } from '@ntm/backend';
import { expectClose, FLOAT32_GRADIENT_TOLERANCE, FLOAT32_TOLERANCE, finiteDifferenceGradients } from '@ntm/backend-conformance';
import { createReferenceBackend } from '@ntm/backend-reference';
import { Random } from '@ntm/random';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HeadsConfig } from '../heads-config.js';
import type { Heads, HeadsProjection } from '../heads.js';
import { makeHeads, projectValues, randomArray } from './test-heads.js';

/** Every parameter tensor of a projection, in a fixed order (read group, then write group). */
function parameterTensors(projection: HeadsProjection): Tensor[] {
  return [projection.read, projection.write].flatMap((group: Record<string, Tensor> | null) =>
    group
      ? Object.keys(group)
          .sort()
          .map((name) => group[name] as Tensor)
      : [],
  );
}

/**
 * `Σ_p Σ (p ⊙ R_p)` over every parameter tensor p with a fixed random R_p: a scalar that
 * depends on every output, so its gradient checks every path (the plain sum of a softmax is
 * constant and would prove nothing).
 */
function projectedLoss(backend: NtmBackend, heads: Heads, controllerOutput: Tensor, seed: number): Tensor {
  const random = new Random(seed);
  const terms = parameterTensors(heads.project(controllerOutput)).map((parameter) => {
    const size = parameter.shape.reduce((a, b) => a * b, 1);
    const weights = backend.tensor(
      Float64Array.from({ length: size }, () => random.normal()),
      parameter.shape,
    );
    return backend.sumAll(backend.mul(parameter, weights));
  });
  return terms.reduce((total, term) => backend.add(total, term));
}

/**
 * The checks that need a tfjs backend: values against the float64 reference with the same
 * weights, gradients against float64 central differences, and the kernel-call count.
 */
export function defineTfjsHeadsChecks(label: string, createBackend: () => Promise<NtmBackend>): void {
  describe(`heads on ${label} against the float64 reference`, () => {
    let backend: NtmBackend;
    const reference = createReferenceBackend();
    beforeAll(async () => {
      backend = await createBackend();
    });

    /** Heads on both backends holding exactly the tfjs heads' (float32) weights. */
    function twins(config: HeadsConfig, seed: number) {
      const tfjs = makeHeads(backend, config, seed);
      const oracle = makeHeads(reference, config, seed);
      // A non-zero bias, so that its gradient and its addition are checked too.
      const bias = randomArray(seed + 1, tfjs.bias.shape[0] as number, 0.5);
      reference.tidy(() => {
        oracle.kernel.assign(reference.tensor(backend.readSync(tfjs.kernel), tfjs.kernel.shape));
        oracle.bias.assign(reference.tensor(bias, tfjs.bias.shape));
      });
      backend.tidy(() => tfjs.bias.assign(backend.tensor(bias, tfjs.bias.shape)));
      return { tfjs, oracle };
    }

    const configs: [string, HeadsConfig][] = [
      ['1 read + 1 write head, the paper’s sizes', { controllerSize: 100, readHeads: 1, writeHeads: 1, wordSize: 20, shiftRadius: 1 }],
      [
        '4 read + 4 write heads, identity key and add',
        { controllerSize: 16, readHeads: 4, writeHeads: 4, wordSize: 6, shiftRadius: 2, keyActivation: 'identity', addActivation: 'identity' },
      ],
    ];
    for (const [name, config] of configs) {
      it(`values with the same weights: ${name}`, () => {
        const { tfjs, oracle } = twins(config, 3);
        const batch = 4;
        const input = randomArray(8, batch * config.controllerSize, 1.5);
        const actual = projectValues(backend, tfjs.heads, input, batch);
        const expected = projectValues(reference, oracle.heads, input, batch);
        for (const group of ['read', 'write'] as const) {
          for (const [parameter, values] of Object.entries(expected[group] ?? {})) {
            expectClose(actual[group]?.[parameter] ?? [], values, FLOAT32_TOLERANCE, `${group}.${parameter}`);
          }
        }
      });
    }

    const gradientCases: [string, HeadsConfig][] = [
      ['1 read + 1 write head', { controllerSize: 3, readHeads: 1, writeHeads: 1, wordSize: 2, shiftRadius: 1 }],
      [
        '2 read + 2 write heads, shift radius 2, identity add',
        { controllerSize: 3, readHeads: 2, writeHeads: 2, wordSize: 2, shiftRadius: 2, addActivation: 'identity' },
      ],
      [
        'clip 0.3, so some pre-activations are clipped and pass no gradient',
        { controllerSize: 3, readHeads: 1, writeHeads: 1, wordSize: 2, shiftRadius: 1, preActivationClip: 0.3 },
      ],
    ];
    for (const [name, config] of gradientCases) {
      it(`gradients w.r.t. the weights and the controller output: ${name}`, () => {
        const { tfjs, oracle } = twins(config, 5);
        const batch = 2;
        const input = randomArray(6, batch * config.controllerSize);
        const inputShape = [batch, config.controllerSize];
        const lossSeed = 17;

        const h = backend.tensor(input, inputShape);
        const byInput = backend.valueAndGradients((x) => projectedLoss(backend, tfjs.heads, x, lossSeed), [h]);
        const byWeights = backend.variableGradients(() => projectedLoss(backend, tfjs.heads, h, lossSeed), [tfjs.kernel, tfjs.bias]);
        const actual = [byInput.gradients[0], ...byWeights.gradients].map((g) => Float64Array.from(backend.readSync(g as Tensor)));
        backend.dispose([h, byInput.value, byWeights.value, ...byInput.gradients, ...byWeights.gradients]);

        const expected = finiteDifferenceGradients(
          reference,
          (x, kernel, bias) => {
            oracle.kernel.assign(kernel as Tensor);
            oracle.bias.assign(bias as Tensor);
            return projectedLoss(reference, oracle.heads, x as Tensor, lossSeed);
          },
          [
            { values: input, shape: inputShape },
            { values: reference.readSync(oracle.kernel), shape: oracle.kernel.shape },
            { values: reference.readSync(oracle.bias), shape: oracle.bias.shape },
          ],
        );
        ['controllerOutput', 'kernel', 'bias'].forEach((what, index) => {
          const want = expected[index] as Float64Array;
          const scale = Math.max(...want.map(Math.abs));
          expect(scale, `${what}: the loss depends on it`).toBeGreaterThan(1e-3);
          expectClose(actual[index] as Float64Array, want, FLOAT32_GRADIENT_TOLERANCE, `d loss / d ${what}`, scale);
        });
        if (config.preActivationClip === 0.3) {
          const zeroBiasGradients = (expected[2] as Float64Array).filter((g) => g === 0).length;
          expect(zeroBiasGradients, 'some columns are clipped in both rows').toBeGreaterThan(0);
        }
      });
    }

    it('one project costs a fixed number of kernel calls, whatever the number of heads', async () => {
      const count = async (owner: NtmBackend, config: HeadsConfig) => {
        const { heads } = makeHeads(owner, config);
        const input = owner.fill([8, config.controllerSize], 0.5);
        const { kernelCalls, byKernel } = await (owner.countKernels as NonNullable<NtmBackend['countKernels']>)(() => heads.project(input));
        owner.dispose(input);
        // tf.profile lists every custom-gradient scope (the clip, tfjs-wasm's matMul) as an
        // "unnamed scope" entry besides the kernels it runs: not a kernel call.
        return kernelCalls - (byKernel['unnamed scope'] ?? 0);
      };
      const base = { controllerSize: 10, wordSize: 4, shiftRadius: 1 };
      const oneAndOne = await count(backend, { ...base, readHeads: 1, writeHeads: 1 });
      expect(await count(backend, { ...base, readHeads: 4, writeHeads: 4 })).toBe(oneAndOne);
      expect(await count(backend, { ...base, readHeads: 8, writeHeads: 3, shiftRadius: 3 })).toBe(oneAndOne);
      // The documented count: matMul, bias add, clip, tanh, softplus, +1, sigmoid, then
      // 5 slices + 2 reshapes + softmax for the read group, 7 + 4 + 1 for the write group.
      expect(oneAndOne).toBe(27);
      expect(await count(backend, { ...base, readHeads: 1, writeHeads: 1, keyActivation: 'identity', addActivation: 'identity' })).toBe(26);
      expect(await count(backend, { ...base, readHeads: 0, writeHeads: 2 })).toBeLessThan(oneAndOne);
    });

    it('the projection leaves no tensor behind, forward or backward', () => {
      const config: HeadsConfig = { controllerSize: 6, readHeads: 2, writeHeads: 1, wordSize: 3, shiftRadius: 1 };
      const { heads } = makeHeads(backend, config);
      const h = backend.fill([2, 6], 0.3);
      const before = backend.numTensors();
      for (let i = 0; i < 3; i++) {
        const projection = heads.project(h);
        for (const group of [projection.read, projection.write]) backend.dispose(Object.values(group ?? {}));
        backend.tidy(() => {
          backend.valueAndGradients((x) => projectedLoss(backend, heads, x, 3), [h]);
        });
      }
      expect(backend.numTensors()).toBe(before);
      backend.dispose(h);
    });
  });
}
