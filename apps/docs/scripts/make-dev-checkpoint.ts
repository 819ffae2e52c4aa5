/**
 * Trains a small copy-task NTM on tfjs-wasm and writes it to `dev-checkpoint/copy.ntm`, the
 * checkpoint the demo page falls back to while the repository ships none at
 * `checkpoints/copy.ntm` (see `build/checkpoint-source.ts`).
 *
 * The real copy channels (8 bits + delimiter), so the demo treats it exactly like the paper's
 * model; a smaller memory and controller and a short length range, so it learns in minutes on
 * one core. Adam 1e-2 works well for models this small.
 *
 * Run: `pnpm --filter @ntm/docs make-dev-checkpoint` (vite-node resolves tfjs and the
 * workspace sources the way vitest does).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTfjsBackend } from '@ntm/backend-tfjs';
import { encodeCheckpoint } from '@ntm/machine';
import { Trainer, type TrainingConfig } from '@ntm/trainer';

/** Where the dev checkpoint is written (the build's fallback; see `build/checkpoint-source.ts`). */
const output = resolve(dirname(fileURLToPath(import.meta.url)), '../dev-checkpoint/copy.ntm');

const config: TrainingConfig = {
  task: 'copy',
  taskConfig: { bits: 8, minLength: 1, maxLength: 8 },
  model: {
    kind: 'ntm',
    inputSize: 9,
    outputSize: 8,
    memory: { slots: 24, wordSize: 12 },
    controller: { kind: 'lstm', layerSizes: [64] },
  },
  batchSize: 16,
  optimizer: { kind: 'adam', learningRate: 1e-2 },
  evaluation: { every: 50, sequences: 128 },
  // Stop only once no held-out sequence has a wrong bit: the demo's test expects an exact copy.
  stopAtBitErrors: 1 / 256,
  timeBudgetSeconds: 900,
  seed: 1,
};

const backend = await createTfjsBackend('wasm');
const trainer = Trainer.create(backend, config);
const reason = await trainer.run({
  onEvent: (event) => {
    if (event.kind === 'evaluation') {
      console.log(
        `step ${event.step}  ${event.wallSeconds.toFixed(0)} s  held-out cost ${event.cost.toFixed(3)} bits/seq, ${event.bitErrors.toFixed(3)} bit errors/seq`,
      );
    }
  },
});
mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, encodeCheckpoint(trainer.checkpoint()));
console.log(`${reason} after ${trainer.step} steps (${trainer.wallSeconds.toFixed(0)} s); wrote ${output}`);
trainer.dispose();
