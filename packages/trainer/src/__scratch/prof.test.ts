import { createTfjsBackend } from '@ntm/backend-tfjs';
import { it } from 'vitest';
import { Trainer } from '../index.js';

it('profile', async () => {
  const backend = await createTfjsBackend('wasm');
  const trainer = Trainer.create(backend, {
    task: 'copy',
    taskConfig: { bits: 4, minLength: 3, maxLength: 3 },
    model: { kind: 'ntm', inputSize: 5, outputSize: 4, memory: { slots: 8, wordSize: 6 }, controller: { kind: 'lstm', layerSizes: [32] } },
    batchSize: 16,
    seed: 1,
  });
  for (let i = 0; i < 5; i++) trainer.trainStep();
  let t = performance.now();
  for (let i = 0; i < 20; i++) trainer.trainStep();
  console.log('ms/step', (performance.now() - t) / 20);
  const k = await backend.countKernels!(() => { trainer.trainStep(); });
  console.log('kernels/step', k.kernelCalls, JSON.stringify(Object.entries(k.byKernel).sort((a, b) => b[1] - a[1]).slice(0, 12)));
  // time pieces
  const task = (trainer as any).fullTask;
  const { batchToTensors } = await import('@ntm/tasks');
  const batch = task.sample((trainer as any).random, 16);
  t = performance.now();
  for (let i = 0; i < 20; i++) { const l = backend.tidy(() => trainer.model.run(batchToTensors(backend, batch).inputs).logits); backend.dispose(l); }
  console.log('forward ms', (performance.now() - t) / 20);
  const kf = await backend.countKernels!(() => backend.tidy(() => trainer.model.run(batchToTensors(backend, batch).inputs).logits));
  console.log('forward kernels', kf.kernelCalls);
}, 200_000);
