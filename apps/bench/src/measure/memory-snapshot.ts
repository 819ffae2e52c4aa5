import * as tf from '@tensorflow/tfjs-core';

/** What tfjs holds at one moment: live tensors and the bytes of their data. */
export interface MemorySnapshot {
  readonly tensors: number;
  readonly bytes: number;
}

/**
 * Live tensors and bytes now (`tf.memory()`), for the whole process: every tfjs user counts.
 * @example const before = memorySnapshot(); trainStep(); const after = memorySnapshot();
 */
export function memorySnapshot(): MemorySnapshot {
  const { numTensors, numBytes } = tf.memory();
  return { tensors: numTensors, bytes: numBytes };
}

/** Tensors and bytes alive before and after some steps, and what they left behind. */
export interface MemoryChange {
  readonly before: MemorySnapshot;
  readonly after: MemorySnapshot;
  /** after − before: tensors a leak-free loop leaves at 0. */
  readonly leakedTensors: number;
  readonly leakedBytes: number;
}

/**
 * The change between two snapshots.
 * @example memoryChange({ tensors: 10, bytes: 400 }, { tensors: 12, bytes: 480 }) // leakedTensors 2, leakedBytes 80
 */
export function memoryChange(before: MemorySnapshot, after: MemorySnapshot): MemoryChange {
  return { before, after, leakedTensors: after.tensors - before.tensors, leakedBytes: after.bytes - before.bytes };
}
