import type { NtmBackend, Tensor } from '@ntm/backend';
import type { AddressingEpsilons, MemoryStepOrder } from '@ntm/addressing';
import type { HeadActivationBlock, HeadActivationKind, NtmSequenceController, NtmSequenceInputs } from '@ntm/sequence-kernel';
import { memoryStepGeneric } from '@ntm/addressing';
import { Random } from '@ntm/random';
import { randomDistributions, randomValues } from './tensor-values.js';

/**
 * The sizes and settings of one test sequence for `fused.ntmSequence`.
 * @example const sizes: NtmSequenceSizes = NTM_SEQUENCE_CASES[0][1];
 */
export interface NtmSequenceSizes {
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

/**
 * The sequences `fused.ntmSequence` is checked on: both controllers, every dense activation,
 * one and two layers, several heads, both orders, N and M not multiples of 4, shift width 5 and
 * clips that cut.
 *
 * @example const [name, sizes] = NTM_SEQUENCE_CASES[0];
 */
export const NTM_SEQUENCE_CASES: readonly (readonly [string, NtmSequenceSizes])[] = [
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

/**
 * The heads' twelve blocks in their fixed order (read key, β, g, s, γ; write key, β, g, s, γ,
 * erase, add) for these sizes.
 *
 * @example headBlocksOf(NTM_SEQUENCE_CASES[0][1]).length // 12
 */
export function headBlocksOf(sizes: NtmSequenceSizes): HeadActivationBlock[] {
  const { readHeads: R, writeHeads: W, wordSize: M, shiftWidth: K, vectorActivation } = sizes;
  const spec: [HeadActivationBlock['group'], HeadActivationBlock['parameter'], number, number, HeadActivationKind, boolean][] = [];
  for (const [group, heads] of [
    ['read', R],
    ['write', W],
  ] as const) {
    spec.push(
      [group, 'key', heads, M, vectorActivation, true],
      [group, 'keyStrength', heads, 1, 'softplus', false],
      [group, 'interpolationGate', heads, 1, 'sigmoid', false],
      [group, 'shiftWeighting', heads, K, 'softmax', true],
      [group, 'sharpening', heads, 1, 'onePlusSoftplus', false],
    );
  }
  spec.push(['write', 'erase', W, M, 'sigmoid', true], ['write', 'add', W, M, vectorActivation, true]);
  let offset = 0;
  return spec.map(([group, parameter, heads, sizePerHead, activation, vector]) => {
    const block = { group, parameter, offset, heads, sizePerHead, activation, vector };
    offset += heads * sizePerHead;
    return block;
  });
}

function columnsOf(blocks: readonly HeadActivationBlock[]): number {
  const last = blocks[blocks.length - 1] as HeadActivationBlock;
  return last.offset + last.heads * last.sizePerHead;
}

/**
 * The values of a test sequence's tensors, in one list (the order `valueAndGradients`
 * differentiates them in): x, M_0, w^r_0, w^w_0, r_0, the heads' kernel and bias, then per layer
 * its kernel, bias and (LSTM) h_0, c_0. The same seed gives the same values on every backend.
 *
 * @example const tensors = ntmSequenceValues(sizes, 11).map(({ values, shape }) => backend.tensor(values, shape));
 */
export function ntmSequenceValues(sizes: NtmSequenceSizes, seed: number): { values: Float64Array; shape: number[] }[] {
  const random = new Random(seed);
  const { time, batch, inputSize, slots, wordSize, readHeads, writeHeads, layers } = sizes;
  const columns = columnsOf(headBlocksOf(sizes));
  const top = layers[layers.length - 1] as number;
  const list = [
    randomValues(random, [time, batch, inputSize], 0, 1),
    randomValues(random, [batch, slots, wordSize], -1, 1),
    randomDistributions(random, [batch, readHeads, slots]),
    randomDistributions(random, [batch, writeHeads, slots]),
    randomValues(random, [batch, readHeads, wordSize], -0.5, 0.5),
    randomValues(random, [top, columns], -0.8, 0.8),
    randomValues(random, [columns], -0.3, 0.3),
  ];
  let layerInputs = inputSize + readHeads * wordSize;
  for (const units of layers) {
    if (sizes.controller === 'lstm') {
      list.push(
        randomValues(random, [layerInputs + units, 4 * units], -0.6, 0.6),
        randomValues(random, [4 * units], -0.5, 0.5),
        randomValues(random, [batch, units], -0.5, 0.5),
        randomValues(random, [batch, units], -0.5, 0.5),
      );
    } else {
      list.push(randomValues(random, [layerInputs, units], -0.6, 0.6), randomValues(random, [units], -0.5, 0.5));
    }
    layerInputs = units;
  }
  return list;
}

/**
 * The names of {@link ntmSequenceValues}' tensors, for messages.
 * @example ntmSequenceInputNames(sizes)[0] // 'inputs'
 */
export function ntmSequenceInputNames(sizes: NtmSequenceSizes): string[] {
  const perLayer = (l: number) => (sizes.controller === 'lstm' ? [`kernel${l}`, `bias${l}`, `h0_${l}`, `c0_${l}`] : [`kernel${l}`, `bias${l}`]);
  return ['inputs', 'memory', 'readWeighting', 'writeWeighting', 'readVectors', 'headsKernel', 'headsBias', ...sizes.layers.flatMap((_, l) => perLayer(l))];
}

/**
 * The list of {@link ntmSequenceValues}' tensors as `ntmSequence`'s inputs.
 * @example const rows = backend.fused.ntmSequence?.(ntmSequenceInputs(sizes, tensors), sizes.order, epsilons);
 */
export function ntmSequenceInputs(sizes: NtmSequenceSizes, tensors: readonly Tensor[]): NtmSequenceInputs {
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
    headBlocks: headBlocksOf(sizes),
    headClip: sizes.headClip,
  };
}

/** One head block's columns of `clipped` ([B, C]), activated: `[B, heads, size]` for a vector block, `[B, heads]` otherwise. */
function activateBlock(backend: NtmBackend, clipped: Tensor, block: HeadActivationBlock): Tensor {
  const batch = clipped.shape[0] as number;
  const columns = backend.slice(clipped, [0, block.offset], [batch, block.heads * block.sizePerHead]); // [B, heads·size]
  const shaped = block.vector ? backend.reshape(columns, [batch, block.heads, block.sizePerHead]) : columns;
  switch (block.activation) {
    case 'tanh':
      return backend.tanh(shaped);
    case 'identity':
      return shaped;
    case 'sigmoid':
      return backend.sigmoid(shaped);
    case 'softplus':
      return backend.softplus(shaped);
    case 'onePlusSoftplus':
      return backend.add(backend.softplus(shaped), backend.scalar(1));
    case 'softmax':
      return backend.softmax(shaped);
  }
}

/**
 * `ntmSequence`'s definition (the contract's JSDoc) composed of tensor operations and
 * `memoryStepGeneric` of `@ntm/addressing`, one time step at a time: the reference a backend's
 * whole-sequence kernel is held to, run on the float64 reference backend.
 *
 * @example const rows = steppedNtmSequence(reference, ntmSequenceInputs(sizes, tensors), sizes.order, epsilons); // [T, B, U + R·M]
 */
export function steppedNtmSequence(backend: NtmBackend, inputs: NtmSequenceInputs, order: MemoryStepOrder, epsilons: AddressingEpsilons): Tensor {
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
      const units = (state[2 * l] as Tensor).shape[1] as number;
      const gates = backend.add(backend.matMul(backend.concat([layerInput, state[2 * l] as Tensor], 1), layer.kernel), layer.bias); // [B, 4U]: i, f, g, o
      const gate = (k: number) => backend.slice(gates, [0, k * units], [batch, units]); // [B, U]
      const cell = backend.add(backend.mul(backend.sigmoid(gate(1)), state[2 * l + 1] as Tensor), backend.mul(backend.sigmoid(gate(0)), backend.tanh(gate(2)))); // [B, U]
      const hidden = backend.mul(backend.sigmoid(gate(3)), backend.tanh(cell)); // [B, U]
      state[2 * l] = hidden;
      state[2 * l + 1] = cell;
      layerInput = hidden;
    });
    const hidden = backend.clip(layerInput, -controller.outputClip, controller.outputClip); // [B, U]
    const linear = backend.add(backend.matMul(hidden, inputs.headsKernel), inputs.headsBias); // [B, C]
    const clipped = Number.isFinite(inputs.headClip) ? backend.clip(linear, -inputs.headClip, inputs.headClip) : linear;
    const [rk, rb, rg, rs, rgamma, wk, wb, wg, ws, wgamma, erase, add] = inputs.headBlocks.map((block) => activateBlock(backend, clipped, block)) as Tensor[];
    const next = memoryStepGeneric(
      backend,
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
      { epsilons },
    );
    ({ memory, readWeighting, writeWeighting, readVectors } = next);
    const row = backend.concat([hidden, backend.reshape(readVectors, [batch, readHeads * wordSize])], 1); // [B, U + R·M]
    rows.push(backend.reshape(row, [1, batch, row.shape[1] as number]));
  }
  return backend.concat(rows, 0); // [T, B, U + R·M]
}
