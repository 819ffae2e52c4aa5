import * as tf from '@tensorflow/tfjs-core';
import { test } from 'vitest';
import { createTfjsBackend, type TfjsFlavor } from './index.js';
import { gatherWithGradient } from './gather-with-gradient.js';

const flavor = (process.env['FLAVOR'] ?? 'wasm') as TfjsFlavor;
test('bench ' + flavor, async () => {
  const backend = await createTfjsBackend(flavor);
  const time = (label: string, f: () => void, n = 3000) => {
    for (let i = 0; i < 300; i++) f();
    const results = [];
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) f();
      results.push(((performance.now() - t0) / n) * 1000);
    }
    console.log(`${flavor} ${label}: ${Math.min(...results).toFixed(2)} µs`);
  };
  const mid = backend.fill([32, 128], 0.5) as tf.Tensor;
  const idx = Array.from({ length: 384 }, (_, i) => i % 128);
  const idxT = tf.tensor1d(idx, 'int32');
  time('raw gather array', () => tf.dispose(tf.gather(mid, idx, 1)));
  time('raw gather tensor idx', () => tf.dispose(tf.gather(mid, idxT, 1)));
  time('custom gather', () => tf.dispose(gatherWithGradient(mid, idx, 1)));
  time('ntm add [32,128]', () => backend.dispose(backend.add(mid, mid)), 20000);
  time('ntm softmax [32,128]', () => backend.dispose(backend.softmax(mid)), 3000);
});
