import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createBackend, type NtmBackend } from '@ntm/backend';
import { createModel } from '@ntm/machine';
import { computeBatchGradients } from '../batch-gradients.js';
import { scoreBatch } from '../evaluation.js';
import { GRADIENT_WORKER_MARKER, type GradientWorkerData, type WorkerReply, type WorkerRequest } from './gradient-worker-messages.js';

/** Options of {@link serveGradientWorker}. */
export interface ServeGradientWorkerOptions {
  /**
   * Creates the replica's backend from the trainer's backend name. Default: `createBackend(name)`
   * of `@ntm/backend`'s registry, so the script must register the backends first
   * (`registerTfjsBackends()`, or `import '@ntm/backend-tfjs/register'`).
   */
  readonly createBackend?: (name: string) => NtmBackend | Promise<NtmBackend>;
}

/**
 * True in a thread started by `nodeGradientWorkers`: lets a program use its own file as the
 * worker script, switching on this at the top.
 *
 * @example
 * ```ts
 * if (isGradientWorkerThread()) await serveGradientWorker();
 * else await main();
 * ```
 */
export function isGradientWorkerThread(): boolean {
  return !isMainThread && (workerData as Partial<GradientWorkerData> | null)?.marker === GRADIENT_WORKER_MARKER;
}

/**
 * The worker side of `nodeGradientWorkers`: call it in the worker script, after registering
 * the backends. Builds a replica of the trainer's model on its own backend (same name as the
 * trainer's), then, for each request, takes the weights sent with it and answers with the
 * gradients of the request's shard (`computeBatchGradients`, the trainer's own function) or the
 * scores of the evaluation batches it names (`scoreBatch`, the trainer's own too). Holds no
 * other state than the replica and the evaluation sets it was started with. A failure to start or to compute is sent back as a message, so the
 * trainer's thread gets an Error naming this worker instead of waiting forever.
 *
 * @example
 * ```ts
 * // gradient-worker.js
 * import { registerTfjsBackends } from '@ntm/backend-tfjs';
 * import { serveGradientWorker } from '@ntm/trainer/node';
 * registerTfjsBackends();
 * await serveGradientWorker();
 * ```
 */
export async function serveGradientWorker(options: ServeGradientWorkerOptions = {}): Promise<void> {
  if (!isGradientWorkerThread() || parentPort === null) {
    throw new Error('serveGradientWorker: this is not a gradient worker thread (start it with nodeGradientWorkers of @ntm/trainer/node)');
  }
  const port = parentPort;
  const { replica } = workerData as GradientWorkerData;
  const reply = (message: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  const failure = (id: number | null, error: unknown) =>
    reply({ kind: 'error', id, message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined });

  let backend: NtmBackend;
  let model: ReturnType<typeof createModel>;
  try {
    backend = options.createBackend
      ? await options.createBackend(replica.backendName)
      : (await createBackend(replica.backendName, { onWarning: () => {} })).backend;
    model = createModel(backend, replica.model);
    const paths = model.parameters.list().map(({ path }) => path);
    const trainable = model.parameters.trainable().map(({ path }) => path);
    if (paths.join('\n') !== replica.parameterPaths.join('\n') || trainable.join('\n') !== replica.trainablePaths.join('\n')) {
      throw new Error(
        `the replica's parameters [${paths.join(', ')}] (trainable: ${trainable.join(', ')}) differ from the trainer's ` +
          `[${replica.parameterPaths.join(', ')}] (trainable: ${replica.trainablePaths.join(', ')})`,
      );
    }
  } catch (error) {
    failure(null, error);
    return;
  }
  const parameters = model.parameters.list();

  const setParameters = (values: readonly Float32Array[]) => {
    if (values.length !== parameters.length) {
      throw new RangeError(`the request has ${values.length} parameter arrays, the replica has ${parameters.length} parameters`);
    }
    values.forEach((array, index) => {
      const { variable, path } = parameters[index] as (typeof parameters)[number];
      const size = variable.shape.reduce((product, length) => product * length, 1);
      if (array.length !== size) throw new RangeError(`parameter ${path} has ${size} values, the request sent ${array.length}`);
      const value = backend.tensor(array, variable.shape);
      variable.assign(value);
      backend.dispose(value);
    });
  };

  port.on('message', (request: WorkerRequest) => {
    try {
      setParameters(request.parameters);
      if (request.kind === 'score') {
        const batches = replica.evaluationSets[request.set];
        if (batches === undefined)
          throw new RangeError(`no evaluation set "${request.set}" (the replica has ${Object.keys(replica.evaluationSets).join(', ') || 'none'})`);
        const scores = request.indices.map((index) => {
          const batch = batches[index];
          if (batch === undefined) throw new RangeError(`evaluation set "${request.set}" has ${batches.length} batches, the request asked for batch ${index}`);
          return scoreBatch(model, batch);
        });
        reply({ kind: 'scores', id: request.id, scores });
        return;
      }
      const { cost, bitErrors, gradients } = computeBatchGradients(model, request.shard);
      const arrays = gradients.map((gradient) => Float32Array.from(backend.readSync(gradient)));
      backend.dispose(gradients);
      reply(
        { kind: 'result', id: request.id, sequences: request.shard.shape.batchSize, cost, bitErrors, gradients: arrays },
        arrays.map((values) => values.buffer as ArrayBuffer),
      );
    } catch (error) {
      failure(request.id, error);
    }
  });
}
