import type { AddressingEpsilons, NtmBackend, Tensor } from '@ntm/backend';
import { Random } from '@ntm/random';
import { describe, expect, it } from 'vitest';
import { addressWithLoops, readMemoryWithLoops, writeMemoryWithLoops, type OracleResult } from './addressing-oracle.js';
import type { ConformanceContext } from './conformance-context.js';
import { finiteDifferenceGradientsOf } from './finite-differences.js';
import { randomValues, readTensor, type TensorValues } from './tensor-values.js';
import { expectClose } from './tolerance.js';

const B = 2;
const H = 2;
const N = 6;
const M = 4;
const K = 3;
const epsilons: AddressingEpsilons = { similarity: 1e-8, sharpening: 1e-8 };

/** Random rows that are distributions (positive, summing to 1), as weightings and shift kernels are. */
function randomDistributions(random: Random, shape: readonly number[]): TensorValues {
  const { values } = randomValues(random, shape, 0.05, 1);
  const length = shape[shape.length - 1] as number;
  for (let start = 0; start < values.length; start += length) {
    let total = 0;
    for (let i = start; i < start + length; i++) total += values[i] as number;
    for (let i = start; i < start + length; i++) values[i] = Math.fround((values[i] as number) / total);
  }
  return { values, shape: [...shape] };
}

/** One fused kernel's check: its inputs, how to call it, and the loop oracle. */
interface FusedCase {
  readonly kernel: 'address' | 'readMemory' | 'writeMemory';
  readonly inputs: (random: Random) => TensorValues[];
  readonly call: (backend: NtmBackend, inputs: Tensor[]) => Tensor | undefined;
  readonly oracle: (inputs: TensorValues[]) => OracleResult;
}

const addressFields = ['memory', 'key', 'keyStrength', 'interpolationGate', 'shiftWeighting', 'sharpening', 'previousWeighting'] as const;

/** The addressing inputs, given in the order of {@link addressFields}, as a named record. */
function byAddressingField<T>(items: readonly T[]): Record<(typeof addressFields)[number], T> {
  const record = {} as Record<(typeof addressFields)[number], T>;
  addressFields.forEach((field, index) => {
    record[field] = items[index] as T;
  });
  return record;
}

const fusedCases: readonly FusedCase[] = [
  {
    kernel: 'address',
    inputs: (random) => [
      randomValues(random, [B, N, M], -1, 1),
      randomValues(random, [B, H, M], -1, 1),
      randomValues(random, [B, H], 0.5, 5),
      randomValues(random, [B, H], 0.05, 0.95),
      randomDistributions(random, [B, H, K]),
      randomValues(random, [B, H], 1, 3),
      randomDistributions(random, [B, H, N]),
    ],
    call: (backend, inputs) => backend.fused.address?.(byAddressingField(inputs), epsilons),
    oracle: (inputs) => addressWithLoops(byAddressingField(inputs), epsilons),
  },
  {
    kernel: 'readMemory',
    inputs: (random) => [randomValues(random, [B, N, M], -1, 1), randomDistributions(random, [B, H, N])],
    call: (backend, [memory, weighting]) => backend.fused.readMemory?.(memory as Tensor, weighting as Tensor),
    oracle: ([memory, weighting]) => readMemoryWithLoops(memory as TensorValues, weighting as TensorValues),
  },
  {
    kernel: 'writeMemory',
    inputs: (random) => [
      randomValues(random, [B, N, M], -1, 1),
      randomDistributions(random, [B, H, N]),
      randomValues(random, [B, H, M], 0, 1),
      randomValues(random, [B, H, M], -1, 1),
    ],
    call: (backend, [memory, weighting, erase, add]) => backend.fused.writeMemory?.(memory as Tensor, weighting as Tensor, erase as Tensor, add as Tensor),
    oracle: ([memory, weighting, erase, add]) =>
      writeMemoryWithLoops(memory as TensorValues, weighting as TensorValues, erase as TensorValues, add as TensorValues),
  },
];

function largestMagnitude(values: ArrayLike<number>): number {
  let largest = 0;
  for (let i = 0; i < values.length; i++) largest = Math.max(largest, Math.abs(values[i] as number));
  return largest;
}

/**
 * Fused kernels, where a backend supplies them, against the plain-loop oracle of docs/math.md §2:
 * values, and gradients (against finite differences of the oracle) when the backend has them.
 */
export function describeFusedKernels(context: ConformanceContext): void {
  describe('fused kernels against the loops of docs/math.md', () => {
    fusedCases.forEach((fusedCase, caseIndex) => {
      it(`fused.${fusedCase.kernel}: values`, (test) => {
        const backend = context.backend();
        if (!backend.fused[fusedCase.kernel]) test.skip();
        const inputs = fusedCase.inputs(new Random(context.seed * 31 + caseIndex));
        const expected = fusedCase.oracle(inputs);
        const baseline = backend.numTensors();
        let actual: { values: Float64Array; shape: number[] } | undefined;
        backend.tidy(() => {
          const tensors = inputs.map((input) => backend.tensor(input.values, input.shape));
          actual = readTensor(backend, fusedCase.call(backend, tensors) as Tensor);
        });
        expect(backend.numTensors(), 'tensors left after tidy').toBe(baseline);
        expect(actual?.shape).toEqual(expected.shape);
        expectClose(actual?.values ?? [], expected.values, context.tolerance, `fused.${fusedCase.kernel}`);
      });

      it(`fused.${fusedCase.kernel}: gradients against finite differences`, (test) => {
        const backend = context.backend();
        if (!backend.fused[fusedCase.kernel] || !backend.capabilities.gradients) test.skip();
        const random = new Random(context.seed * 37 + caseIndex);
        const inputs = fusedCase.inputs(random);
        const outputShape = fusedCase.oracle(inputs).shape;
        const target = randomValues(random, outputShape, -1, 1);
        // Σ target ⊙ kernel(inputs): a scalar whose gradient reaches every output entry.
        const objective = (arrays: Float64Array[]): number => {
          const output = fusedCase.oracle(arrays.map((values, index) => ({ values, shape: (inputs[index] as TensorValues).shape })));
          let total = 0;
          for (let i = 0; i < output.values.length; i++) total += (output.values[i] as number) * (target.values[i] as number);
          return total;
        };
        const expected = finiteDifferenceGradientsOf(
          objective,
          inputs.map((input) => input.values),
        );
        const baseline = backend.numTensors();
        const tensors = inputs.map((input) => backend.tensor(input.values, input.shape));
        const result = backend.valueAndGradients(
          (...xs) => backend.sumAll(backend.mul(fusedCase.call(backend, xs) as Tensor, backend.tensor(target.values, target.shape))),
          tensors,
        );
        const gradients = result.gradients.map((gradient) => readTensor(backend, gradient));
        backend.dispose([result.value, ...result.gradients, ...tensors]);
        expect(backend.numTensors(), 'tensors left after disposing everything').toBe(baseline);
        gradients.forEach((gradient, index) => {
          const expectedGradient = expected[index] as Float64Array;
          expectClose(
            gradient.values,
            expectedGradient,
            context.gradientTolerance,
            `fused.${fusedCase.kernel}: gradient of input ${index}`,
            largestMagnitude(expectedGradient),
          );
        });
      });
    });
  });
}
