import { ShapeError, type AddressingEpsilons, type AddressingInputs, type NtmBackend, type Tensor } from '@ntm/backend';
import { expectClose, finiteDifferenceGradients, FLOAT32_GRADIENT_TOLERANCE, type Tolerance } from '@ntm/backend-conformance';
import { createReferenceBackend } from '@ntm/backend-reference';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTfjsBackend, type TfjsBackend, type TfjsFlavor } from '../index.js';
import { loadGenericAddressing, type GenericAddressing } from './load-addressing.js';
import { randomAddressValues, type AddressValues } from './random-address-inputs.js';
import { SeededValues } from './seeded-values.js';
import { inTidy, readValues } from './tidy-reads.js';

/** Sizes of one addressing test case. */
interface Sizes {
  readonly batch: number;
  readonly heads: number;
  readonly slots: number;
  readonly wordSize: number;
  readonly kernelWidth: number;
}

const addressFields = ['memory', 'key', 'keyStrength', 'interpolationGate', 'shiftWeighting', 'sharpening', 'previousWeighting'] as const;
type AddressField = (typeof addressFields)[number];

const epsilons: AddressingEpsilons = { similarity: 1e-8, sharpening: 1e-8 };

// Fused (float64 loops, rounded once) against the generic composition (a chain of float32
// kernels): the generic side carries most of the rounding. Same bound as @ntm/addressing's suite.
const valueTolerance: Tolerance = { absolute: 3e-6, relative: 3e-4 };
// Gradients, judged against the largest entry of the expected gradient.
const gradientTolerance: Tolerance = { absolute: 0, relative: 1e-3 };

function shapesOf(sizes: Sizes): Record<AddressField, number[]> {
  const { batch: B, heads: H, slots: N, wordSize: M, kernelWidth: K } = sizes;
  return {
    memory: [B, N, M],
    key: [B, H, M],
    keyStrength: [B, H],
    interpolationGate: [B, H],
    shiftWeighting: [B, H, K],
    sharpening: [B, H],
    previousWeighting: [B, H, N],
  };
}

function extremeAddressValues(sizes: Sizes): AddressValues {
  const values = randomAddressValues(99, sizes);
  values.memory.fill(0, 0, sizes.wordSize); // slot 0 of batch row 0
  values.key.fill(0, 0, sizes.wordSize); // head 0 of batch row 0
  values.keyStrength.fill(1000);
  values.sharpening.fill(50);
  values.shiftWeighting.fill(0);
  const center = (sizes.kernelWidth - 1) / 2;
  for (let row = 0; row < sizes.batch * sizes.heads; row++) values.shiftWeighting[row * sizes.kernelWidth + center + 1] = 1; // shift +1
  return values;
}

function largestMagnitude(values: ArrayLike<number>): number {
  let largest = 1e-6;
  for (let i = 0; i < values.length; i++) largest = Math.max(largest, Math.abs(values[i] as number));
  return largest;
}

/**
 * The kernels counted, without the "unnamed scope" entries tf.profile adds for every custom
 * gradient (tfjs-wasm's matMul has one): those are not kernel calls.
 */
function withoutScopes({ byKernel }: { byKernel: Record<string, number> }): Record<string, number> {
  return Object.fromEntries(Object.entries(byKernel).filter(([name]) => name !== 'unnamed scope'));
}

function describeSizes(sizes: Sizes): string {
  return `B ${sizes.batch}, H ${sizes.heads}, N ${sizes.slots}, M ${sizes.wordSize}, K ${sizes.kernelWidth}`;
}

/**
 * The fused NTM kernels of one tfjs flavor (`src/fused`) against the generic composition of
 * `@ntm/addressing` (values and tfjs gradients) and float64 central differences on the
 * reference backend; plus extreme inputs, leaks, kernel counts and argument errors.
 * One flavor per test file: tfjs has one active backend per process.
 */
export function describeFusedKernels(flavor: TfjsFlavor): void {
  describe(`fused kernels on tfjs-${flavor}`, () => {
    let backend: TfjsBackend;
    let generic: GenericAddressing;
    const read = (x: Tensor): Float64Array => readValues(backend, x);
    const scoped = <T>(f: () => T): T => inTidy(backend, f);

    beforeAll(async () => {
      backend = await createTfjsBackend(flavor);
      generic = await loadGenericAddressing();
    });

    function addressTensors(target: NtmBackend, values: AddressValues, sizes: Sizes): Record<AddressField, Tensor> {
      const shapes = shapesOf(sizes);
      return Object.fromEntries(addressFields.map((field) => [field, target.tensor(values[field], shapes[field])])) as Record<AddressField, Tensor>;
    }

    function named(xs: readonly Tensor[]): AddressingInputs {
      return Object.fromEntries(addressFields.map((field, index) => [field, xs[index]])) as unknown as AddressingInputs;
    }

    /** The value and the seven gradients of Σ target ⊙ address(inputs), fused or generic. */
    function addressGradients(values: AddressValues, sizes: Sizes, target: Float64Array, useFused: boolean, addressEpsilons = epsilons) {
      return scoped(() => {
        const tensors = addressTensors(backend, values, sizes);
        const weights = backend.tensor(target, shapesOf(sizes).previousWeighting);
        const { value, gradients } = backend.valueAndGradients(
          (...xs) =>
            backend.sumAll(
              backend.mul(
                useFused ? generic.address(backend, named(xs), { epsilons: addressEpsilons }) : generic.addressGeneric(backend, named(xs), addressEpsilons),
                weights,
              ),
            ),
          addressFields.map((field) => tensors[field]),
        );
        return { value: read(value)[0] as number, gradients: gradients.map(read) };
      });
    }

    describe('fused.address', () => {
      const valueCases: Sizes[] = [
        { batch: 1, heads: 1, slots: 5, wordSize: 1, kernelWidth: 1 },
        { batch: 2, heads: 3, slots: 8, wordSize: 4, kernelWidth: 3 },
        { batch: 3, heads: 2, slots: 16, wordSize: 20, kernelWidth: 5 },
        { batch: 1, heads: 2, slots: 7, wordSize: 3, kernelWidth: 7 }, // 2n + 1 = N
        { batch: 3, heads: 1, slots: 128, wordSize: 20, kernelWidth: 3 }, // the paper's memory
        { batch: 2, heads: 3, slots: 33, wordSize: 11, kernelWidth: 5 },
      ];
      valueCases.forEach((sizes, index) => {
        it(`values equal addressGeneric (${describeSizes(sizes)})`, () => {
          const values = randomAddressValues(100 + index, sizes);
          const [fused, composed] = scoped(() => {
            const tensors = addressTensors(backend, values, sizes);
            const fusedAddress = backend.fused.address as NonNullable<typeof backend.fused.address>;
            return [read(fusedAddress(tensors, epsilons)), read(generic.addressGeneric(backend, tensors, epsilons))];
          });
          expectClose(fused, composed, valueTolerance, 'fused.address vs addressGeneric');
        });
      });

      it('values equal addressGeneric with other ε values', () => {
        const sizes: Sizes = { batch: 2, heads: 2, slots: 9, wordSize: 4, kernelWidth: 3 };
        const values = randomAddressValues(120, sizes);
        const custom: AddressingEpsilons = { similarity: 0.3, sharpening: 0.05 };
        const [fused, composed] = scoped(() => {
          const tensors = addressTensors(backend, values, sizes);
          return [read(generic.address(backend, tensors, { epsilons: custom })), read(generic.addressGeneric(backend, tensors, custom))];
        });
        expectClose(fused, composed, valueTolerance, 'custom ε');
      });

      const gradientCases: Sizes[] = [
        { batch: 1, heads: 1, slots: 5, wordSize: 1, kernelWidth: 1 },
        { batch: 2, heads: 3, slots: 8, wordSize: 4, kernelWidth: 3 },
        { batch: 3, heads: 2, slots: 12, wordSize: 6, kernelWidth: 5 },
        { batch: 1, heads: 2, slots: 7, wordSize: 3, kernelWidth: 7 },
        { batch: 2, heads: 1, slots: 128, wordSize: 20, kernelWidth: 3 },
      ];
      gradientCases.forEach((sizes, index) => {
        it(`gradients equal addressGeneric's tfjs gradients (${describeSizes(sizes)})`, () => {
          const values = randomAddressValues(200 + index, sizes);
          const target = new SeededValues(300 + index).uniform(sizes.batch * sizes.heads * sizes.slots, -1, 1);
          const fused = addressGradients(values, sizes, target, true);
          const composed = addressGradients(values, sizes, target, false);
          expect(fused.value).toBeCloseTo(composed.value, 4);
          const overall = Math.max(...composed.gradients.map(largestMagnitude));
          addressFields.forEach((field, input) => {
            const expected = composed.gradients[input] as Float64Array;
            const actual = fused.gradients[input] as Float64Array;
            if (sizes.wordSize === 1 && (field === 'memory' || field === 'key')) {
              // With M = 1 the cosine is ±1 whatever k and M are: these gradients are 0 up to
              // rounding, and both sides return only their own rounding noise.
              expect(largestMagnitude(actual) / overall, `d/d${field} ≈ 0`).toBeLessThan(1e-4);
              return;
            }
            // An absolute floor at the scale of the whole gradient: a tiny entry (dβ where w^c is
            // nearly one-hot, say) is a difference of much larger float32 terms on the generic side.
            const floor = { ...gradientTolerance, absolute: 1e-5 * overall };
            expectClose(actual, expected, floor, `d/d${field}`, largestMagnitude(expected));
          });
        });
      });

      it('gradients equal float64 central differences of addressGeneric on the reference backend', () => {
        const sizes: Sizes = { batch: 2, heads: 2, slots: 6, wordSize: 3, kernelWidth: 3 };
        const values = randomAddressValues(400, sizes);
        const target = new SeededValues(401).uniform(sizes.batch * sizes.heads * sizes.slots, -1, 1);
        const reference = createReferenceBackend();
        const shapes = shapesOf(sizes);
        const expected = finiteDifferenceGradients(
          reference,
          (...xs) =>
            reference.sumAll(reference.mul(generic.addressGeneric(reference, named(xs), epsilons), reference.tensor(target, shapes.previousWeighting))),
          addressFields.map((field) => ({ values: values[field], shape: shapes[field] })),
        );
        const fused = addressGradients(values, sizes, target, true);
        addressFields.forEach((field, input) => {
          const numeric = expected[input] as Float64Array;
          expectClose(fused.gradients[input] as Float64Array, numeric, FLOAT32_GRADIENT_TOLERANCE, `d/d${field}`, largestMagnitude(numeric));
        });
      });

      it('extreme inputs (zero key and row, β = 1000, γ = 50, one-hot shift) give finite values and gradients', () => {
        const sizes: Sizes = { batch: 2, heads: 2, slots: 8, wordSize: 4, kernelWidth: 3 };
        const values = extremeAddressValues(sizes);
        const [fused, composed] = scoped(() => {
          const tensors = addressTensors(backend, values, sizes);
          return [read(generic.address(backend, tensors)), read(generic.addressGeneric(backend, tensors, epsilons))];
        });
        expect(fused.every(Number.isFinite)).toBe(true);
        expectClose(fused, composed, { absolute: 1e-5, relative: 1e-3 }, 'extreme inputs');
        const target = new SeededValues(500).uniform(sizes.batch * sizes.heads * sizes.slots, -1, 1);
        const { gradients } = addressGradients(values, sizes, target, true);
        gradients.forEach((gradient, input) => {
          expect(gradient.every(Number.isFinite), `d/d${addressFields[input]} finite`).toBe(true);
        });
        // Head 0 of row 0 has a zero key: its similarity is 0 everywhere, so β cannot matter.
        expect(gradients[2]?.[0]).toBe(0);
      });

      it('is one kernel call forward and one backward', async () => {
        const sizes: Sizes = { batch: 2, heads: 1, slots: 16, wordSize: 4, kernelWidth: 3 };
        const tensors = addressTensors(backend, randomAddressValues(600, sizes), sizes);
        const forward = await backend.countKernels(() => generic.address(backend, tensors));
        expect(forward).toEqual({ kernelCalls: 1, byKernel: { NtmAddress: 1 } });
        const inputs = addressFields.map((field) => tensors[field]);
        const both = await backend.countKernels(() => backend.valueAndGradients((...xs) => backend.sumAll(generic.address(backend, named(xs))), inputs));
        expect(both.byKernel['NtmAddress']).toBe(1);
        expect(both.byKernel['NtmAddressGradient']).toBe(1);
        // Besides the two: the sum, its gradient, and the tensors tfjs saves for the backward pass.
        expect(both.kernelCalls).toBeLessThan(15);
        backend.dispose(inputs);
      });
    });

    describe('fused.writeMemory', () => {
      const writeFields = ['memory', 'weighting', 'erase', 'add'] as const;

      function writeValues(seed: number, batch: number, heads: number, slots: number, wordSize: number) {
        const values = new SeededValues(seed);
        return {
          memory: { values: values.uniform(batch * slots * wordSize, -1, 1), shape: [batch, slots, wordSize] },
          weighting: { values: values.distributions(batch * heads, slots), shape: [batch, heads, slots] },
          erase: { values: values.uniform(batch * heads * wordSize, 0, 1), shape: [batch, heads, wordSize] },
          add: { values: values.uniform(batch * heads * wordSize, -1, 1), shape: [batch, heads, wordSize] },
        };
      }
      type WriteValues = ReturnType<typeof writeValues>;

      function writeGradients(values: WriteValues, target: Float64Array, useFused: boolean) {
        return scoped(() => {
          const tensors = writeFields.map((field) => backend.tensor(values[field].values, values[field].shape));
          const weights = backend.tensor(target, values.memory.shape);
          const { value, gradients } = backend.valueAndGradients(
            (memory, weighting, erase, add) =>
              backend.sumAll(
                backend.mul(generic.writeMemory(backend, memory as Tensor, weighting as Tensor, erase as Tensor, add as Tensor, { useFused }), weights),
              ),
            tensors,
          );
          return { value: read(value)[0] as number, gradients: gradients.map(read) };
        });
      }

      for (const [batch, heads, slots, wordSize] of [
        [1, 1, 5, 1],
        [2, 1, 128, 20],
        [3, 2, 9, 4],
        [2, 3, 16, 7],
      ] as const) {
        it(`values and gradients equal the generic composition (B ${batch}, H ${heads}, N ${slots}, M ${wordSize})`, () => {
          const values = writeValues(batch * 100 + heads * 10 + slots, batch, heads, slots, wordSize);
          const [fused, composed] = scoped(() => {
            const [memory, weighting, erase, add] = writeFields.map((field) => backend.tensor(values[field].values, values[field].shape)) as [
              Tensor,
              Tensor,
              Tensor,
              Tensor,
            ];
            return [
              read(generic.writeMemory(backend, memory, weighting, erase, add)),
              read(generic.writeMemory(backend, memory, weighting, erase, add, { useFused: false })),
            ];
          });
          expectClose(fused, composed, { absolute: 1e-6, relative: 1e-5 }, 'fused.writeMemory vs generic');
          const target = new SeededValues(heads).uniform(batch * slots * wordSize, -1, 1);
          const fusedGradients = writeGradients(values, target, true);
          const composedGradients = writeGradients(values, target, false);
          writeFields.forEach((field, input) => {
            const expected = composedGradients.gradients[input] as Float64Array;
            expectClose(fusedGradients.gradients[input] as Float64Array, expected, { absolute: 0, relative: 1e-4 }, `d/d${field}`, largestMagnitude(expected));
          });
        });
      }

      it('gradients equal float64 central differences, with a slot one head wipes (w = e = 1)', () => {
        const values = writeValues(700, 1, 2, 4, 3);
        values.weighting.values.set([0, 1, 0, 0], 0); // head 0 puts all its weight on slot 1…
        values.erase.values.set([1, 1, 1], 0); // …and erases all of it: 1 − w·e = 0 there
        const target = new SeededValues(701).uniform(12, -1, 1);
        const reference = createReferenceBackend();
        const expected = finiteDifferenceGradients(
          reference,
          (memory, weighting, erase, add) =>
            reference.sumAll(
              reference.mul(
                generic.writeMemory(reference, memory as Tensor, weighting as Tensor, erase as Tensor, add as Tensor),
                reference.tensor(target, [1, 4, 3]),
              ),
            ),
          writeFields.map((field) => values[field]),
        );
        const fused = writeGradients(values, target, true);
        writeFields.forEach((field, input) => {
          const numeric = expected[input] as Float64Array;
          expect((fused.gradients[input] as Float64Array).every(Number.isFinite)).toBe(true);
          expectClose(fused.gradients[input] as Float64Array, numeric, FLOAT32_GRADIENT_TOLERANCE, `d/d${field}`, largestMagnitude(numeric));
        });
      });

      it('is one kernel call forward and one backward', async () => {
        const values = writeValues(800, 2, 1, 8, 4);
        const tensors = writeFields.map((field) => backend.tensor(values[field].values, values[field].shape)) as [Tensor, Tensor, Tensor, Tensor];
        expect(await backend.countKernels(() => generic.writeMemory(backend, ...tensors))).toEqual({ kernelCalls: 1, byKernel: { NtmWriteMemory: 1 } });
        const both = await backend.countKernels(() =>
          backend.valueAndGradients((m, w, e, a) => backend.sumAll(generic.writeMemory(backend, m as Tensor, w as Tensor, e as Tensor, a as Tensor)), tensors),
        );
        expect(both.byKernel['NtmWriteMemoryGradient']).toBe(1);
        backend.dispose(tensors);
      });
    });

    describe('readMemory', () => {
      for (const [batch, heads, slots, wordSize] of [
        [1, 1, 5, 1],
        [2, 1, 128, 20],
        [2, 3, 13, 7],
      ] as const) {
        it(`values and gradients equal the generic batched product (B ${batch}, H ${heads}, N ${slots}, M ${wordSize})`, () => {
          const values = new SeededValues(batch * 100 + heads * 10 + slots);
          const memoryValues = values.uniform(batch * slots * wordSize, -1, 1);
          const weightingValues = values.distributions(batch * heads, slots);
          const target = values.uniform(batch * heads * wordSize, -1, 1);
          const run = (useFused: boolean) =>
            scoped(() => {
              const memory = backend.tensor(memoryValues, [batch, slots, wordSize]);
              const weighting = backend.tensor(weightingValues, [batch, heads, slots]);
              const weights = backend.tensor(target, [batch, heads, wordSize]);
              const readVectors = read(generic.readMemory(backend, memory, weighting, { useFused }));
              const { gradients } = backend.valueAndGradients(
                (m, w) => backend.sumAll(backend.mul(generic.readMemory(backend, m as Tensor, w as Tensor, { useFused }), weights)),
                [memory, weighting],
              );
              return { readVectors, gradients: gradients.map(read) };
            });
          const fused = run(true);
          const composed = run(false);
          expectClose(fused.readVectors, composed.readVectors, { absolute: 1e-6, relative: 1e-5 }, 'fused.readMemory vs generic');
          ['memory', 'weighting'].forEach((field, input) => {
            const expected = composed.gradients[input] as Float64Array;
            expectClose(fused.gradients[input] as Float64Array, expected, { absolute: 0, relative: 1e-4 }, `d/d${field}`, largestMagnitude(expected));
          });
        });
      }

      it('is one kernel call forward and one backward', async () => {
        const memory = backend.fill([2, 8, 4], 0.5);
        const weighting = backend.fill([2, 1, 8], 0.125);
        expect(await backend.countKernels(() => generic.readMemory(backend, memory, weighting))).toEqual({ kernelCalls: 1, byKernel: { NtmReadMemory: 1 } });
        const both = await backend.countKernels(() =>
          backend.valueAndGradients((m, w) => backend.sumAll(generic.readMemory(backend, m as Tensor, w as Tensor)), [memory, weighting]),
        );
        expect(both.byKernel['NtmReadMemoryGradient']).toBe(1);
        backend.dispose([memory, weighting]);
      });
    });

    describe('together, as in one NTM step', () => {
      // Write head addresses M_{t−1} and writes; read head addresses M_t and reads. Memory feeds
      // three kernels, so its gradient is accumulated by tfjs across fused backward kernels.
      function stepGradients(useFused: boolean): Float64Array[] {
        const sizes: Sizes = { batch: 2, heads: 1, slots: 32, wordSize: 8, kernelWidth: 3 };
        const writeHead = randomAddressValues(1000, sizes);
        const readHead = randomAddressValues(1001, sizes);
        const values = new SeededValues(1002);
        const erase = values.uniform(2 * 8, 0, 1);
        const add = values.uniform(2 * 8, -1, 1);
        const target = values.uniform(2 * 8, -1, 1);
        return scoped(() => {
          const write = addressTensors(backend, writeHead, sizes);
          const readInputs = addressTensors(backend, readHead, sizes);
          const xs = [write.memory, write.key, readInputs.key, backend.tensor(erase, [2, 1, 8]), backend.tensor(add, [2, 1, 8])];
          const { gradients } = backend.valueAndGradients((memory, writeKey, readKey, eraseVector, addVector) => {
            const options = { useFused };
            const writeWeighting = generic.address(backend, { ...write, memory: memory as Tensor, key: writeKey as Tensor }, options);
            const next = generic.writeMemory(backend, memory as Tensor, writeWeighting, eraseVector as Tensor, addVector as Tensor, options);
            const readWeighting = generic.address(backend, { ...readInputs, memory: next, key: readKey as Tensor }, options);
            const readVector = generic.readMemory(backend, next, readWeighting, options);
            return backend.sumAll(backend.mul(readVector, backend.tensor(target, [2, 1, 8])));
          }, xs);
          return gradients.map(read);
        });
      }

      it('gradients through address → write → address → read equal the generic composition', () => {
        const fused = stepGradients(true);
        const composed = stepGradients(false);
        ['memory', 'write key', 'read key', 'erase', 'add'].forEach((label, index) => {
          const expected = composed[index] as Float64Array;
          expectClose(fused[index] as Float64Array, expected, gradientTolerance, `d/d${label}`, largestMagnitude(expected));
        });
      });

      it('leaves no tensor behind over many forward and backward passes', () => {
        stepGradients(true);
        const before = backend.numTensors();
        for (let i = 0; i < 10; i++) stepGradients(true);
        expect(backend.numTensors()).toBe(before);
        const sizes: Sizes = { batch: 2, heads: 2, slots: 8, wordSize: 4, kernelWidth: 3 };
        const tensors = addressTensors(backend, randomAddressValues(1100, sizes), sizes);
        const afterInputs = backend.numTensors();
        for (let i = 0; i < 10; i++) backend.dispose(generic.address(backend, tensors));
        expect(backend.numTensors()).toBe(afterInputs);
        backend.dispose(Object.values(tensors));
      });
    });

    describe('memoryStep: address, write, address, read as one kernel', () => {
      const headFields = ['key', 'keyStrength', 'interpolationGate', 'shiftWeighting', 'sharpening', 'previousWeighting'] as const;

      /**
       * The step's value and the gradients of all fifteen inputs of a loss that weighs every
       * output (M_t, both weightings, the read vectors): through the fused kernel, or through
       * the generic composition of `@ntm/addressing` with no fused kernel at all.
       */
      function stepResults(
        useFused: boolean,
        order: 'write-then-read' | 'read-then-write',
        readHeads: number,
        writeHeads: number,
        slots: number,
        wordSize: number,
        kernelWidth: number,
      ) {
        const readSizes: Sizes = { batch: 2, heads: readHeads, slots, wordSize, kernelWidth };
        const writeSizes: Sizes = { batch: 2, heads: writeHeads, slots, wordSize, kernelWidth };
        const readHead = randomAddressValues(2000 + readHeads, readSizes);
        const writeHead = randomAddressValues(2100 + writeHeads, writeSizes);
        const values = new SeededValues(2200 + slots);
        const erase = values.uniform(2 * writeHeads * wordSize, 0, 1);
        const add = values.uniform(2 * writeHeads * wordSize, -1, 1);
        const weights = {
          memory: values.uniform(2 * slots * wordSize, -1, 1),
          readWeighting: values.uniform(2 * readHeads * slots, -1, 1),
          writeWeighting: values.uniform(2 * writeHeads * slots, -1, 1),
          readVectors: values.uniform(2 * readHeads * wordSize, -1, 1),
        };
        return scoped(() => {
          const readTensors = addressTensors(backend, readHead, readSizes);
          const writeTensors = addressTensors(backend, writeHead, writeSizes);
          const xs = [
            writeTensors.memory,
            ...headFields.map((field) => readTensors[field]),
            ...headFields.map((field) => writeTensors[field]),
            backend.tensor(erase, [2, writeHeads, wordSize]),
            backend.tensor(add, [2, writeHeads, wordSize]),
          ];
          const objective = (...args: Tensor[]) => {
            const [memory, ...rest] = args as [Tensor, ...Tensor[]];
            const readInputs = Object.fromEntries(headFields.map((field, index) => [field, rest[index]])) as unknown as Omit<AddressingInputs, 'memory'>;
            const writeInputs = Object.fromEntries(headFields.map((field, index) => [field, rest[6 + index]])) as unknown as Omit<AddressingInputs, 'memory'>;
            const inputs = { memory, read: readInputs, write: { ...writeInputs, erase: rest[12] as Tensor, add: rest[13] as Tensor } };
            let result: { memory: Tensor; readWeighting: Tensor; writeWeighting: Tensor; readVectors: Tensor };
            if (useFused) {
              result = (backend.fused.memoryStep as NonNullable<typeof backend.fused.memoryStep>)(inputs, order, epsilons);
            } else {
              const options = { useFused: false, epsilons };
              const writeWeighting = generic.address(backend, { ...inputs.write, memory }, options);
              const next = generic.writeMemory(backend, memory, writeWeighting, inputs.write.erase, inputs.write.add, options);
              const readFrom = order === 'write-then-read' ? next : memory;
              const readWeighting = generic.address(backend, { ...inputs.read, memory: readFrom }, options);
              result = { memory: next, readWeighting, writeWeighting, readVectors: generic.readMemory(backend, readFrom, readWeighting, options) };
            }
            const weighted = (x: Tensor, w: Float64Array) => backend.sumAll(backend.mul(x, backend.tensor(w, x.shape)));
            return backend.add(
              backend.add(weighted(result.memory, weights.memory), weighted(result.readWeighting, weights.readWeighting)),
              backend.add(weighted(result.writeWeighting, weights.writeWeighting), weighted(result.readVectors, weights.readVectors)),
            );
          };
          const { value, gradients } = backend.valueAndGradients(objective, xs);
          return { value: read(value)[0] as number, gradients: gradients.map(read) };
        });
      }

      for (const order of ['write-then-read', 'read-then-write'] as const) {
        for (const [readHeads, writeHeads, slots, wordSize, kernelWidth] of [
          [1, 1, 32, 8, 3],
          [2, 3, 13, 7, 5],
          [1, 1, 13, 7, 3], // the one-head paths of the C kernels, with tails
        ] as const) {
          it(`equals the generic composition, value and all fifteen gradients (${order}, R ${readHeads}, W ${writeHeads}, N ${slots}, M ${wordSize}, K ${kernelWidth})`, () => {
            const fused = stepResults(true, order, readHeads, writeHeads, slots, wordSize, kernelWidth);
            const composed = stepResults(false, order, readHeads, writeHeads, slots, wordSize, kernelWidth);
            expect(fused.value).toBeCloseTo(composed.value, 4);
            composed.gradients.forEach((expected, index) => {
              expectClose(fused.gradients[index] as Float64Array, expected, gradientTolerance, `d/d(input ${index})`, largestMagnitude(expected));
            });
          });
        }
      }

      it('is one kernel call forward and one backward, and leaves no tensor behind', async () => {
        stepResults(true, 'write-then-read', 1, 1, 16, 4, 3);
        const before = backend.numTensors();
        for (let i = 0; i < 5; i++) stepResults(true, 'write-then-read', 1, 1, 16, 4, 3);
        expect(backend.numTensors()).toBe(before);
        const counts = await backend.countKernels(() => {
          stepResults(true, 'write-then-read', 1, 1, 16, 4, 3);
        });
        expect(counts.byKernel['NtmMemoryStep']).toBe(1);
        expect(counts.byKernel['NtmMemoryStepGradient']).toBe(1);
        expect(counts.byKernel['NtmAddress']).toBeUndefined();
      });

      it('names a misshapen input and a wrong order', () => {
        const sizes: Sizes = { batch: 2, heads: 1, slots: 6, wordSize: 3, kernelWidth: 3 };
        const readTensors = addressTensors(backend, randomAddressValues(2300, sizes), sizes);
        const writeTensors = addressTensors(backend, randomAddressValues(2301, sizes), sizes);
        const erase = backend.fill([2, 1, 3], 0.5);
        const badAdd = backend.fill([2, 1, 4], 0.5);
        const memoryStep = backend.fused.memoryStep as NonNullable<typeof backend.fused.memoryStep>;
        const inputs = { memory: writeTensors.memory, read: readTensors, write: { ...writeTensors, erase, add: badAdd } };
        expect(() => memoryStep(inputs, 'write-then-read', epsilons)).toThrow(/fused\.memoryStep: write\.add has shape \[2, 1, 4\] but expected/);
        expect(() => memoryStep({ ...inputs, write: { ...writeTensors, erase, add: erase } }, 'sideways' as never, epsilons)).toThrow(
          'fused.memoryStep: order must be "write-then-read" or "read-then-write", got "sideways"',
        );
        backend.dispose([...Object.values(readTensors), ...Object.values(writeTensors), erase, badAdd]);
      });
    });

    describe('argument errors', () => {
      const sizes: Sizes = { batch: 2, heads: 1, slots: 6, wordSize: 3, kernelWidth: 3 };

      it('names the argument whose shape does not fit', () => {
        const tensors = addressTensors(backend, randomAddressValues(1200, sizes), sizes);
        const badKey = backend.fill([2, 1, 4], 0.5);
        const fusedAddress = backend.fused.address as NonNullable<typeof backend.fused.address>;
        expect(() => fusedAddress({ ...tensors, key: badKey }, epsilons)).toThrow(ShapeError);
        expect(() => fusedAddress({ ...tensors, key: badKey }, epsilons)).toThrow(
          /fused\.address: key has shape \[2, 1, 4\] but expected \[batch, heads, wordSize\] = \[2, 1, 3\]/,
        );
        const evenShift = backend.fill([2, 1, 2], 0.5);
        expect(() => fusedAddress({ ...tensors, shiftWeighting: evenShift }, epsilons)).toThrow(
          'fused.address: shiftWeighting has width 2; expected an odd width 2n + 1 <= 6',
        );
        expect(() => fusedAddress(tensors, { similarity: -1, sharpening: 1e-8 })).toThrow(
          'fused.address: epsilons.similarity must be a finite number >= 0, got -1',
        );
        const writeMemory = backend.fused.writeMemory as NonNullable<typeof backend.fused.writeMemory>;
        expect(() => writeMemory(tensors.memory, tensors.previousWeighting, badKey, badKey)).toThrow(/fused\.writeMemory: erase has shape \[2, 1, 4\]/);
        backend.dispose([...Object.values(tensors), badKey, evenShift]);
      });

      it('refuses a disposed tensor and something that is not a tensor', () => {
        const tensors = addressTensors(backend, randomAddressValues(1201, sizes), sizes);
        const writeMemory = backend.fused.writeMemory as NonNullable<typeof backend.fused.writeMemory>;
        const eraseAndAdd = backend.fill([2, 1, 3], 0.5);
        backend.dispose(tensors.previousWeighting);
        expect(() => writeMemory(tensors.memory, tensors.previousWeighting, eraseAndAdd, eraseAndAdd)).toThrow(
          'fused.writeMemory: weighting (shape [2, 1, 6]) was already disposed',
        );
        expect(() => writeMemory([1, 2] as never, tensors.previousWeighting, eraseAndAdd, eraseAndAdd)).toThrow(
          'fused.writeMemory: memory must be a tensor made by a tfjs backend',
        );
        const fusedAddress = backend.fused.address as NonNullable<typeof backend.fused.address>;
        expect(() => fusedAddress({ ...tensors, sharpening: undefined as never }, epsilons)).toThrow(
          'fused.address: inputs.sharpening must be a tensor made by a tfjs backend, got undefined',
        );
        backend.dispose(eraseAndAdd);
        backend.dispose(Object.values(tensors));
      });
    });

    it(`the whole-sequence ntmSequence is ${flavor === 'wasm' ? 'there (WebAssembly SIMD), and gone with fused: "per-step"' : 'wasm-only: absent on cpu'}`, async () => {
      expect(typeof backend.fused.ntmSequence).toBe(flavor === 'wasm' ? 'function' : 'undefined');
      const perStep = await createTfjsBackend(flavor, { fused: 'per-step' });
      expect(perStep.fused.ntmSequence).toBeUndefined();
      expect(Object.keys(perStep.fused).sort()).toEqual(['address', 'headActivations', 'lstmCell', 'memoryStep', 'readMemory', 'writeMemory']);
    });

    it('createTfjsBackend(flavor, { fused: false }) leaves the generic composition in charge', async () => {
      const plain = await createTfjsBackend(flavor, { fused: false });
      expect(plain.fused).toEqual({});
      const memory = plain.fill([1, 4, 2], 0.5);
      const weighting = plain.tensor([0.7, 0.1, 0.1, 0.1], [1, 1, 4]);
      const counts = await plain.countKernels(() => generic.readMemory(plain, memory, weighting));
      // The batched product itself is the backend's matMul: on wasm, the SIMD product kernel.
      expect(withoutScopes(counts)).toEqual(flavor === 'wasm' ? { NtmMatMul: 1 } : { BatchMatMul: 1 });
      plain.dispose([memory, weighting]);
      await expect(createTfjsBackend(flavor, { fused: 'no' as never })).rejects.toThrow('createTfjsBackend: fused must be true, false or "per-step", got "no"');
    });
  });
}
