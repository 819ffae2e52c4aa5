/**
 * The program the data-parallel tests run, bundled by `buildTestProgram` (worker threads need
 * plain JavaScript). One file in both roles, as the `ntm` bundle does: in a gradient worker
 * thread it registers the tfjs backends and serves; on the main thread, run as
 * `node test-program.js train <dispose|forget>`, it trains a tiny model with two workers for
 * two steps and prints the steps as JSON, disposing the trainer or not, so a test can check
 * that the process exits either way.
 *
 * `NTM_TEST_GRADIENT_WORKER=exit-on-request` in the environment makes a worker exit (code 3)
 * on its first request instead of answering: a worker dying mid-step.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parentPort } from 'node:worker_threads';
import { createBackend } from '@ntm/backend';
import { registerTfjsBackends } from '@ntm/backend-tfjs';
import { Trainer } from '../../index.js';
import { isGradientWorkerThread, nodeGradientWorkers, serveGradientWorker } from '../../node.js';
import { tinyCopy } from './tiny-copy.js';

const folder = fileURLToPath(new URL('.', import.meta.url));
// The build copies tfjs's .wasm binaries beside the bundle, where bundled tfjs cannot find them alone.
registerTfjsBackends(existsSync(`${folder}tfjs-backend-wasm-simd.wasm`) ? { wasmPaths: folder } : {});

if (isGradientWorkerThread()) {
  if (process.env['NTM_TEST_GRADIENT_WORKER'] === 'exit-on-request') parentPort?.once('message', () => process.exit(3));
  else await serveGradientWorker();
} else if (process.argv[2] === 'train') {
  const { backend } = await createBackend('tfjs-wasm');
  const trainer = Trainer.create(backend, { ...tinyCopy, workers: 2 }, { gradientWorkers: nodeGradientWorkers({ script: import.meta.url }) });
  const steps = [await trainer.trainStepAsync(), await trainer.trainStepAsync()].map((report) => report.step);
  if (process.argv[3] === 'dispose') trainer.dispose();
  process.stdout.write(`${JSON.stringify({ steps })}\n`);
}
