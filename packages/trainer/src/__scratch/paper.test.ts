import { createTfjsBackend } from '@ntm/backend-tfjs';
import { appendFileSync, writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { Trainer } from '../index.js';

const log = process.env.NTM_LOG ?? '/tmp/paper-run.jsonl';
it('paper copy run', async () => {
  const backend = await createTfjsBackend('wasm');
  writeFileSync(log, '');
  const trainer = Trainer.create(backend, {
    task: 'copy',
    batchSize: Number(process.env.NTM_BATCH ?? 32),
    optimizer: { kind: 'adam', learningRate: Number(process.env.NTM_LR ?? 1e-3) },
    evaluation: { every: 50, sequences: 64 },
    stopAtBitErrors: 0.1,
    timeBudgetSeconds: Number(process.env.NTM_BUDGET ?? 1500),
    seed: Number(process.env.NTM_SEED ?? 1),
    ...(process.env.NTM_CURRICULUM ? { curriculum: { kind: 'length', start: 2, increment: 2, threshold: 0.5, window: 20 } } : {}),
  });
  const reason = await trainer.run({ onEvent: (e) => { if (e.kind === 'evaluation' || (e.kind === 'step' && e.step % 10 === 0)) appendFileSync(log, JSON.stringify(e) + '\n'); } });
  appendFileSync(log, JSON.stringify({ reason, step: trainer.step }) + '\n');
}, 4_000_000);
