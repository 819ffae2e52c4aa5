import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Batch } from '@ntm/tasks';
import type { GradientWorkers, GradientWorkersFactory, ReplicaSpec, ShardGradients } from '../gradient-workers.js';
import type { BatchScore } from '../evaluation.js';
import { GRADIENT_WORKER_MARKER, type GradientWorkerData, type WorkerReply, type WorkerRequest } from './gradient-worker-messages.js';

/** Options of {@link nodeGradientWorkers}. */
export interface NodeGradientWorkersOptions {
  /**
   * The file each worker thread runs (a path or `file:` URL): a script that registers the
   * backends and calls `serveGradientWorker()` — or the program's own file, if it starts with
   * `if (isGradientWorkerThread()) await serveGradientWorker()`. It must be plain JavaScript
   * Node can load (a bundle, or a `.js`/`.mjs` file importing the built packages).
   */
  readonly script: string | URL;
}

interface PendingRequest {
  /** What was asked, for an error message: "compute its shard's gradients". */
  readonly asked: string;
  readonly resolve: (reply: Extract<WorkerReply, { kind: 'result' | 'scores' }>) => void;
  readonly reject: (error: Error) => void;
}

interface WorkerThread {
  readonly index: number;
  readonly worker: Worker;
  readonly pending: Map<number, PendingRequest>;
  readonly exited: Promise<void>;
}

/**
 * Gradient workers on Node's `worker_threads` for a data-parallel {@link "@ntm/trainer"!Trainer}: pass the
 * result as `gradientWorkers` to `Trainer.create` or `Trainer.resume`.
 *
 * @example
 * ```ts
 * import { Trainer } from '@ntm/trainer';
 * import { nodeGradientWorkers } from '@ntm/trainer/node';
 * const script = new URL('./gradient-worker.js', import.meta.url); // registers backends, calls serveGradientWorker()
 * const trainer = Trainer.create(backend, { task: 'copy', workers: 2 }, { gradientWorkers: nodeGradientWorkers({ script }) });
 * await trainer.run();
 * trainer.dispose(); // stops the worker thread
 * ```
 */
export function nodeGradientWorkers(options: NodeGradientWorkersOptions): GradientWorkersFactory {
  const { script } = options;
  if (!(script instanceof URL) && (typeof script !== 'string' || script.length === 0)) {
    throw new TypeError(`nodeGradientWorkers: script must be a file path or a file: URL, got ${JSON.stringify(script)}`);
  }
  // Node's Worker takes a URL object or an absolute path; `import.meta.url` arrives as a string.
  const file = script instanceof URL ? script : script.startsWith('file:') ? new URL(script) : resolve(script);
  return (replica, threads) => new NodeGradientWorkers(replica, threads, { script: file });
}

/**
 * The {@link GradientWorkers} of {@link nodeGradientWorkers}: one `Worker` per thread. An idle
 * worker is `unref`'d, so a program that forgets `dispose()` still exits; a worker owing a
 * result is ref'd, so the program waits for it. Any worker's failure to start, uncaught error
 * or unexpected exit rejects the requests in flight with an Error naming the worker, and
 * stops every worker: the trainer's step fails instead of hanging.
 *
 * @example
 * ```ts
 * const workers = new NodeGradientWorkers(replica, 1, { script });
 * const [result] = await workers.computeShards(parameters, [shard]);
 * workers.dispose();
 * await workers.exited;
 * ```
 */
export class NodeGradientWorkers implements GradientWorkers {
  readonly threads: number;
  /** Resolves once every worker thread has exited (after {@link dispose}, or a failure). */
  readonly exited: Promise<void>;
  private readonly workers: WorkerThread[];
  private failure: Error | null = null;
  private disposed = false;
  private nextId = 1;

  constructor(replica: ReplicaSpec, threads: number, options: NodeGradientWorkersOptions) {
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`NodeGradientWorkers: threads must be a positive integer, got ${threads}`);
    this.threads = threads;
    this.workers = Array.from({ length: threads }, (_, position) => this.start(position + 1, replica, options.script));
    this.exited = Promise.all(this.workers.map((thread) => thread.exited)).then(() => {});
  }

  computeShards(parameters: readonly Float32Array[], shards: readonly Batch[]): Promise<ShardGradients[]> {
    if (this.disposed) return Promise.reject(new Error('the gradient workers were disposed'));
    if (this.failure) return Promise.reject(this.failure);
    // A thread answers its requests in the order they came, one after another.
    return Promise.all(
      shards.map(async (shard, position) => {
        const reply = await this.request(this.workers[position % this.threads] as WorkerThread, parameters, "compute its shard's gradients", (id, copies) => ({
          kind: 'compute',
          id,
          parameters: copies,
          shard,
        }));
        return reply.kind === 'result'
          ? { sequences: reply.sequences, cost: reply.cost, bitErrors: reply.bitErrors, gradients: reply.gradients }
          : unexpected(reply);
      }),
    );
  }

  scoreBatches(parameters: readonly Float32Array[], set: string, indices: readonly number[]): Promise<BatchScore[]> {
    if (this.disposed) return Promise.reject(new Error('the gradient workers were disposed'));
    if (this.failure) return Promise.reject(this.failure);
    // One request per thread, with its share of the indices (index i on thread i mod threads).
    const shares = this.workers.map((_, thread) => indices.filter((_, position) => position % this.threads === thread));
    const replies = shares.map(async (share, thread) => {
      if (share.length === 0) return [];
      const reply = await this.request(this.workers[thread] as WorkerThread, parameters, `score evaluation batches of set "${set}"`, (id, copies) => ({
        kind: 'score',
        id,
        parameters: copies,
        set,
        indices: share,
      }));
      return reply.kind === 'scores' ? reply.scores : unexpected(reply);
    });
    return Promise.all(replies).then((scores) =>
      indices.map((_, position) => scores[position % this.threads]?.[Math.floor(position / this.threads)] as BatchScore),
    );
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopAll(new Error('the gradient workers were disposed while a request was in flight'));
  }

  private start(index: number, replica: ReplicaSpec, script: string | URL): WorkerThread {
    const data: GradientWorkerData = { marker: GRADIENT_WORKER_MARKER, index, replica };
    const worker = new Worker(script, { workerData: data });
    worker.unref(); // idle until a request: never what keeps the program alive
    const thread: WorkerThread = {
      index,
      worker,
      pending: new Map(),
      exited: new Promise((resolve) => worker.once('exit', () => resolve())),
    };
    const name = `gradient worker ${index} of ${this.threads}`;
    worker.on('message', (reply: WorkerReply) => this.receive(thread, name, reply));
    worker.on('error', (error) => this.fail(new Error(`${name} failed: ${error.message}`, { cause: error })));
    worker.on('messageerror', (error) => this.fail(new Error(`${name} sent a message that could not be read: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => {
      if (!this.disposed) this.fail(new Error(`${name} exited unexpectedly (exit code ${code})`));
    });
    return thread;
  }

  private request(
    thread: WorkerThread,
    parameters: readonly Float32Array[],
    asked: string,
    message: (id: number, parameters: Float32Array[]) => WorkerRequest,
  ): Promise<Extract<WorkerReply, { kind: 'result' | 'scores' }>> {
    const id = this.nextId++;
    // Each worker gets its own copies, transferred: the caller's arrays stay untouched.
    const copies = parameters.map((values) => values.slice());
    return new Promise((resolve, reject) => {
      thread.pending.set(id, { asked, resolve, reject });
      thread.worker.ref(); // a result is owed: keep the program alive for it
      thread.worker.postMessage(
        message(id, copies),
        copies.map((values) => values.buffer as ArrayBuffer),
      );
    });
  }

  private receive(thread: WorkerThread, name: string, reply: WorkerReply): void {
    if (reply.kind === 'error' && reply.id === null) {
      this.fail(new Error(`${name} could not start: ${reply.message}`, { cause: workerError(reply) }));
      return;
    }
    const pending = thread.pending.get(reply.id as number);
    if (!pending) return; // a request already rejected (the workers were disposed)
    thread.pending.delete(reply.id as number);
    if (thread.pending.size === 0) thread.worker.unref();
    if (reply.kind === 'error') {
      pending.reject(new Error(`${name} failed to ${pending.asked}: ${reply.message}`, { cause: workerError(reply) }));
    } else {
      pending.resolve(reply);
    }
  }

  /** The first failure wins: it rejects everything in flight and stops every worker. */
  private fail(error: Error): void {
    if (this.failure || this.disposed) return;
    this.failure = error;
    this.stopAll(error);
  }

  private stopAll(reason: Error): void {
    for (const thread of this.workers) {
      for (const pending of thread.pending.values()) pending.reject(reason);
      thread.pending.clear();
      thread.worker.unref();
      thread.worker.terminate().catch(() => {}); // already exiting, or gone
    }
  }
}

/** The worker's error as an Error with the worker's own stack, for `cause`. */
function workerError(reply: Extract<WorkerReply, { kind: 'error' }>): Error {
  const error = new Error(reply.message);
  if (reply.stack !== undefined) error.stack = reply.stack;
  return error;
}

function unexpected(reply: WorkerReply): never {
  throw new Error(`a gradient worker answered with a "${reply.kind}" message where another kind was asked for`);
}
