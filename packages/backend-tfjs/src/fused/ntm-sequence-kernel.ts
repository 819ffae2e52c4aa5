import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { ShapeChecker, ShapeError, type Tensor } from '@ntm/backend';
import type { AddressingEpsilons, MemoryStepOrder } from '@ntm/addressing';
import type { HeadActivationBlock, NtmSequenceController, NtmSequenceInputs } from '@ntm/sequence-kernel';
import { checkActiveFlavor, checkAddressingSettings, checkClip, fusedInput } from './fused-input-checks.js';
import { memoryStepFits } from './memory-step-kernel.js';
import {
  BLOCK_FIELDS,
  CONTROLLER_KINDS,
  FEED_FORWARD_ACTIVATIONS,
  HEAD_ACTIVATIONS,
  HEAD_BLOCK_ORDER,
  MAX_SEQUENCE_LAYERS,
  SEQUENCE_SETTINGS,
  SEQUENCE_SIZES,
} from './ntm-sequence-layout.js';
import { simdModuleOf } from './simd/simd-in-tfjs-heap.js';
import type { SimdKernelModule } from './simd/simd-kernel-module.js';

/**
 * The tfjs kernel of a whole NTM sequence (what `countKernels` reports).
 * @example await backend.countKernels(() => backend.fused.ntmSequence?.(inputs, 'write-then-read', epsilons)) // { NtmSequence: 1 }
 */
export const NTM_SEQUENCE_KERNEL = 'NtmSequence';
/**
 * Its backward kernel: the gradient of every input in one call, through every time step.
 * @example tf.engine().runKernel(NTM_SEQUENCE_GRADIENT_KERNEL, [...inputs, tape, outputGradient], attrs)
 */
export const NTM_SEQUENCE_GRADIENT_KERNEL = 'NtmSequenceGradient';

/**
 * The largest tape this path takes on (float32 values: 1 GiB); a longer or wider sequence is
 * stepped instead, where tfjs keeps each step's tensors separately.
 */
const MAX_TAPE_FLOATS = 2 ** 28;
/**
 * The kernel's attributes: everything the C table's header holds (see `sequence_read` in
 * native/ntm_sequence.c). tfjs attributes are numbers and arrays of numbers.
 */
interface SequenceAttributes extends tf.NamedAttrMap {
  /** {@link SEQUENCE_SIZES}, in that order. */
  sizes: number[];
  /** {@link SEQUENCE_SETTINGS}, in that order (written as float32 bits). */
  settings: number[];
  units: number[];
  /** {@link HEAD_BLOCK_ORDER}'s blocks, {@link BLOCK_FIELDS} each. */
  blocks: number[];
}

/** One of the table's sizes, by name. */
function sizeOf(attrs: tf.NamedAttrMap, name: (typeof SEQUENCE_SIZES)[number]): number {
  return (attrs as SequenceAttributes).sizes[SEQUENCE_SIZES.indexOf(name)] as number;
}

/** How many tensors the forward kernel takes: seven, then four per LSTM layer (kernel, bias, h_0, c_0) or two per dense layer. */
function inputCount(attrs: tf.NamedAttrMap): number {
  const { units } = attrs as SequenceAttributes;
  return 7 + (CONTROLLER_KINDS[sizeOf(attrs, 'controller')] === 'lstm' ? 4 : 2) * units.length;
}

/** The table's header words: the sizes, the settings' float32 bits, the units and the blocks. */
function headerWords(attrs: SequenceAttributes): Int32Array {
  const { sizes, settings, units, blocks } = attrs;
  const words = new Int32Array(sizes.length + settings.length + units.length + blocks.length);
  words.set(sizes, 0);
  new Float32Array(words.buffer, sizes.length * 4, settings.length).set(settings);
  words.set(units, sizes.length + settings.length);
  words.set(blocks, sizes.length + settings.length + units.length);
  return words;
}

/** The byte offset of a tensor's data in the tfjs-wasm heap. */
function offsetOf(wasm: BackendWasm, info: tf.TensorInfo): number {
  return wasm.dataIdMap.get(info.dataId)?.memoryOffset as number;
}

/**
 * Runs one of the sequence kernels with its argument table in tfjs's heap: the header and the
 * inputs' offsets, then the outputs' offsets once `allocate` has made them (it may ask the C
 * code for a length first: `lengthOf` runs a length function on the table so far). The table is
 * an int32 tensor of its own, freed at the end.
 */
function runWithTable(
  wasm: BackendWasm,
  module: SimdKernelModule,
  attrs: SequenceAttributes,
  inputs: readonly tf.TensorInfo[],
  allocate: (lengthOf: (name: 'ntm_sequence_tape_length' | 'ntm_sequence_scratch_length') => number) => tf.TensorInfo[],
  kernel: 'ntm_sequence_forward' | 'ntm_sequence_backward',
  extraPointers: readonly number[] = [],
): tf.TensorInfo[] {
  const header = headerWords(attrs);
  // After the header and the inputs: the extra pointers, then at most one output per input and
  // one more (backward: each input's gradient and the scratch; forward: the output and the tape).
  const table = wasm.makeOutput([header.length + inputs.length + extraPointers.length + inputs.length + 1], 'int32');
  try {
    const tableAt = offsetOf(wasm, table);
    // Views are taken afresh after every allocation: growing the heap detaches older ones.
    const write = (words: ArrayLike<number>, at: number) => (wasm.typedArrayFromHeap(table) as Int32Array).set(words, at);
    write(header, 0);
    write(
      inputs.map((input) => offsetOf(wasm, input)),
      header.length,
    );
    const outputs = allocate((name) => module.run(name, [], [tableAt]) as number);
    write([...extraPointers, ...outputs.map((output) => offsetOf(wasm, output))], header.length + inputs.length);
    module.run(kernel, [], [tableAt]);
    return outputs;
  } finally {
    wasm.disposeData(table.dataId);
  }
}

function moduleOf(wasm: BackendWasm, kernelName: string): SimdKernelModule {
  const module = simdModuleOf(wasm);
  // createFusedNtmSequence checks this before it runs the kernel; reaching here without it is a bug.
  if (module === null) throw new Error(`${kernelName}: needs the WebAssembly SIMD kernels inside tfjs-wasm's heap, which are unavailable here`);
  return module;
}

/**
 * `NtmSequence` (wasm only): x `[T, B, I]`, M_0, w^r_0, w^w_0, r_0, the heads' kernel and bias,
 * then per controller layer its kernel, bias and (LSTM) h_0 and c_0 → the output network's input `[T, B, U + R·M]`
 * and the tape the backward kernel reads (a tensor of shape [1] that owns the whole tape: see `tapeOutput`).
 *
 * @example tf.registerKernel({ kernelName: NTM_SEQUENCE_KERNEL, backendName: 'wasm', kernelFunc: ntmSequenceKernelFunc });
 */
export const ntmSequenceKernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as BackendWasm;
  const attributes = attrs as SequenceAttributes;
  const infos = Array.from({ length: inputCount(attributes) }, (_, index) => inputs[index] as tf.TensorInfo);
  const [time, batch, wordSize, readHeads] = (['time', 'batch', 'wordSize', 'readHeads'] as const).map((name) => sizeOf(attributes, name)) as [
    number,
    number,
    number,
    number,
  ];
  const units = attributes.units[attributes.units.length - 1] as number;
  return runWithTable(
    wasm,
    moduleOf(wasm, NTM_SEQUENCE_KERNEL),
    attributes,
    infos,
    (lengthOf) => {
      const tapeLength = lengthOf('ntm_sequence_tape_length');
      return [
        wasm.makeOutput([time as number, batch as number, units + (readHeads as number) * (wordSize as number)], 'float32'),
        tapeOutput(wasm, tapeLength),
      ];
    },
    'ntm_sequence_forward',
  );
};

/**
 * The tape as a tensor of shape [1] that owns all of the tape's `floats` (tfjs-wasm frees a
 * tensor's whole block with it). Why not shape [floats]: the tape never receives a gradient,
 * and tfjs's gradient tape gives every output without one a dy of zeros of its shape, made in
 * JavaScript and copied into the heap. For a shape of [floats] that cost a step of copy at batch
 * 32 a zero array of several MB per sequence kernel: ≈ 11 ms of a 97 ms step, and as much again
 * in garbage collection (CPU profile). Only the sequence kernels read the tape, by its address.
 */
function tapeOutput(wasm: BackendWasm, floats: number): tf.TensorInfo {
  // `_malloc` is in tfjs-wasm's emscripten module but not its public types; the SIMD kernels run only where it exists (`simdModuleOf`).
  const emscripten = wasm.wasm as unknown as { _malloc(bytes: number): number };
  const address = emscripten._malloc(Math.max(1, floats) * Float32Array.BYTES_PER_ELEMENT) >>> 0;
  return wasm.makeOutput([1], 'float32', address);
}

/**
 * `NtmSequenceGradient` (wasm only): the forward's inputs, its tape and dL/d(output) → the
 * gradient of every input (same shapes, same order), then a scratch tensor the gradient
 * function frees.
 *
 * @example tf.registerKernel({ kernelName: NTM_SEQUENCE_GRADIENT_KERNEL, backendName: 'wasm', kernelFunc: ntmSequenceGradientKernelFunc });
 */
export const ntmSequenceGradientKernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as BackendWasm;
  const attributes = attrs as SequenceAttributes;
  const count = inputCount(attributes);
  const infos = Array.from({ length: count }, (_, index) => inputs[index] as tf.TensorInfo);
  const tape = inputs[count] as tf.TensorInfo;
  const outputGradient = inputs[count + 1] as tf.TensorInfo;
  // The table after the inputs: the forward output (unused: 0), the tape, dL/d(output), then the gradients and the scratch.
  return runWithTable(
    wasm,
    moduleOf(wasm, NTM_SEQUENCE_GRADIENT_KERNEL),
    attributes,
    infos,
    (lengthOf) => {
      const scratchLength = lengthOf('ntm_sequence_scratch_length');
      return [...infos.map((info) => wasm.makeOutput(info.shape, 'float32')), wasm.makeOutput([scratchLength], 'float32')];
    },
    'ntm_sequence_backward',
    [0, offsetOf(wasm, tape), offsetOf(wasm, outputGradient)],
  );
};

/**
 * The gradient of `NtmSequence` for tfjs's tape: one `NtmSequenceGradient` call. It saves every
 * input and the tape.
 *
 * @example tf.registerGradient(ntmSequenceGradient);
 */
export const ntmSequenceGradient: tf.GradConfig = {
  kernelName: NTM_SEQUENCE_KERNEL,
  saveAllInputs: true,
  outputsToSave: [false, true],
  gradFunc: (dy, saved, attrs) => {
    if (sizeOf(attrs, 'keepTape') !== 1)
      throw new Error(`${NTM_SEQUENCE_KERNEL}: its forward pass ran while tfjs recorded no gradient, so it kept no tape to differentiate`);
    const count = saved.length - 1;
    const tape = saved[count] as tf.Tensor;
    const outputGradient = (dy as tf.Tensor[])[0] as tf.Tensor;
    // Run now, not inside the thunks: tfjs calls each thunk in its own tidy, which would free the others.
    const gradients = tf
      .engine()
      .runKernel(NTM_SEQUENCE_GRADIENT_KERNEL, [...saved.slice(0, count), tape, outputGradient] as unknown as tf.NamedTensorMap, attrs) as tf.Tensor[];
    (gradients[count] as tf.Tensor).dispose(); // the scratch
    const map: Record<string, () => tf.Tensor> = {};
    for (let index = 0; index < count; index++) map[index] = () => gradients[index] as tf.Tensor;
    return map;
  },
};

/**
 * The heads' blocks as the table's block words, in the kernel's own {@link HEAD_BLOCK_ORDER}:
 * each found by its group and parameter (the heads may lay their columns out in any order),
 * checked against R, W, M, K, and against C: the blocks must tile the columns exactly.
 */
function blockWords(op: string, blocks: readonly HeadActivationBlock[], sizes: { R: number; W: number; M: number; K: number; C: number }): number[] {
  const wanted = `the heads' ${HEAD_BLOCK_ORDER.length} blocks (read key, β, g, s, γ; write key, β, g, s, γ, erase, add), each once`;
  if (!Array.isArray(blocks) || blocks.length !== HEAD_BLOCK_ORDER.length) {
    throw new RangeError(`${op}: headBlocks must be ${wanted}, got ${Array.isArray(blocks) ? `${blocks.length} blocks` : String(blocks)}`);
  }
  const words: number[] = [];
  for (const [group, parameter, size] of HEAD_BLOCK_ORDER) {
    const matching = blocks.filter((block) => block?.group === group && block.parameter === parameter);
    if (matching.length !== 1) throw new RangeError(`${op}: headBlocks must be ${wanted}; ${group} ${parameter} appears ${matching.length} times`);
    const block = matching[0] as HeadActivationBlock;
    const heads = group === 'read' ? sizes.R : sizes.W;
    const sizePerHead = size === 'M' ? sizes.M : size === 'K' ? sizes.K : 1;
    const code = HEAD_ACTIVATIONS.indexOf(block.activation);
    if (!Number.isInteger(block.offset) || block.offset < 0 || block.heads !== heads || block.sizePerHead !== sizePerHead || code < 0) {
      throw new ShapeError(
        `${op}: the ${group} ${parameter} block is ${JSON.stringify(block)}; expected an offset, heads ${heads}, sizePerHead ${sizePerHead} and one of the activations ${HEAD_ACTIVATIONS.join(', ')}`,
      );
    }
    const fields: Record<(typeof BLOCK_FIELDS)[number], number> = { offset: block.offset, heads, size: sizePerHead, activation: code };
    words.push(...BLOCK_FIELDS.map((field) => fields[field]));
  }
  // Sorted by offset, each block must start where the one before ends, and the last end at C.
  const spans = blocks.map((block) => [block.offset, block.offset + block.heads * block.sizePerHead] as const).sort((x, y) => x[0] - y[0]);
  let end = 0;
  for (const [start, stop] of spans) {
    if (start !== end)
      throw new ShapeError(`${op}: the head blocks must tile the heads' columns without gaps or overlaps; a block starts at ${start}, expected ${end}`);
    end = stop;
  }
  if (end !== sizes.C) throw new ShapeError(`${op}: the head blocks cover ${end} columns but headsKernel has ${sizes.C}`);
  return words;
}

/** The width of each layer's input: [x_t, r_{t−1}] for the first, the layer below's h after. */
function layerInputsOf(firstInputs: number, units: readonly number[]): number[] {
  return units.map((_, index) => (index === 0 ? firstInputs : (units[index - 1] as number)));
}

/**
 * About how many floats the forward tape takes (`tape_layout` in native/ntm_sequence.c has the
 * exact layout): per step and batch row, each layer's [input, h] and cell record, the heads'
 * parameters and tape, the memory, the weightings and the addressing tapes.
 */
function tapeFloatsEstimate(
  time: number,
  batch: number,
  sizes: { N: number; M: number; R: number; W: number; K: number; C: number },
  units: readonly number[],
  layerInputs: readonly number[],
): number {
  const { N, M, R, W, K, C } = sizes;
  const controller = units.reduce((total, count, index) => total + (layerInputs[index] as number) + 7 * count, 0);
  const addressing = (R + W) * (8 * N + M + 4 + K) + 2 * N;
  return (time + 1) * batch * (controller + 3 * C + N * M + R * M + addressing);
}

/** The controller checked against the shapes so far: its layers' units, its tensors in the kernel's order, its codes. */
interface CheckedController {
  readonly units: number[];
  readonly tensors: tf.Tensor[];
  /** Its index in {@link CONTROLLER_KINDS}. */
  readonly kindCode: number;
  readonly activationCode: number;
}

/**
 * Checks `controller` (an LSTM with its state, or a dense network) against the input width and
 * the batch, naming the field that is wrong.
 */
function checkController(op: string, controller: NtmSequenceController, checker: ShapeChecker, firstInputs: number): CheckedController {
  const kind = controller?.kind;
  if (kind !== 'lstm' && kind !== 'feed-forward') {
    throw new TypeError(
      `${op}: controller.kind must be "lstm" or "feed-forward", got ${controller === null || typeof controller !== 'object' ? String(controller) : JSON.stringify(kind)}`,
    );
  }
  const { layers } = controller;
  if (!Array.isArray(layers) || layers.length === 0)
    throw new TypeError(`${op}: controller.layers must be a non-empty array of { kernel, bias }, got ${String(layers)}`);
  const lstm = controller.kind === 'lstm';
  if (lstm && (!Array.isArray(controller.state) || controller.state.length !== 2 * layers.length)) {
    const got = Array.isArray(controller.state) ? controller.state.length : String(controller.state);
    throw new RangeError(`${op}: controller.state must hold [h, c] for each of the ${layers.length} layers (${2 * layers.length} tensors), got ${got}`);
  }
  const activationCode = lstm ? 0 : FEED_FORWARD_ACTIVATIONS.indexOf(controller.activation);
  if (activationCode < 0)
    throw new RangeError(
      `${op}: controller.activation must be one of ${FEED_FORWARD_ACTIVATIONS.join(', ')}, got ${JSON.stringify(lstm ? undefined : controller.activation)}`,
    );
  const units: number[] = [];
  const tensors: tf.Tensor[] = [];
  let layerInputs = firstInputs;
  layers.forEach((layer, index) => {
    const field = `controller.layers[${index}]`;
    const widthName = `layer${index}Width`;
    checker.check(`${field}.bias`, layer?.bias?.shape, [widthName]);
    const width = checker.size(widthName);
    if (lstm && width % 4 !== 0) throw new ShapeError(`${op}: ${field}.bias has ${width} entries; expected 4·units (an LSTM's four gates)`);
    const layerUnits = lstm ? width / 4 : width;
    checker.check(`${field}.kernel`, layer.kernel?.shape, [layerInputs + (lstm ? layerUnits : 0), width]);
    tensors.push(fusedInput(op, `${field}.kernel`, layer.kernel), fusedInput(op, `${field}.bias`, layer.bias));
    if (controller.kind === 'lstm') {
      const [hidden, cell] = [controller.state[2 * index], controller.state[2 * index + 1]];
      checker.check(`controller.state[${2 * index}] (layer ${index} h)`, hidden?.shape, ['batch', layerUnits]);
      checker.check(`controller.state[${2 * index + 1}] (layer ${index} c)`, cell?.shape, ['batch', layerUnits]);
      tensors.push(fusedInput(op, `controller.state[${2 * index}]`, hidden as Tensor), fusedInput(op, `controller.state[${2 * index + 1}]`, cell as Tensor));
    }
    units.push(layerUnits);
    layerInputs = layerUnits;
  });
  return { units, tensors, kindCode: CONTROLLER_KINDS.indexOf(controller.kind), activationCode };
}

/** A clip for the C kernel, which reads float32: the largest float32 clips nothing, as Infinity does. */
function float32Clip(op: string, field: string, value: number): number {
  return Math.min(checkClip(op, field, value), 3.4028234663852886e38);
}

/**
 * `FusedKernels.ntmSequence` on tfjs-wasm with the SIMD kernels in its heap: the whole sequence
 * as ONE kernel call forward and one backward. Returns `null` where it cannot run (more than
 * eight controller layers, a memory too large for the kernels' stack, a tape over 1 GiB): the
 * model then runs step by step.
 *
 * @example
 * ```ts
 * const ntmSequence = createFusedNtmSequence();
 * const rows = ntmSequence(inputs, 'write-then-read', { similarity: 1e-8, sharpening: 1e-8 }); // [T, B, U + R·M] or null
 * ```
 */
export function createFusedNtmSequence(): (inputs: NtmSequenceInputs, order: MemoryStepOrder, epsilons: AddressingEpsilons) => Tensor | null {
  const op = 'fused.ntmSequence';
  return (inputs, order, epsilons) => {
    checkActiveFlavor(op, 'wasm');
    if (inputs === null || typeof inputs !== 'object') throw new TypeError(`${op}: inputs must be an object of tensors, got ${String(inputs)}`);
    if (order !== 'write-then-read' && order !== 'read-then-write') {
      throw new TypeError(`${op}: order must be "write-then-read" or "read-then-write", got ${JSON.stringify(order)}`);
    }
    const checker = new ShapeChecker(op)
      .check('inputs', inputs.inputs?.shape, ['time', 'batch', 'inputSize'])
      .check('memory', inputs.memory?.shape, ['batch', 'slots', 'wordSize'])
      .check('readWeighting', inputs.readWeighting?.shape, ['batch', 'readHeads', 'slots'])
      .check('writeWeighting', inputs.writeWeighting?.shape, ['batch', 'writeHeads', 'slots'])
      .check('readVectors', inputs.readVectors?.shape, ['batch', 'readHeads', 'wordSize']);
    const size = (name: string) => checker.size(name);
    const controller = checkController(op, inputs.controller, checker, size('inputSize') + size('readHeads') * size('wordSize'));
    const { units } = controller;
    checker
      .check('headsKernel', inputs.headsKernel?.shape, [units[units.length - 1] as number, 'columns'])
      .check('headsBias', inputs.headsBias?.shape, ['columns']);
    const [R, W, M, N, C] = ['readHeads', 'writeHeads', 'wordSize', 'slots', 'columns'].map(size) as [number, number, number, number, number];
    const K = (C - 3 * (R + W) - M * (R + 3 * W)) / (R + W);
    if (!Number.isInteger(K) || K < 1)
      throw new ShapeError(`${op}: headsKernel has ${C} columns, which no shift width fits for ${R} read and ${W} write heads of word size ${M}`);
    checkAddressingSettings(op, K, N, epsilons);
    const blocks = blockWords(op, inputs.headBlocks, { R, W, M, K, C });
    const tableSettings: Record<(typeof SEQUENCE_SETTINGS)[number], number> = {
      outputClip: float32Clip(op, 'controller.outputClip', inputs.controller.outputClip),
      headClip: float32Clip(op, 'headClip', inputs.headClip),
      similarityEpsilon: epsilons.similarity,
      sharpeningEpsilon: epsilons.sharpening,
    };
    const settings = SEQUENCE_SETTINGS.map((name) => tableSettings[name]);
    const tensors = [
      fusedInput(op, 'inputs', inputs.inputs),
      fusedInput(op, 'memory', inputs.memory),
      fusedInput(op, 'readWeighting', inputs.readWeighting),
      fusedInput(op, 'writeWeighting', inputs.writeWeighting),
      fusedInput(op, 'readVectors', inputs.readVectors),
      fusedInput(op, 'headsKernel', inputs.headsKernel),
      fusedInput(op, 'headsBias', inputs.headsBias),
      ...controller.tensors,
    ];
    // Where the kernel cannot run, say so: the caller steps through time instead.
    if (units.length > MAX_SEQUENCE_LAYERS) return null;
    const keepTape = tf.engine().isTapeOn();
    const tapeTime = keepTape ? size('time') : 1;
    if (tapeFloatsEstimate(tapeTime, size('batch'), { N, M, R, W, K, C }, units, layerInputsOf(size('inputSize') + R * M, units)) > MAX_TAPE_FLOATS)
      return null;
    const module = simdModuleOf(tf.backend() as BackendWasm);
    if (module === null || !memoryStepFits(module, { readHeads: R, writeHeads: W, slots: N, kernelWidth: K })) return null;
    const tableSizes: Record<(typeof SEQUENCE_SIZES)[number], number> = {
      time: size('time'),
      batch: size('batch'),
      inputSize: size('inputSize'),
      slots: N,
      wordSize: M,
      readHeads: R,
      writeHeads: W,
      kernelWidth: K,
      layers: units.length,
      columns: C,
      writeFirst: order === 'write-then-read' ? 1 : 0,
      keepTape: keepTape ? 1 : 0,
      controller: controller.kindCode,
      activation: controller.activationCode,
    };
    const attrs: SequenceAttributes = {
      // Nothing will differentiate this call when tfjs records no gradient: the kernel then keeps
      // only the latest step instead of a tape of every step (far less memory, a little faster).
      sizes: SEQUENCE_SIZES.map((name) => tableSizes[name]),
      settings,
      units,
      blocks,
    };
    const [output, tape] = tf.engine().runKernel(NTM_SEQUENCE_KERNEL, tensors as unknown as tf.NamedTensorMap, attrs) as tf.Tensor[];
    // The caller never sees the tape; a gradient tape under way keeps its own reference.
    (tape as tf.Tensor).dispose();
    return output as tf.Tensor;
  };
}
