import { createTfjsBackend } from '@ntm/backend-tfjs';
import { it } from 'vitest';
import { Trainer } from '../index.js';

const variant = process.env.V ?? 'ntm';
it('compare ' + variant, async () => {
  const backend = await createTfjsBackend('wasm');
  const model: any = variant === 'lstm'
    ? { kind: 'lstm', inputSize: 5, outputSize: 4, layerSizes: [32] }
    : { kind: 'ntm', inputSize: 5, outputSize: 4, memory: { slots: 8, wordSize: 6 }, controller: { kind: 'lstm', layerSizes: [32] }, stepOrder: variant === 'rtw' ? 'read-then-write' : 'write-then-read' };
  const trainer = Trainer.create(backend, {
    task: 'copy', taskConfig: { bits: 4, minLength: 1, maxLength: 3 }, model, batchSize: 16,
    optimizer: { kind: 'adam', learningRate: Number(process.env.LR ?? 3e-3) },
    evaluation: { every: 50, sequences: 64 }, stopAtBitErrors: 0.01, maxSteps: Number(process.env.STEPS ?? 600), seed: 1,
  });
  const out: string[] = [];
  await trainer.run({ onEvent: (e) => { if (e.kind === 'evaluation') out.push(`${e.step}:${e.bitErrors.toFixed(2)}`); } });
  console.log(variant, process.env.LR, out.join(' '));
}, 900_000);
