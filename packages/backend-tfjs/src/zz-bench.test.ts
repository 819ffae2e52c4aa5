import * as tf from '@tensorflow/tfjs-core';
import { test } from 'vitest';
import { createTfjsBackend, type TfjsFlavor } from './index.js';

const flavor = (process.env.FLAVOR ?? 'wasm') as TfjsFlavor;
test('bench ' + flavor, async () => {
  const backend = await createTfjsBackend(flavor);
  console.log(JSON.stringify(backend.info));
  const time = (label: string, f: () => void, n = 20000) => {
    for (let i = 0; i < 2000; i++) f();
    const results = [];
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) f();
      results.push(((performance.now() - t0) / n) * 1000);
    }
    console.log(`${flavor} ${label}: ${Math.min(...results).toFixed(2)} µs`);
  };
  const small = backend.tensor([1, 2, 3, 4], [2, 2]);
  const mid = backend.fill([32, 128], 0.5);
  const w = backend.fill([128, 128], 0.01);
  const mem = backend.fill([32, 128, 20], 0.1);
  const key = backend.fill([32, 1, 20], 0.2);
  time('ntm add [2,2] (+dispose)', () => backend.dispose(backend.add(small, small)));
  time('raw tf.add [2,2] (+dispose)', () => tf.dispose(tf.add(small as tf.Tensor, small as tf.Tensor)));
  time('ntm add [32,128]', () => backend.dispose(backend.add(mid, mid)));
  time('ntm exp [32,128]', () => backend.dispose(backend.exp(mid)));
  time('ntm matMul [32,128]x[128,128]', () => backend.dispose(backend.matMul(mid, w)), 3000);
  time('ntm batched matMul [32,1,20]x[32,128,20]^T', () => backend.dispose(backend.matMul(key, mem, false, true)), 3000);
  time('ntm softmax [32,128]', () => backend.dispose(backend.softmax(mid)), 5000);
  time('ntm gather [32,128] 384 idx axis 1', () => backend.dispose(backend.gather(mid, Array.from({ length: 384 }, (_, i) => i % 128), 1)), 3000);
  const engine = tf.engine();
  time('engine.backendName check', () => { if (engine.backendName !== flavor) throw new Error(); }, 1000000);
});
