import type { Tensor } from '@ntm/backend';
import type { AddressingEpsilons, MemoryStepInputs, MemoryStepOrder } from '@ntm/addressing';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTfjsBackend, type TfjsBackend } from '../index.js';
import { randomAddressValues, type AddressSizes, type AddressValues } from './random-address-inputs.js';
import { SeededValues } from './seeded-values.js';
import { inTidy, readValues } from './tidy-reads.js';

const epsilons: AddressingEpsilons = { similarity: 1e-8, sharpening: 1e-8 };
const headFields = ['key', 'keyStrength', 'interpolationGate', 'shiftWeighting', 'sharpening', 'previousWeighting'] as const;

/** The sizes of one memory step: B, R read and W write heads, N, M, K. */
interface StepSizes {
  readonly batch: number;
  readonly readHeads: number;
  readonly writeHeads: number;
  readonly slots: number;
  readonly wordSize: number;
  readonly kernelWidth: number;
}

/**
 * The kernel of `fused.memoryStep` on tfjs-wasm beyond what `@ntm/backend-conformance` checks
 * (its values and gradients against the generic composition on the float64 reference): kernel
 * counts, leaks, NaN propagation, extreme inputs, declining where the stack is too small,
 * argument errors, and which hooks each `fused` option gives.
 */
export function describeFusedMemoryStep(): void {
  describe('fused.memoryStep on tfjs-wasm', () => {
    let backend: TfjsBackend;
    const read = (x: Tensor): Float64Array => readValues(backend, x);
    const scoped = <T>(f: () => T): T => inTidy(backend, f);

    beforeAll(async () => {
      backend = await createTfjsBackend('wasm');
    });

    function group(values: AddressValues, sizes: AddressSizes): MemoryStepInputs['read'] {
      const { batch: B, heads: H, slots: N, wordSize: M, kernelWidth: K } = sizes;
      const shapes = {
        key: [B, H, M],
        keyStrength: [B, H],
        interpolationGate: [B, H],
        shiftWeighting: [B, H, K],
        sharpening: [B, H],
        previousWeighting: [B, H, N],
      };
      return Object.fromEntries(headFields.map((field) => [field, backend.tensor(values[field], shapes[field])])) as unknown as MemoryStepInputs['read'];
    }

    /** A step's inputs as tensors; `change` edits the values first. */
    function stepInputs(sizes: StepSizes, seed: number, change: (read: AddressValues, write: AddressValues) => void = () => {}): MemoryStepInputs {
      const { batch, readHeads, writeHeads, slots, wordSize, kernelWidth } = sizes;
      const readSizes = { batch, heads: readHeads, slots, wordSize, kernelWidth };
      const writeSizes = { batch, heads: writeHeads, slots, wordSize, kernelWidth };
      const readValues = randomAddressValues(seed, readSizes);
      const writeValues = randomAddressValues(seed + 1, writeSizes);
      change(readValues, writeValues);
      const values = new SeededValues(seed + 2);
      return {
        memory: backend.tensor(writeValues.memory, [batch, slots, wordSize]),
        read: group(readValues, readSizes),
        write: {
          ...group(writeValues, writeSizes),
          erase: backend.tensor(values.uniform(batch * writeHeads * wordSize, 0, 1), [batch, writeHeads, wordSize]),
          add: backend.tensor(values.uniform(batch * writeHeads * wordSize, -1, 1), [batch, writeHeads, wordSize]),
        },
      };
    }

    function memoryStep(inputs: MemoryStepInputs, order: MemoryStepOrder = 'write-then-read') {
      const fused = backend.fused.memoryStep;
      if (!fused) throw new Error('tfjs-wasm has WebAssembly SIMD here, so it must have fused.memoryStep');
      return fused(inputs, order, epsilons);
    }

    function tensorsOf(inputs: MemoryStepInputs): Tensor[] {
      return [
        inputs.memory,
        ...headFields.map((field) => inputs.read[field]),
        ...headFields.map((field) => inputs.write[field]),
        inputs.write.erase,
        inputs.write.add,
      ];
    }

    function fromTensors(xs: readonly Tensor[]): MemoryStepInputs {
      const fields = (start: number) => Object.fromEntries(headFields.map((field, index) => [field, xs[start + index]])) as unknown as MemoryStepInputs['read'];
      return { memory: xs[0] as Tensor, read: fields(1), write: { ...fields(7), erase: xs[13] as Tensor, add: xs[14] as Tensor } };
    }

    const small: StepSizes = { batch: 2, readHeads: 1, writeHeads: 1, slots: 16, wordSize: 4, kernelWidth: 3 };

    it('is one kernel call forward and one backward, and leaves no tensor behind', async () => {
      const inputs = stepInputs(small, 10);
      const xs = tensorsOf(inputs);
      const loss = (...args: Tensor[]) => {
        const result = memoryStep(fromTensors(args));
        return backend.add(backend.sumAll(result?.memory as Tensor), backend.sumAll(result?.readVectors as Tensor));
      };
      const before = backend.numTensors();
      for (let i = 0; i < 5; i++) {
        const { value, gradients } = backend.valueAndGradients(loss, xs);
        backend.dispose([value, ...gradients]);
      }
      expect(backend.numTensors()).toBe(before);
      const forward = await backend.countKernels(() => Object.values(memoryStep(inputs) ?? {}) as Tensor[]);
      expect(forward.byKernel).toEqual({ NtmMemoryStep: 1 });
      const both = await backend.countKernels(() => backend.valueAndGradients(loss, xs).gradients);
      expect(both.byKernel['NtmMemoryStep']).toBe(1);
      expect(both.byKernel['NtmMemoryStepGradient']).toBe(1);
      backend.dispose(xs);
    });

    it('a NaN in the memory makes the weightings and the read NaN (the trainer’s NaN guard relies on NaN getting through)', () => {
      const inputs = stepInputs({ ...small, slots: 8 }, 20, (_, write) => {
        write.memory[5] = Number.NaN;
      });
      const [readWeighting, readVectors] = scoped(() => {
        const result = memoryStep(inputs);
        return [read(result?.readWeighting as Tensor), read(result?.readVectors as Tensor)];
      });
      expect(Array.from(readWeighting.slice(0, 8)).every(Number.isNaN)).toBe(true);
      expect(Array.from(readVectors.slice(0, 4)).every(Number.isNaN)).toBe(true);
      backend.dispose(tensorsOf(inputs));
    });

    it('extreme inputs (a zero key and row, β = 1000, γ = 50, one-hot shifts) give finite values and gradients', () => {
      const sizes: StepSizes = { batch: 2, readHeads: 2, writeHeads: 2, slots: 8, wordSize: 4, kernelWidth: 3 };
      const inputs = stepInputs(sizes, 30, (...groups) => {
        for (const values of groups) {
          values.memory.fill(0, 0, sizes.wordSize); // slot 0 of batch row 0
          values.key.fill(0, 0, sizes.wordSize); // head 0 of batch row 0
          values.keyStrength.fill(1000);
          values.sharpening.fill(50);
          values.shiftWeighting.fill(0);
          for (let row = 0; row < sizes.batch * 2; row++) values.shiftWeighting[row * 3 + 2] = 1; // shift +1
        }
      });
      const xs = tensorsOf(inputs);
      const [values, gradients] = scoped(() => {
        const result = memoryStep(inputs);
        const outputs = [result?.memory, result?.readWeighting, result?.writeWeighting, result?.readVectors].map((x) => read(x as Tensor));
        const { gradients } = backend.valueAndGradients((...args) => {
          const next = memoryStep(fromTensors(args));
          return backend.add(backend.sumAll(backend.square(next?.memory as Tensor)), backend.sumAll(next?.readVectors as Tensor));
        }, xs);
        return [outputs, gradients.map(read)];
      });
      values.forEach((output, index) => expect(output.every(Number.isFinite), `output ${index} finite`).toBe(true));
      gradients.forEach((gradient, index) => expect(gradient.every(Number.isFinite), `d/d(input ${index}) finite`).toBe(true));
      backend.dispose(xs);
    });

    it('declines a memory whose working rows would not fit the kernels’ stack, so the caller composes the step', () => {
      // Eight read heads over 40,000 slots: 2·H·N floats of rows alone are 2.5 MB, past the 1 MiB stack.
      const sizes: StepSizes = { batch: 1, readHeads: 8, writeHeads: 1, slots: 40_000, wordSize: 1, kernelWidth: 3 };
      const inputs = stepInputs(sizes, 40);
      expect(memoryStep(inputs)).toBeNull();
      backend.dispose(tensorsOf(inputs));
    });

    it('names a misshapen input, a wrong order and bad settings', () => {
      const inputs = stepInputs({ ...small, slots: 6, wordSize: 3 }, 50);
      const badAdd = backend.fill([2, 1, 4], 0.5);
      const evenShift = backend.fill([2, 1, 2], 0.5);
      expect(() => memoryStep({ ...inputs, write: { ...inputs.write, add: badAdd } })).toThrow(
        /fused\.memoryStep: write\.add has shape \[2, 1, 4\] but expected/,
      );
      expect(() => memoryStep(inputs, 'sideways' as never)).toThrow('fused.memoryStep: order must be "write-then-read" or "read-then-write", got "sideways"');
      expect(() =>
        memoryStep({ ...inputs, read: { ...inputs.read, shiftWeighting: evenShift }, write: { ...inputs.write, shiftWeighting: evenShift } }),
      ).toThrow(/shiftWeighting has width 2; expected an odd width/);
      expect(() => backend.fused.memoryStep?.(inputs, 'write-then-read', { similarity: -1, sharpening: 1e-8 })).toThrow(
        'fused.memoryStep: epsilons.similarity must be a finite number >= 0, got -1',
      );
      expect(() => memoryStep({ ...inputs, read: { ...inputs.read, sharpening: undefined as never } })).toThrow(
        'fused.memoryStep: inputs.read.sharpening must be a tensor made by a tfjs backend, got undefined',
      );
      backend.dispose(inputs.write.erase);
      expect(() => memoryStep(inputs)).toThrow('fused.memoryStep: inputs.write.erase (shape [2, 1, 3]) was already disposed');
      backend.dispose([...tensorsOf(inputs), badAdd, evenShift]);
    });

    it('createTfjsBackend gives every hook on wasm, all but ntmSequence with fused: "per-step", none with fused: false or on cpu', async () => {
      expect(Object.keys(backend.fused).sort()).toEqual(['memoryStep', 'ntmSequence', 'optimizerUpdate']);
      const perStep = await createTfjsBackend('wasm', { fused: 'per-step' });
      expect(Object.keys(perStep.fused).sort()).toEqual(['memoryStep', 'optimizerUpdate']);
      const plain = await createTfjsBackend('wasm', { fused: false });
      expect(plain.fused).toEqual({});
      await expect(createTfjsBackend('wasm', { fused: 'no' as never })).rejects.toThrow('createTfjsBackend: fused must be true, false or "per-step", got "no"');
    });
  });
}
