import {
  ShapeError,
  type AddressingEpsilons,
  type HeadActivationBlock,
  type HeadActivationKind,
  type MemoryStepOrder,
  type NtmBackend,
  type NtmSequenceController,
  type NtmSequenceInputs,
  type Tensor,
} from '@ntm/backend';
import { expectClose, type Tolerance } from '@ntm/backend-conformance';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTfjsBackend, type TfjsBackend } from '../index.js';
import { SeededValues } from './seeded-values.js';
import { inTidy, readValues } from './tidy-reads.js';

const epsilons: AddressingEpsilons = { similarity: 1e-8, sharpening: 1e-8 };
// Two float32 computations of the same maths in different orders, over several recurrent steps.
const tolerance: Tolerance = { absolute: 1e-6, relative: 5e-5 };

/** The sizes of one test sequence. */
interface SequenceSizes {
  readonly time: number;
  readonly batch: number;
  readonly inputSize: number;
  readonly slots: number;
  readonly wordSize: number;
  readonly readHeads: number;
  readonly writeHeads: number;
  readonly shiftWidth: number;
  readonly layers: readonly number[];
  /** An LSTM controller, or a feed-forward one with this activation. */
  readonly controller: 'lstm' | 'tanh' | 'relu' | 'sigmoid';
  readonly outputClip: number;
  readonly headClip: number;
  readonly vectorActivation: HeadActivationKind;
  readonly order: MemoryStepOrder;
}

const cases: readonly (readonly [string, SequenceSizes])[] = [
  [
    'one LSTM layer, 1 + 1 heads, write-then-read, tanh keys, no clip cuts',
    {
      time: 5,
      batch: 3,
      inputSize: 4,
      slots: 8,
      wordSize: 4,
      readHeads: 1,
      writeHeads: 1,
      shiftWidth: 3,
      layers: [6],
      controller: 'lstm',
      outputClip: 20,
      headClip: Number.POSITIVE_INFINITY,
      vectorActivation: 'tanh',
      order: 'write-then-read',
    },
  ],
  [
    'two layers, 2 + 2 heads, read-then-write, identity keys, N and M not multiples of 4, shift width 5, clips that cut',
    {
      time: 4,
      batch: 2,
      inputSize: 3,
      slots: 7,
      wordSize: 5,
      readHeads: 2,
      writeHeads: 2,
      shiftWidth: 5,
      layers: [5, 3],
      controller: 'lstm',
      outputClip: 0.1,
      headClip: 0.3,
      vectorActivation: 'identity',
      order: 'read-then-write',
    },
  ],
  [
    'a feed-forward controller (tanh), one layer, 1 + 1 heads, write-then-read',
    {
      time: 5,
      batch: 3,
      inputSize: 4,
      slots: 8,
      wordSize: 4,
      readHeads: 1,
      writeHeads: 1,
      shiftWidth: 3,
      layers: [7],
      controller: 'tanh',
      outputClip: 20,
      headClip: 20,
      vectorActivation: 'tanh',
      order: 'write-then-read',
    },
  ],
  [
    'a feed-forward controller (relu), two layers, 2 + 1 heads, read-then-write, a clip that cuts',
    {
      time: 4,
      batch: 2,
      inputSize: 3,
      slots: 9,
      wordSize: 3,
      readHeads: 2,
      writeHeads: 1,
      shiftWidth: 3,
      layers: [6, 5],
      controller: 'relu',
      outputClip: 0.4,
      headClip: 20,
      vectorActivation: 'identity',
      order: 'read-then-write',
    },
  ],
  [
    'a feed-forward controller (sigmoid), one layer, 1 + 2 heads, write-then-read',
    {
      time: 4,
      batch: 3,
      inputSize: 2,
      slots: 6,
      wordSize: 4,
      readHeads: 1,
      writeHeads: 2,
      shiftWidth: 3,
      layers: [5],
      controller: 'sigmoid',
      outputClip: 20,
      headClip: 20,
      vectorActivation: 'tanh',
      order: 'write-then-read',
    },
  ],
];

/** The heads' twelve blocks in `parameterBlocks` order for these sizes. */
function headBlocks(sizes: SequenceSizes): HeadActivationBlock[] {
  const { readHeads: R, writeHeads: W, wordSize: M, shiftWidth: K, vectorActivation } = sizes;
  const spec: [number, number, HeadActivationKind, boolean][] = [];
  for (const heads of [R, W]) {
    spec.push(
      [heads, M, vectorActivation, true],
      [heads, 1, 'softplus', false],
      [heads, 1, 'sigmoid', false],
      [heads, K, 'softmax', true],
      [heads, 1, 'onePlusSoftplus', false],
    );
  }
  spec.push([W, M, 'sigmoid', true], [W, M, vectorActivation, true]);
  let offset = 0;
  return spec.map(([heads, sizePerHead, activation, vector]) => {
    const block = { offset, heads, sizePerHead, activation, vector };
    offset += heads * sizePerHead;
    return block;
  });
}

function columnsOf(blocks: readonly HeadActivationBlock[]): number {
  const last = blocks[blocks.length - 1] as HeadActivationBlock;
  return last.offset + last.heads * last.sizePerHead;
}

/** The tensors of a test sequence, in one list (the order `valueAndGradients` differentiates them in). */
function sequenceTensors(backend: NtmBackend, sizes: SequenceSizes, seed: number): Tensor[] {
  const values = new SeededValues(seed);
  const { time, batch, inputSize, slots, wordSize, readHeads, writeHeads, layers } = sizes;
  const columns = columnsOf(headBlocks(sizes));
  const tensors = [
    backend.tensor(values.uniform(time * batch * inputSize, 0, 1), [time, batch, inputSize]),
    backend.tensor(values.uniform(batch * slots * wordSize, -1, 1), [batch, slots, wordSize]),
    backend.tensor(values.distributions(batch * readHeads, slots), [batch, readHeads, slots]),
    backend.tensor(values.distributions(batch * writeHeads, slots), [batch, writeHeads, slots]),
    backend.tensor(values.uniform(batch * readHeads * wordSize, -0.5, 0.5), [batch, readHeads, wordSize]),
    backend.tensor(values.uniform((layers[layers.length - 1] as number) * columns, -0.8, 0.8), [layers[layers.length - 1] as number, columns]),
    backend.tensor(values.uniform(columns, -0.3, 0.3), [columns]),
  ];
  let layerInputs = inputSize + readHeads * wordSize;
  for (const units of layers) {
    if (sizes.controller === 'lstm') {
      tensors.push(
        backend.tensor(values.uniform((layerInputs + units) * 4 * units, -0.6, 0.6), [layerInputs + units, 4 * units]),
        backend.tensor(values.uniform(4 * units, -0.5, 0.5), [4 * units]),
        backend.tensor(values.uniform(batch * units, -0.5, 0.5), [batch, units]),
        backend.tensor(values.uniform(batch * units, -0.5, 0.5), [batch, units]),
      );
    } else {
      tensors.push(
        backend.tensor(values.uniform(layerInputs * units, -0.6, 0.6), [layerInputs, units]),
        backend.tensor(values.uniform(units, -0.5, 0.5), [units]),
      );
    }
    layerInputs = units;
  }
  return tensors;
}

/** The list of {@link sequenceTensors} as `ntmSequence`'s inputs. */
function asInputs(sizes: SequenceSizes, tensors: readonly Tensor[]): NtmSequenceInputs {
  const [inputs, memory, readWeighting, writeWeighting, readVectors, headsKernel, headsBias] = tensors as Tensor[];
  const perLayer = sizes.controller === 'lstm' ? 4 : 2;
  const layers = sizes.layers.map((_, index) => tensors.slice(7 + perLayer * index, 7 + perLayer * (index + 1)) as [Tensor, Tensor, Tensor?, Tensor?]);
  const controller: NtmSequenceController =
    sizes.controller === 'lstm'
      ? {
          kind: 'lstm',
          layers: layers.map(([kernel, bias]) => ({ kernel, bias })),
          state: layers.flatMap(([, , hidden, cell]) => [hidden as Tensor, cell as Tensor]),
          outputClip: sizes.outputClip,
        }
      : { kind: 'feed-forward', layers: layers.map(([kernel, bias]) => ({ kernel, bias })), activation: sizes.controller, outputClip: sizes.outputClip };
  return {
    inputs: inputs as Tensor,
    memory: memory as Tensor,
    readWeighting: readWeighting as Tensor,
    writeWeighting: writeWeighting as Tensor,
    readVectors: readVectors as Tensor,
    controller,
    headsKernel: headsKernel as Tensor,
    headsBias: headsBias as Tensor,
    headBlocks: headBlocks(sizes),
    headClip: sizes.headClip,
  };
}

/**
 * The same sequence one time step at a time from the backend's per-step kernels (`lstmCell`,
 * `headActivations`, `memoryStep`, each tested against the generic composition) and plain ops:
 * the reference the whole-sequence kernel is held to here.
 */
function steppedSequence(backend: NtmBackend, inputs: NtmSequenceInputs, order: MemoryStepOrder): Tensor {
  const { lstmCell, headActivations, memoryStep } = backend.fused;
  if (!lstmCell || !headActivations || !memoryStep) throw new Error('the per-step fused kernels are missing');
  const [time, batch, inputSize] = inputs.inputs.shape as [number, number, number];
  const [, readHeads, wordSize] = inputs.readVectors.shape as [number, number, number];
  let { memory, readWeighting, writeWeighting, readVectors } = inputs;
  const { controller } = inputs;
  const state = controller.kind === 'lstm' ? [...controller.state] : [];
  const rows: Tensor[] = [];
  for (let t = 0; t < time; t++) {
    const x = backend.reshape(backend.slice(inputs.inputs, [t, 0, 0], [1, batch, inputSize]), [batch, inputSize]); // [B, I]
    let layerInput = backend.concat([x, backend.reshape(readVectors, [batch, readHeads * wordSize])], 1); // [B, I + R·M]
    controller.layers.forEach((layer, l) => {
      if (controller.kind === 'feed-forward') {
        const pre = backend.add(backend.matMul(layerInput, layer.kernel), layer.bias); // [B, U]
        layerInput = controller.activation === 'tanh' ? backend.tanh(pre) : controller.activation === 'relu' ? backend.relu(pre) : backend.sigmoid(pre);
        return;
      }
      const joined = backend.concat([layerInput, state[2 * l] as Tensor], 1); // [B, inputs + U]
      const next = lstmCell(backend.matMul(joined, layer.kernel), layer.bias, state[2 * l + 1] as Tensor);
      state[2 * l] = next.hidden;
      state[2 * l + 1] = next.cell;
      layerInput = next.hidden;
    });
    const hidden = backend.clip(layerInput, -controller.outputClip, controller.outputClip); // [B, U]
    const clip = Number.isFinite(inputs.headClip) ? inputs.headClip : Number.MAX_VALUE;
    const [rk, rb, rg, rs, rgamma, wk, wb, wg, ws, wgamma, erase, add] = headActivations(
      backend.matMul(hidden, inputs.headsKernel),
      inputs.headsBias,
      inputs.headBlocks,
      clip,
    ) as Tensor[];
    const next = memoryStep(
      {
        memory,
        read: {
          key: rk as Tensor,
          keyStrength: rb as Tensor,
          interpolationGate: rg as Tensor,
          shiftWeighting: rs as Tensor,
          sharpening: rgamma as Tensor,
          previousWeighting: readWeighting,
        },
        write: {
          key: wk as Tensor,
          keyStrength: wb as Tensor,
          interpolationGate: wg as Tensor,
          shiftWeighting: ws as Tensor,
          sharpening: wgamma as Tensor,
          previousWeighting: writeWeighting,
          erase: erase as Tensor,
          add: add as Tensor,
        },
      },
      order,
      epsilons,
    );
    ({ memory, readWeighting, writeWeighting, readVectors } = next);
    const row = backend.concat([hidden, backend.reshape(readVectors, [batch, readHeads * wordSize])], 1); // [B, U + R·M]
    rows.push(backend.reshape(row, [1, batch, row.shape[1] as number]));
  }
  return backend.concat(rows, 0); // [T, B, U + R·M]
}

/**
 * `fused.ntmSequence` on tfjs-wasm: values and the gradient of every input against the same
 * sequence stepped with the per-step fused kernels, kernel counts, leaks and argument errors.
 * (`@ntm/machine`'s tfjs-wasm suite holds whole models through it to the float64 reference
 * and float64 central differences.)
 */
export function describeFusedNtmSequence(): void {
  describe('fused.ntmSequence on tfjs-wasm', () => {
    let backend: TfjsBackend;
    const read = (x: Tensor): Float64Array => readValues(backend, x);
    const ntmSequence = (inputs: NtmSequenceInputs, order: MemoryStepOrder): Tensor => {
      const rows = backend.fused.ntmSequence?.(inputs, order, epsilons);
      if (!rows) throw new Error('fused.ntmSequence did not run on tfjs-wasm');
      return rows;
    };

    beforeAll(async () => {
      backend = await createTfjsBackend('wasm');
    });

    for (const [name, sizes] of cases) {
      it(`values and the gradient of every input equal stepping through time: ${name}`, () => {
        const results = inTidy(backend, () => {
          const tensors = sequenceTensors(backend, sizes, 11);
          const rowCount = sizes.time * sizes.batch * ((sizes.layers[sizes.layers.length - 1] as number) + sizes.readHeads * sizes.wordSize);
          const projection = backend.tensor(new SeededValues(12).uniform(rowCount, -1, 1), [sizes.time, sizes.batch, rowCount / (sizes.time * sizes.batch)]);
          const run = (whole: boolean) => {
            const rows = (...xs: Tensor[]) =>
              whole ? ntmSequence(asInputs(sizes, xs), sizes.order) : steppedSequence(backend, asInputs(sizes, xs), sizes.order);
            const { value, gradients } = backend.valueAndGradients((...xs) => backend.sumAll(backend.mul(rows(...xs), projection)), tensors);
            return { rows: read(rows(...tensors)), loss: read(value)[0] as number, gradients: gradients.map(read) };
          };
          return { whole: run(true), stepped: run(false) };
        });
        const { whole, stepped } = results;
        expect(whole.rows.length).toBe(stepped.rows.length);
        expectClose(whole.rows, stepped.rows, tolerance, 'rows [h_t, r_t]');
        expectClose([whole.loss], [stepped.loss], tolerance, 'loss', Math.abs(stepped.loss));
        const perLayer = (l: number) => (sizes.controller === 'lstm' ? [`kernel${l}`, `bias${l}`, `h0_${l}`, `c0_${l}`] : [`kernel${l}`, `bias${l}`]);
        const names = [
          'inputs',
          'memory',
          'readWeighting',
          'writeWeighting',
          'readVectors',
          'headsKernel',
          'headsBias',
          ...sizes.layers.flatMap((_, l) => perLayer(l)),
        ];
        names.forEach((label, index) => {
          const expected = stepped.gradients[index] as Float64Array;
          const largest = Math.max(...Array.from(expected, Math.abs));
          expect(largest, `largest |d loss / d ${label}|`).toBeGreaterThan(1e-6);
          expectClose(whole.gradients[index] as Float64Array, expected, tolerance, `d loss / d ${label}`, largest);
        });
      });
    }

    it('is one kernel call forward and one backward, and frees everything it made', async () => {
      const sizes = (cases[1] as (typeof cases)[number])[1];
      const tensors = sequenceTensors(backend, sizes, 21);
      const forward = await backend.countKernels(() => ntmSequence(asInputs(sizes, tensors), sizes.order));
      expect(forward.byKernel).toEqual({ NtmSequence: 1 });
      const before = backend.numTensors();
      for (let i = 0; i < 3; i++) {
        const { value, gradients } = backend.valueAndGradients((...xs) => backend.sumAll(ntmSequence(asInputs(sizes, xs), sizes.order)), tensors);
        backend.dispose([value, ...gradients]);
      }
      expect(backend.numTensors()).toBe(before);
      const backward = await backend.countKernels(
        () => backend.valueAndGradients((...xs) => backend.sumAll(ntmSequence(asInputs(sizes, xs), sizes.order)), tensors).gradients,
      );
      expect(backward.byKernel['NtmSequence']).toBe(1);
      expect(backward.byKernel['NtmSequenceGradient']).toBe(1);
      backend.dispose(tensors);
    });

    describe('bad input gets an error naming it', () => {
      const sizes = (cases[0] as (typeof cases)[number])[1];
      const attempt =
        (change: (inputs: NtmSequenceInputs) => NtmSequenceInputs, order: MemoryStepOrder = 'write-then-read') =>
        () =>
          inTidy(backend, () => ntmSequence(change(asInputs(sizes, sequenceTensors(backend, sizes, 31))), order));

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
