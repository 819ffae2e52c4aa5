import { createTfjsBackend } from '@ntm/backend-tfjs';
const tf: any = await import('../../../backend-tfjs/node_modules/@tensorflow/tfjs-core');
import { it } from 'vitest';

it('micro', async () => {
  const backend = await createTfjsBackend('wasm');
  const a = backend.fill([16, 8], 1), b = backend.fill([16, 8], 2);
  for (let r = 0; r < 3; r++) {
    let t = performance.now();
    backend.tidy(() => { for (let i = 0; i < 2000; i++) backend.add(a, b); });
    console.log('backend.add us', ((performance.now() - t) / 2000 * 1000).toFixed(1));
    t = performance.now();
    tf.tidy(() => { for (let i = 0; i < 2000; i++) tf.add(a as any, b as any); });
    console.log('tf.add us', ((performance.now() - t) / 2000 * 1000).toFixed(1));
    t = performance.now();
    backend.tidy(() => { for (let i = 0; i < 2000; i++) backend.matMul(a, b, false, true); });
    console.log('backend.matMul us', ((performance.now() - t) / 2000 * 1000).toFixed(1));
    t = performance.now();
    backend.tidy(() => { for (let i = 0; i < 2000; i++) backend.reshape(a, [8, 16]); });
    console.log('backend.reshape us', ((performance.now() - t) / 2000 * 1000).toFixed(1));
  }
  console.log(tf.getBackend(), tf.env().getFlags());
}, 200_000);
