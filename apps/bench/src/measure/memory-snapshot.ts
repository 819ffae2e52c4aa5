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
  /** Before the first timed step. */
  readonly before: MemorySnapshot;
  /** After the last timed step. */
  readonly after: MemorySnapshot;
  /** What the timed steps left alive: 0 for a loop that frees everything it makes. */
  readonly leakedTensors: number;
  readonly leakedBytes: number;
}
