import { ShapeError, type AddressingEpsilons, type MemoryStepOrder, type NtmSequenceController, type NtmSequenceInputs, type Tensor } from '@ntm/backend';
import { NTM_SEQUENCE_CASES, ntmSequenceInputs, ntmSequenceValues, type NtmSequenceSizes } from '@ntm/backend-conformance';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTfjsBackend, type TfjsBackend } from '../index.js';
import { inTidy } from './tidy-reads.js';

const epsilons: AddressingEpsilons = { similarity: 1e-8, sharpening: 1e-8 };

/**
 * The kernel of `fused.ntmSequence` on tfjs-wasm beyond what `@ntm/backend-conformance` checks
 * (its rows and the gradient of every input against the sequence stepped through time on the
 * float64 reference): kernel counts, leaks and argument errors. (`@ntm/machine`'s tfjs-wasm
 * suite also holds whole models through it to the float64 reference and central differences.)
 */
export function describeFusedNtmSequence(): void {
  describe('fused.ntmSequence on tfjs-wasm', () => {
    let backend: TfjsBackend;
    const ntmSequence = (inputs: NtmSequenceInputs, order: MemoryStepOrder): Tensor => {
      const rows = backend.fused.ntmSequence?.(inputs, order, epsilons);
      if (!rows) throw new Error('fused.ntmSequence did not run on tfjs-wasm');
      return rows;
    };

    beforeAll(async () => {
      backend = await createTfjsBackend('wasm');
    });
    const sequenceTensors = (sizes: NtmSequenceSizes, seed: number): Tensor[] =>
      ntmSequenceValues(sizes, seed).map(({ values, shape }) => backend.tensor(values, shape));

    it('is one kernel call forward and one backward, and frees everything it made', async () => {
      const sizes = (NTM_SEQUENCE_CASES[1] as (typeof NTM_SEQUENCE_CASES)[number])[1];
      const tensors = sequenceTensors(sizes, 21);
      const forward = await backend.countKernels(() => ntmSequence(ntmSequenceInputs(sizes, tensors), sizes.order));
      expect(forward.byKernel).toEqual({ NtmSequence: 1 });
      const before = backend.numTensors();
      for (let i = 0; i < 3; i++) {
        const { value, gradients } = backend.valueAndGradients((...xs) => backend.sumAll(ntmSequence(ntmSequenceInputs(sizes, xs), sizes.order)), tensors);
        backend.dispose([value, ...gradients]);
      }
      expect(backend.numTensors()).toBe(before);
      const backward = await backend.countKernels(
        () => backend.valueAndGradients((...xs) => backend.sumAll(ntmSequence(ntmSequenceInputs(sizes, xs), sizes.order)), tensors).gradients,
      );
      expect(backward.byKernel['NtmSequence']).toBe(1);
      expect(backward.byKernel['NtmSequenceGradient']).toBe(1);
      backend.dispose(tensors);
    });

    describe('bad input gets an error naming it', () => {
      const sizes = (NTM_SEQUENCE_CASES[0] as (typeof NTM_SEQUENCE_CASES)[number])[1];
      const attempt =
        (change: (inputs: NtmSequenceInputs) => NtmSequenceInputs, order: MemoryStepOrder = 'write-then-read') =>
        () =>
          inTidy(backend, () => ntmSequence(change(ntmSequenceInputs(sizes, sequenceTensors(sizes, 31))), order));

      it('shapes that do not agree', () => {
        expect(attempt((inputs) => ({ ...inputs, memory: backend.fill([3, 8, 5], 0) }))).toThrow(ShapeError);
        expect(attempt((inputs) => ({ ...inputs, memory: backend.fill([3, 8, 5], 0) }))).toThrow(
          'fused.ntmSequence: readVectors has shape [3, 1, 4] but expected [batch, readHeads, wordSize] = [3, 1, 5] (batch = 3 from inputs; readHeads = 1 from readWeighting; wordSize = 5 from memory)',
        );
        const withController = (change: (controller: Extract<NtmSequenceController, { kind: 'lstm' }>) => unknown) => (inputs: NtmSequenceInputs) =>
          ({ ...inputs, controller: change(inputs.controller as Extract<NtmSequenceController, { kind: 'lstm' }>) }) as NtmSequenceInputs;
        expect(attempt(withController((controller) => ({ ...controller, layers: [{ ...controller.layers[0], kernel: backend.fill([9, 24], 0) }] })))).toThrow(
          /controller\.layers\[0\]\.kernel/,
        );
        expect(attempt(withController((controller) => ({ ...controller, state: controller.state.slice(0, 1) })))).toThrow(
          'fused.ntmSequence: controller.state must hold [h, c] for each of the 1 layers (2 tensors), got 1',
        );
        expect(attempt(withController((controller) => ({ ...controller, kind: 'gru' })))).toThrow(
          'fused.ntmSequence: controller.kind must be "lstm" or "feed-forward", got "gru"',
        );
        expect(attempt(withController((controller) => ({ kind: 'feed-forward', layers: controller.layers, activation: 'softsign', outputClip: 20 })))).toThrow(
          'fused.ntmSequence: controller.activation must be one of tanh, relu, sigmoid, got "softsign"',
        );
        // A dense layer of the LSTM's kernel: its shape names the width a dense layer 0 must have.
        expect(attempt(withController((controller) => ({ kind: 'feed-forward', layers: controller.layers, activation: 'tanh', outputClip: 20 })))).toThrow(
          /controller\.layers\[0\]\.kernel/,
        );
        expect(attempt((inputs) => ({ ...inputs, headsBias: backend.fill([5], 0) }))).toThrow(/headsBias/);
      });

      it('head blocks that are not the heads’ twelve in order', () => {
        expect(attempt((inputs) => ({ ...inputs, headBlocks: inputs.headBlocks.slice(1) }))).toThrow(
          "fused.ntmSequence: headBlocks must be the heads' 12 blocks",
        );
        expect(
          attempt((inputs) => ({ ...inputs, headBlocks: inputs.headBlocks.map((block, k) => (k === 3 ? { ...block, offset: block.offset + 1 } : block)) })),
        ).toThrow(/headBlocks\[3\] \(read shiftWeighting\)/);
        expect(
          attempt((inputs) => ({ ...inputs, headBlocks: inputs.headBlocks.map((block, k) => (k === 0 ? { ...block, activation: 'relu' as never } : block)) })),
        ).toThrow(/headBlocks\[0\] \(read key\)/);
      });

      it('settings out of range', () => {
        expect(attempt((inputs) => inputs, 'sideways' as never)).toThrow(
          'fused.ntmSequence: order must be "write-then-read" or "read-then-write", got "sideways"',
        );
        expect(attempt((inputs) => ({ ...inputs, headClip: 0 }))).toThrow('fused.ntmSequence: headClip must be a number > 0 (Infinity for none), got 0');
        expect(attempt((inputs) => ({ ...inputs, controller: { ...inputs.controller, outputClip: Number.NaN } }))).toThrow(
          'fused.ntmSequence: controller.outputClip must be a number > 0',
        );
        expect(attempt((inputs) => ({ ...inputs, inputs: 'x' as never }))).toThrow(/inputs/);
      });
    });
  });
}
