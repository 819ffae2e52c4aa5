import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createTfjsBackend } from './index.js';

// tfjs has one active backend per process; an ntm backend must notice when it is no longer it.
describe('one active tfjs backend per process', () => {
  it('an op on a backend whose tfjs backend was switched away fails and says why', async () => {
    const cpu = await createTfjsBackend('cpu');
    const x = cpu.tensor([1, 2], [2]);
    const wasm = await createTfjsBackend('wasm');
    expect(() => cpu.exp(x)).toThrow(/^tfjs-cpu exp: the active TensorFlow.js backend is now "wasm", not "cpu".*createTfjsBackend\('cpu'\)/);
    expect(() => cpu.tensor([1], [1])).toThrow('tfjs-cpu tensor: the active TensorFlow.js backend is now "wasm"');
    // The live backend works, and reads tensors made before the switch (tfjs moves the data).
    expect(Array.from(wasm.readSync(wasm.add(x, x)))).toEqual([2, 4]);
  });

  it('works again once its flavor is selected again', async () => {
    const wasm = await createTfjsBackend('wasm');
    await tf.setBackend('cpu');
    expect(() => wasm.scalar(1)).toThrow('tfjs-wasm scalar: the active TensorFlow.js backend is now "cpu"');
    await tf.setBackend('wasm');
    expect(Array.from(wasm.readSync(wasm.scalar(1)))).toEqual([1]);
  });
});
