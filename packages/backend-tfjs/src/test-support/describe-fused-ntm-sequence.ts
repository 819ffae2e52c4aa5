import { ShapeError, type Tensor } from '@ntm/backend';
import type { AddressingEpsilons, MemoryStepOrder } from '@ntm/addressing';
import type { HeadActivationBlock, NtmSequenceController, NtmSequenceInputs } from '@ntm/sequence-kernel';
import { NTM_SEQUENCE_CASES, ntmSequenceInputs, ntmSequenceValues, type NtmSequenceSizes } from '@ntm/backend-conformance';
import * as tf from '@tensorflow/tfjs-core';
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

    it('makes no tensor the size of its tape while differentiating (tfjs fills an output without a gradient with zeros of its shape)', () => {
      const sizes = (NTM_SEQUENCE_CASES[1] as (typeof NTM_SEQUENCE_CASES)[number])[1];
      const tensors = sequenceTensors(sizes, 21);
      const engine = tf.engine();
      const makeTensor = engine.makeTensor;
      let largest = 0;
      engine.makeTensor = function (this: typeof engine, ...args: Parameters<typeof makeTensor>) {
        largest = Math.max(
          largest,
          args[1].reduce((size, length) => size * length, 1),
        );
        return makeTensor.apply(this, args);
      };
      try {
        const { value, gradients } = backend.valueAndGradients((...xs) => backend.sumAll(ntmSequence(ntmSequenceInputs(sizes, xs), sizes.order)), tensors);
        backend.dispose([value, ...gradients]);
      } finally {
        engine.makeTensor = makeTensor;
      }
      // The largest is the dy of the rows (ones, [T, B, U + R·M]); a tape of every step is many times that.
      const units = sizes.layers[sizes.layers.length - 1] as number;
      expect(largest).toBeGreaterThan(0);
      expect(largest).toBeLessThanOrEqual(sizes.time * sizes.batch * (units + sizes.readHeads * sizes.wordSize));
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

      it('head blocks that are not the heads’ twelve, or do not tile the columns', () => {
        expect(attempt((inputs) => ({ ...inputs, headBlocks: inputs.headBlocks.slice(1) }))).toThrow(
          "fused.ntmSequence: headBlocks must be the heads' 12 blocks",
        );
        expect(
          attempt((inputs) => ({ ...inputs, headBlocks: inputs.headBlocks.map((block, k) => (k === 1 ? { ...block, parameter: 'key' } : block)) })),
        ).toThrow('read key appears 2 times');
        expect(
          attempt((inputs) => ({ ...inputs, headBlocks: inputs.headBlocks.map((block, k) => (k === 3 ? { ...block, offset: block.offset + 1 } : block)) })),
        ).toThrow("the head blocks must tile the heads' columns without gaps or overlaps; a block starts at 7, expected 6");
        expect(
          attempt((inputs) => ({ ...inputs, headBlocks: inputs.headBlocks.map((block, k) => (k === 0 ? { ...block, activation: 'relu' as never } : block)) })),
        ).toThrow(/the read key block is .*one of the activations tanh, identity/);
      });

      it('head blocks in another column order give the same rows (each block is found by its name)', () => {
        const [inOrder, reordered] = inTidy(backend, () => {
          const inputs = ntmSequenceInputs(sizes, sequenceTensors(sizes, 32));
          // Swap the read and write keys' columns: the same numbers, in another layout.
          const blocks = inputs.headBlocks;
          const [readKey, writeKey] = [blocks[0], blocks[5]] as [HeadActivationBlock, HeadActivationBlock];
          const width = readKey.heads * readKey.sizePerHead;
          expect(writeKey.heads * writeKey.sizePerHead).toBe(width);
          const columns = Array.from({ length: inputs.headsBias.shape[0] as number }, (_, c) =>
            c >= readKey.offset && c < readKey.offset + width
              ? writeKey.offset + c - readKey.offset
              : c >= writeKey.offset && c < writeKey.offset + width
                ? readKey.offset + c - writeKey.offset
                : c,
          );
          const moved = {
            ...inputs,
            headsKernel: backend.gather(inputs.headsKernel, columns, 1),
            headsBias: backend.gather(inputs.headsBias, columns, 0),
            headBlocks: blocks.map((block, k) => (k === 0 ? { ...block, offset: writeKey.offset } : k === 5 ? { ...block, offset: readKey.offset } : block)),
          };
          return [backend.readSync(ntmSequence(inputs, sizes.order)), backend.readSync(ntmSequence(moved, sizes.order))];
        });
        expect(Array.from(reordered)).toEqual(Array.from(inOrder));
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
