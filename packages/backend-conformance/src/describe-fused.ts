import type { NtmBackend, Tensor } from '@ntm/backend';
import type { AddressingEpsilons, MemoryStepInputs, MemoryStepOrder, MemoryStepResult } from '@ntm/addressing';
import { memoryStepGeneric } from '@ntm/addressing';
import { Random } from '@ntm/random';
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from './conformance-context.js';
import { NTM_SEQUENCE_CASES, ntmSequenceInputNames, ntmSequenceInputs, ntmSequenceValues, steppedNtmSequence } from './ntm-sequence-cases.js';
import { finiteDifferenceGradients } from './finite-differences.js';
import { randomDistributions, randomValues, readTensor, type TensorValues } from './tensor-values.js';
import { expectClose } from './tolerance.js';

const epsilons: AddressingEpsilons = { similarity: 1e-8, sharpening: 1e-8 };

/** The sizes of one memory-step case: R read and W write heads, N slots, M word size, K shift width. */
interface MemoryStepCase {
  readonly order: MemoryStepOrder;
  readonly readHeads: number;
  readonly writeHeads: number;
  readonly slots: number;
  readonly wordSize: number;
  readonly kernelWidth: number;
  /** Head 0 of write row 0 wipes slot 0 (w = e = 1): where a quotient form of the erase gradient would divide 0 by 0. */
  readonly wipe?: boolean;
}

const memoryStepCases: readonly MemoryStepCase[] = [
  { order: 'write-then-read', readHeads: 1, writeHeads: 1, slots: 16, wordSize: 8, kernelWidth: 3 },
  { order: 'read-then-write', readHeads: 1, writeHeads: 1, slots: 16, wordSize: 8, kernelWidth: 3 },
  { order: 'write-then-read', readHeads: 2, writeHeads: 3, slots: 13, wordSize: 7, kernelWidth: 5, wipe: true },
  { order: 'read-then-write', readHeads: 3, writeHeads: 2, slots: 9, wordSize: 5, kernelWidth: 3 },
  // A one-number word, and a shift as wide as the memory.
  { order: 'write-then-read', readHeads: 2, writeHeads: 1, slots: 5, wordSize: 1, kernelWidth: 5 },
];

const BATCH = 2;
const headFields = ['key', 'keyStrength', 'interpolationGate', 'shiftWeighting', 'sharpening', 'previousWeighting'] as const;

function describeCase(c: MemoryStepCase): string {
  return `${c.order}, R ${c.readHeads}, W ${c.writeHeads}, N ${c.slots}, M ${c.wordSize}, K ${c.kernelWidth}${c.wipe ? ', a wiped slot' : ''}`;
}

/** One group of heads' six addressing inputs, in {@link headFields} order. */
function headValues(random: Random, heads: number, c: MemoryStepCase): TensorValues[] {
  return [
    randomValues(random, [BATCH, heads, c.wordSize], -1, 1),
    randomValues(random, [BATCH, heads], 0.5, 5),
    randomValues(random, [BATCH, heads], 0.05, 0.95),
    randomDistributions(random, [BATCH, heads, c.kernelWidth]),
    randomValues(random, [BATCH, heads], 1, 3),
    randomDistributions(random, [BATCH, heads, c.slots]),
  ];
}

/** The fifteen inputs of a memory step: M_{t−1}, the read heads' six, the write heads' six, erase and add. */
function memoryStepValues(random: Random, c: MemoryStepCase): TensorValues[] {
  const values = [
    randomValues(random, [BATCH, c.slots, c.wordSize], -1, 1),
    ...headValues(random, c.readHeads, c),
    ...headValues(random, c.writeHeads, c),
    randomValues(random, [BATCH, c.writeHeads, c.wordSize], 0, 1),
    randomValues(random, [BATCH, c.writeHeads, c.wordSize], -1, 1),
  ];
  if (c.wipe) {
    // Write head 0 of row 0: previous weighting (input 12) one-hot at slot 0, g ≈ 0 (input 9) to
    // keep it, a one-hot shift by 0 (input 10), so w_t[0] ≈ 1; and erase (input 13) all ones.
    const previous = (values[12] as TensorValues).values as Float64Array;
    previous.fill(0, 0, c.slots);
    previous[0] = 1;
    // g just above 0: at 0 itself a central difference would step outside [0, 1].
    ((values[9] as TensorValues).values as Float64Array)[0] = 1e-3;
    const shift = (values[10] as TensorValues).values as Float64Array;
    shift.fill(0, 0, c.kernelWidth);
    shift[(c.kernelWidth - 1) / 2] = 1;
    ((values[13] as TensorValues).values as Float64Array).fill(1, 0, c.wordSize);
  }
  return values;
}

function asMemoryStepInputs(xs: readonly Tensor[]): MemoryStepInputs {
  const group = (start: number) => Object.fromEntries(headFields.map((field, index) => [field, xs[start + index] as Tensor])) as MemoryStepInputs['read'];
  return { memory: xs[0] as Tensor, read: group(1), write: { ...group(7), erase: xs[13] as Tensor, add: xs[14] as Tensor } };
}

/** Σ of every output weighted by `targets`: a scalar whose gradient reaches every output entry. */
function weightedOutputs(backend: NtmBackend, result: MemoryStepResult, targets: readonly TensorValues[]): Tensor {
  const outputs = [result.memory, result.readWeighting, result.writeWeighting, result.readVectors];
  return outputs
    .map((output, index) => backend.sumAll(backend.mul(output, backend.tensor((targets[index] as TensorValues).values, output.shape))))
    .reduce((total, term) => backend.add(total, term));
}

function largestMagnitude(values: ArrayLike<number>): number {
  let largest = 1e-6;
  for (let i = 0; i < values.length; i++) largest = Math.max(largest, Math.abs(values[i] as number));
  return largest;
}

/** The value and the gradient of every input of `objective`, read back as float64, leaving no tensor behind. */
function valueAndGradients(backend: NtmBackend, objective: (...xs: Tensor[]) => Tensor, inputs: readonly TensorValues[]) {
  const baseline = backend.numTensors();
  const tensors = inputs.map((input) => backend.tensor(input.values, input.shape));
  const { value, gradients } = backend.valueAndGradients(objective, tensors);
  const result = { value: readTensor(backend, value).values[0] as number, gradients: gradients.map((gradient) => readTensor(backend, gradient).values) };
  backend.dispose([value, ...gradients, ...tensors]);
  expect(backend.numTensors(), 'tensors left after disposing everything').toBe(baseline);
  return result;
}

/**
 * The fused hooks the model uses, where a backend supplies them, against their generic
 * composition on the float64 reference backend: `memoryStep` against `memoryStepGeneric` of
 * `@ntm/addressing`, and `ntmSequence` against the same sequence stepped through time
 * ({@link steppedNtmSequence}). Values, and gradients of every input when the backend has them.
 */
export function describeFusedKernels(context: ConformanceContext): void {
  describe('fused kernels against their generic composition on the float64 reference', () => {
    memoryStepCases.forEach((c, caseIndex) => {
      it(`fused.memoryStep: values (${describeCase(c)})`, (test) => {
        const backend = context.backend();
        const memoryStep = backend.fused.memoryStep;
        if (!memoryStep) return test.skip();
        const inputs = memoryStepValues(new Random(context.seed * 31 + caseIndex), c);
        const expected = context.reference.tidy(() => {
          const result = memoryStepGeneric(context.reference, asMemoryStepInputs(inputs.map((x) => context.reference.tensor(x.values, x.shape))), c.order, {
            epsilons,
          });
          return [result.memory, result.readWeighting, result.writeWeighting, result.readVectors].map((x) => readTensor(context.reference, x));
        });
        const baseline = backend.numTensors();
        const actual = backend.tidy(() => {
          const result = memoryStep(asMemoryStepInputs(inputs.map((x) => backend.tensor(x.values, x.shape))), c.order, epsilons);
          if (result === null) return null;
          return [result.memory, result.readWeighting, result.writeWeighting, result.readVectors].map((x) => readTensor(backend, x));
        });
        expect(backend.numTensors(), 'tensors left after tidy').toBe(baseline);
        expect(actual, 'fused.memoryStep declined a small step').not.toBeNull();
        ['memory', 'readWeighting', 'writeWeighting', 'readVectors'].forEach((name, index) => {
          const want = expected[index] as { values: Float64Array; shape: number[] };
          const got = (actual as { values: Float64Array; shape: number[] }[])[index];
          expect(got?.shape, name).toEqual(want.shape);
          expectClose(got?.values ?? [], want.values, context.tolerance, `fused.memoryStep: ${name}`, largestMagnitude(want.values));
        });
      });

      it(`fused.memoryStep: the gradient of every input (${describeCase(c)})`, (test) => {
        const backend = context.backend();
        const memoryStep = backend.fused.memoryStep;
        if (!memoryStep || !backend.capabilities.gradients) return test.skip();
        const random = new Random(context.seed * 37 + caseIndex);
        const inputs = memoryStepValues(random, c);
        const targets = [
          randomValues(random, [BATCH, c.slots, c.wordSize], -1, 1),
          randomValues(random, [BATCH, c.readHeads, c.slots], -1, 1),
          randomValues(random, [BATCH, c.writeHeads, c.slots], -1, 1),
          randomValues(random, [BATCH, c.readHeads, c.wordSize], -1, 1),
        ];
        const { reference } = context;
        const objective = (...xs: Tensor[]) => weightedOutputs(reference, memoryStepGeneric(reference, asMemoryStepInputs(xs), c.order, { epsilons }), targets);
        const expected = {
          value: reference.tidy(() => reference.readSync(objective(...inputs.map((x) => reference.tensor(x.values, x.shape))))[0] as number),
          gradients: finiteDifferenceGradients(reference, objective, inputs),
        };
        const actual = valueAndGradients(
          backend,
          (...xs) => {
            const result = memoryStep(asMemoryStepInputs(xs), c.order, epsilons);
            if (result === null) throw new Error('fused.memoryStep declined a small step');
            return weightedOutputs(backend, result, targets);
          },
          inputs,
        );
        expectClose([actual.value], [expected.value], context.tolerance, 'fused.memoryStep: loss', Math.abs(expected.value));
        expected.gradients.forEach((want, index) => {
          expectClose(actual.gradients[index] ?? [], want, context.gradientTolerance, `fused.memoryStep: gradient of input ${index}`, largestMagnitude(want));
        });
      });
    });

    NTM_SEQUENCE_CASES.forEach(([name, sizes], caseIndex) => {
      it(`fused.ntmSequence: rows and the gradient of every input (${name})`, (test) => {
        const backend = context.backend();
        const ntmSequence = backend.fused.ntmSequence;
        if (!ntmSequence) return test.skip();
        const inputs = ntmSequenceValues(sizes, context.seed * 41 + caseIndex);
        const rowCount = sizes.time * sizes.batch * ((sizes.layers[sizes.layers.length - 1] as number) + sizes.readHeads * sizes.wordSize);
        const projection = randomValues(new Random(context.seed * 43 + caseIndex), [rowCount], -1, 1);
        const { reference } = context;
        const objective =
          (owner: NtmBackend, rows: (xs: Tensor[]) => Tensor) =>
          (...xs: Tensor[]) => {
            const output = rows(xs);
            return owner.sumAll(owner.mul(output, owner.reshape(owner.tensor(projection.values, [rowCount]), output.shape)));
          };
        const steppedRows = (xs: Tensor[]) => steppedNtmSequence(reference, ntmSequenceInputs(sizes, xs), sizes.order, epsilons);
        const wholeRows = (xs: Tensor[]) => {
          const rows = ntmSequence(ntmSequenceInputs(sizes, xs), sizes.order, epsilons);
          if (rows === null) throw new Error('fused.ntmSequence declined a small sequence');
          return rows;
        };
        const expectedRows = reference.tidy(() => readTensor(reference, steppedRows(inputs.map((x) => reference.tensor(x.values, x.shape)))));
        const actualRows = backend.tidy(() => readTensor(backend, wholeRows(inputs.map((x) => backend.tensor(x.values, x.shape)))));
        expect(actualRows.shape).toEqual(expectedRows.shape);
        expectClose(actualRows.values, expectedRows.values, context.tolerance, 'fused.ntmSequence: rows [h_t, r_t]', largestMagnitude(expectedRows.values));
        if (!backend.capabilities.gradients) return;
        // Per input, the derivative along one random direction d: ∇f · d from the backend against
        // (f(x + h d) − f(x − h d)) / 2h of the float64 composition (a full finite-difference
        // gradient would take two sequences per weight).
        const actual = valueAndGradients(backend, objective(backend, wholeRows), inputs);
        const loss = (points: readonly ArrayLike<number>[]) =>
          reference.tidy(() => {
            const xs = points.map((values, index) => reference.tensor(values, (inputs[index] as TensorValues).shape));
            return reference.readSync(objective(reference, steppedRows)(...xs))[0] as number;
          });
        const value = loss(inputs.map((x) => x.values));
        expectClose([actual.value], [value], context.tolerance, 'fused.ntmSequence: loss', Math.abs(value));
        const directions = new Random(context.seed * 47 + caseIndex);
        const step = 1e-5;
        ntmSequenceInputNames(sizes).forEach((label, index) => {
          const input = inputs[index] as TensorValues;
          const direction = randomValues(directions, input.shape, -1, 1).values;
          const moved = (sign: number) =>
            inputs.map((x, j) => (j === index ? Float64Array.from(x.values, (v, i) => v + sign * step * (direction[i] as number)) : x.values));
          const numeric = (loss(moved(1)) - loss(moved(-1))) / (2 * step);
          const gradient = actual.gradients[index] ?? [];
          let analytic = 0;
          let scale = 0;
          for (let i = 0; i < gradient.length; i++) {
            analytic += (gradient[i] as number) * (direction[i] as number);
            scale += Math.abs((gradient[i] as number) * (direction[i] as number));
          }
          // (A relu layer or a clip that cuts can leave an input with no effect: then both are 0.)
          expectClose(
            [analytic],
            [numeric],
            context.gradientTolerance,
            `fused.ntmSequence: d loss / d ${label} along a random direction`,
            Math.max(scale, 1e-6),
          );
        });
      });
    });
  });
}
