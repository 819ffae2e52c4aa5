/**
 * The training worker: runs `Trainer` on tfjs-wasm off the page's thread, posts every step and
 * evaluation, and stops between two steps when the page asks (the trainer's `shouldStop`).
 * When training ends it posts the checkpoint's bytes, for download or the demo.
 */
import { createTfjsBackend } from '@ntm/backend-tfjs';
import { encodeCheckpoint } from '@ntm/machine';
import { Trainer } from '@ntm/trainer';
import { tfjsWasmPaths } from '../tfjs/wasm-binaries.js';
import type { PageMessage, WorkerMessage } from './worker-protocol.js';

/** The parts of the worker's global scope used here (the DOM lib types `self` as a Window). */
interface WorkerScope {
  postMessage(message: WorkerMessage, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<PageMessage>) => void) | null;
}

const scope = self as unknown as WorkerScope;
let stopRequested = false;
let running = false;

async function train(config: PageMessage & { kind: 'start' }): Promise<void> {
  running = true;
  stopRequested = false;
  const backend = await createTfjsBackend('wasm', { wasmPaths: tfjsWasmPaths() });
  const trainer = Trainer.create(backend, config.config);
  scope.postMessage({ kind: 'started', backend: backend.name, parameters: trainer.model.parameters.count() });
  try {
    const reason = await trainer.run({
      shouldStop: () => stopRequested,
      onEvent: (event) => {
        if (event.kind === 'step' && !event.skipped) {
          scope.postMessage({
            kind: 'step',
            step: event.step,
            sequencesSeen: event.sequencesSeen,
            cost: event.cost,
            bitErrors: event.bitErrors,
            sequencesPerSecond: event.sequencesPerSecond,
            wallSeconds: event.wallSeconds,
          });
        } else if (event.kind === 'evaluation') {
          scope.postMessage({
            kind: 'evaluation',
            step: event.step,
            sequencesSeen: event.sequencesSeen,
            cost: event.cost,
            bitErrors: event.bitErrors,
            wallSeconds: event.wallSeconds,
          });
        }
      },
    });
    const checkpoint = encodeCheckpoint(trainer.checkpoint());
    scope.postMessage({ kind: 'finished', reason, step: trainer.step, checkpoint }, [checkpoint.buffer as ArrayBuffer]);
  } finally {
    trainer.dispose();
    running = false;
  }
}

scope.onmessage = (event) => {
  const message = event.data;
  if (message.kind === 'stop') {
    stopRequested = true;
  } else if (message.kind === 'start' && !running) {
    train(message).catch((error: unknown) => {
      running = false;
      scope.postMessage({ kind: 'error', message: (error as Error).message });
    });
  }
};
