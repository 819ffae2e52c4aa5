import type { AddressingEpsilons } from '@ntm/backend';
import { AddressTapeLayout, addressBackward, addressForward, type AddressArrays, type AddressSizes, type FloatArray } from './address-loops.js';
import { readMemoryBackward, readMemoryForward } from './read-memory-loops.js';
import { writeMemoryBackward, writeMemoryForward } from './write-memory-loops.js';

/** The sizes of one memory step: `B`, `R` read heads, `W` write heads, `N`, `M`, `K = 2n + 1`. */
export interface MemoryStepSizes {
  readonly batch: number;
  readonly readHeads: number;
  readonly writeHeads: number;
  readonly slots: number;
  readonly wordSize: number;
  readonly kernelWidth: number;
  /** Write, then address and read the new memory (the paper's order); else read the old memory first. */
  readonly writeFirst: boolean;
}

/** A group of heads' addressing parameters (`AddressArrays` without the memory). */
export type HeadArrays = Omit<AddressArrays, 'memory'>;

/** The inputs of a memory step as flat arrays. */
export interface MemoryStepArrays {
  readonly memory: FloatArray; // M_{t−1} [B, N, M]
  readonly read: HeadArrays; // R read heads
  readonly write: HeadArrays & { readonly erase: FloatArray; readonly add: FloatArray }; // W write heads
}

/** What a memory step makes. */
export interface MemoryStepOutputs {
  readonly memory: FloatArray; // M_t [B, N, M]
  readonly readWeighting: FloatArray; // [B, R, N]
  readonly writeWeighting: FloatArray; // [B, W, N]
  readonly readVectors: FloatArray; // [B, R, M]
  readonly tape: FloatArray; // the write heads' addressing tape, then the read heads'
}

/**
 * The addressing sizes of one group of heads.
 * @example headSizes(sizes, sizes.readHeads) // { batch, heads: R, slots, wordSize, kernelWidth }
 */
export function headSizes(sizes: MemoryStepSizes, heads: number): AddressSizes {
  return { batch: sizes.batch, heads, slots: sizes.slots, wordSize: sizes.wordSize, kernelWidth: sizes.kernelWidth };
}

/**
 * The memory step's tape length: the write heads' addressing tape, then the read heads'.
 * @example memoryStepTapeLength(sizes) // AddressTapeLayout(write).length + AddressTapeLayout(read).length
 */
export function memoryStepTapeLength(sizes: MemoryStepSizes): number {
  return new AddressTapeLayout(headSizes(sizes, sizes.writeHeads)).length + new AddressTapeLayout(headSizes(sizes, sizes.readHeads)).length;
}

/**
 * The scratch a backward pass needs: two memories and both weightings (2·B·N·M + B·(R + W)·N).
 * @example new Float32Array(memoryStepScratchLength(sizes))
 */
export function memoryStepScratchLength(sizes: MemoryStepSizes): number {
  const { batch, readHeads, writeHeads, slots, wordSize } = sizes;
  return 2 * batch * slots * wordSize + batch * (readHeads + writeHeads) * slots;
}

function tapes(sizes: MemoryStepSizes, tape: FloatArray): { write: FloatArray; read: FloatArray } {
  const writeLength = new AddressTapeLayout(headSizes(sizes, sizes.writeHeads)).length;
  return { write: tape.subarray(0, writeLength), read: tape.subarray(writeLength) };
}

/**
 * One NTM memory step for every head (docs/math.md §2): address the write heads on M_{t−1}, erase
 * and add into M_t; address the read heads and read, on M_t when `writeFirst`, else on M_{t−1}.
 * The composition of the addressing, write and read loops, exactly as `@ntm/addressing`'s
 * `memoryStep` composes the generic operations.
 *
 * @example memoryStepForward(sizes, inputs, { similarity: 1e-8, sharpening: 1e-8 }, outputs);
 */
export function memoryStepForward(sizes: MemoryStepSizes, x: MemoryStepArrays, epsilons: AddressingEpsilons, out: MemoryStepOutputs): void {
  const { write: writeTape, read: readTape } = tapes(sizes, out.tape);
  addressForward(headSizes(sizes, sizes.writeHeads), { ...x.write, memory: x.memory }, epsilons, out.writeWeighting, writeTape);
  const writeSizes = { batch: sizes.batch, heads: sizes.writeHeads, slots: sizes.slots, wordSize: sizes.wordSize };
  writeMemoryForward(writeSizes, { memory: x.memory, weighting: out.writeWeighting, erase: x.write.erase, add: x.write.add }, out.memory);
  const readFrom = sizes.writeFirst ? out.memory : x.memory;
  addressForward(headSizes(sizes, sizes.readHeads), { ...x.read, memory: readFrom }, epsilons, out.readWeighting, readTape);
  readMemoryForward({ ...writeSizes, heads: sizes.readHeads }, readFrom, out.readWeighting, out.readVectors);
}

/** What the backward pass reads: the forward's inputs it needs, its outputs, and the upstream gradients. */
export interface MemoryStepBackwardInputs {
  readonly memory: FloatArray;
  readonly erase: FloatArray;
  readonly add: FloatArray;
  readonly memoryNext: FloatArray;
  readonly readWeighting: FloatArray;
  readonly writeWeighting: FloatArray;
  readonly tape: FloatArray;
  readonly memoryNextGradient: FloatArray;
  readonly readWeightingGradient: FloatArray;
  readonly writeWeightingGradient: FloatArray;
  readonly readVectorsGradient: FloatArray;
}

/** The gradients of every forward input. */
export interface MemoryStepGradients {
  readonly memory: FloatArray;
  readonly read: HeadArrays;
  readonly write: HeadArrays & { readonly erase: FloatArray; readonly add: FloatArray };
}

function addInto(target: FloatArray, source: FloatArray): void {
  for (let i = 0; i < target.length; i++) target[i] = (target[i] as number) + (source[i] as number);
}

/**
 * The backward pass of {@link memoryStepForward}: the read and its addressing, then the write
 * and its addressing, the memory's gradient summed over all four (the same order of sums as
 * `native/memory_step.c`). `scratch` holds {@link memoryStepScratchLength} numbers.
 *
 * @example memoryStepBackward(sizes, saved, epsilons, gradients, new Float64Array(memoryStepScratchLength(sizes)));
 */
export function memoryStepBackward(
  sizes: MemoryStepSizes,
  x: MemoryStepBackwardInputs,
  epsilons: AddressingEpsilons,
  g: MemoryStepGradients,
  scratch: FloatArray,
): void {
  const { batch, readHeads, writeHeads, slots, wordSize, writeFirst } = sizes;
  const memorySize = batch * slots * wordSize;
  const { write: writeTape, read: readTape } = tapes(sizes, x.tape);
  const memoryA = scratch.subarray(0, memorySize);
  const memoryB = scratch.subarray(memorySize, 2 * memorySize);
  const readW = scratch.subarray(2 * memorySize, 2 * memorySize + batch * readHeads * slots);
  const writeW = scratch.subarray(2 * memorySize + batch * readHeads * slots, 2 * memorySize + batch * (readHeads + writeHeads) * slots);
  const readFrom = writeFirst ? x.memoryNext : x.memory;
  const readSizes = { batch, heads: readHeads, slots, wordSize };
  const writeSizes = { batch, heads: writeHeads, slots, wordSize };

  readMemoryBackward(readSizes, readFrom, x.readWeighting, x.readVectorsGradient, memoryA, readW);
  addInto(readW, x.readWeightingGradient);
  addressBackward(headSizes(sizes, readHeads), readFrom, readTape, epsilons, readW, { ...g.read, memory: memoryB });
  addInto(memoryA, memoryB);

  const writeInputs = { memory: x.memory, weighting: x.writeWeighting, erase: x.erase, add: x.add };
  const writeGradients = { memory: g.memory, weighting: writeW, erase: g.write.erase, add: g.write.add };
  if (writeFirst) {
    addInto(memoryA, x.memoryNextGradient);
    writeMemoryBackward(writeSizes, writeInputs, memoryA, writeGradients);
  } else {
    writeMemoryBackward(writeSizes, writeInputs, x.memoryNextGradient, writeGradients);
    addInto(g.memory, memoryA);
  }
  addInto(writeW, x.writeWeightingGradient);
  addressBackward(headSizes(sizes, writeHeads), x.memory, writeTape, epsilons, writeW, { ...g.write, memory: memoryB });
  addInto(g.memory, memoryB);
}
