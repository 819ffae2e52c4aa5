import { createTfjsBackend } from '@ntm/backend-tfjs';
import { it } from 'vitest';
import { Trainer } from '../index.js';

it('tiny copy learns', async () => {
  const backend = await createTfjsBackend('wasm');
  const trainer = Trainer.create(backend, {
    task: 'copy',
    taskConfig: { bits: 4, minLength: 1, maxLength: 3 },
    model: { kind: 'ntm', inputSize: 5, outputSize: 4, memory: { slots: 8, wordSize: 6 }, controller: { kind: 'lstm', layerSizes: [32] } },
    batchSize: 16,
    optimizer: { kind: 'adam', learningRate: 3e-3 },
    evaluation: { every: 25, sequences: 64 },
    stopAtBitErrors: 0.01,
    timeBudgetSeconds: 100,
    seed: 1,
  });
  const t0 = performance.now();
  const reason = await trainer.run({ onEvent: (e) => { if (e.kind === 'evaluation') console.log(e.step, e.cost.toFixed(3), e.bitErrors.toFixed(3), ((performance.now() - t0) / 1000).toFixed(1)); } });
  console.log(reason, trainer.step, backend.numTensors());
}, 200_000);
