import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTfjsBackend } from './index.js';

describe('the zero-copy Identity kernel on wasm', () => {
  beforeAll(async () => {
    await createTfjsBackend('wasm');
  });

  it('gives a clone that shares storage with its source and outlives it', () => {
    const bytesBefore = tf.memory().numBytes;
    const x = tf.tensor([1, 2, 3, 4], [2, 2]);
    const copy = tf.clone(x);
    const backend = tf.backend() as BackendWasm;
    expect(copy.dataId).toBe(x.dataId); // one buffer on the heap, counted twice
    expect(backend.refCount(copy.dataId)).toBe(2);
    x.dispose();
    expect(Array.from(copy.dataSync())).toEqual([1, 2, 3, 4]);
    expect(copy.shape).toEqual([2, 2]);
    copy.dispose();
    expect(tf.memory().numBytes).toBe(bytesBefore);
  });

  it('keeps gradients right where tfjs saves tensors (the clones it makes for the tape)', () => {
    const x = tf.tensor([0.5, -1, 2]);
    const gradient = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.exp(input), input)))(x);
    const expected = [0.5, -1, 2].map((v) => Math.exp(v) * (1 + v));
    Array.from(gradient.dataSync()).forEach((value, index) => expect(value).toBeCloseTo(expected[index] as number, 5));
    tf.dispose([x, gradient]);
  });

  it('leaves a variable’s old value intact when the variable is assigned a new one', () => {
    const variable = tf.variable(tf.tensor([1, 2]));
    const saved = tf.clone(variable);
    variable.assign(tf.tensor([5, 6]));
    expect(Array.from(saved.dataSync())).toEqual([1, 2]);
    expect(Array.from(variable.dataSync())).toEqual([5, 6]);
    tf.dispose([variable, saved]);
  });

  it('still clones string tensors with tfjs’s own kernel', () => {
    const words = tf.tensor(['a', 'b']);
    const copy = tf.clone(words);
    expect(copy.arraySync()).toEqual(['a', 'b']);
    tf.dispose([words, copy]);
  });
});
