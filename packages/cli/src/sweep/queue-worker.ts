import { existsSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Worker, type Job } from 'bullmq';
import { CommandError } from '../errors.js';
import type { RunProgress } from './progress-channel.js';
import { formatRunEnd } from './run-lines.js';
import type { RunOutcome } from './run-outcome.js';
import { trainSweepRun, type RunControl } from './run-process.js';
import { runDirectoryOf, SWEEP_FILE, writeSweepFile } from './sweep-folder.js';
import { parseSweepSpec } from './sweep-spec.js';
import { expandSweep } from './sweep-runs.js';
import { SWEEP_QUEUE_NAME, type QueueConnection } from './queue-connection.js';

/** What a sweep puts on the queue for each run: the whole spec (so any worker can train it) and the run's id. */
export interface SweepJobData {
  /** The spec in its file form (`sweepSpecToFile`). */
  readonly spec: Record<string, unknown>;
  readonly runId: string;
}

/** What {@link startQueueWorker} needs. */
export interface QueueWorkerOptions {
  readonly connection: QueueConnection;
  /** The shared folder every worker writes the sweeps' run folders to: `<store>/<sweep>/runs/<id>`. */
  readonly store: string;
  /** The `ntm` program each run is trained with. */
  readonly script: string | URL;
  /**
   * How long a worker's claim on a run lasts without renewal (it renews at half that while
   * alive). A worker that dies holds its run this long before the queue gives it to another.
   */
  readonly lockSeconds: number;
  /** How often this worker looks for runs whose worker died (BullMQ's stalled-job check). */
  readonly stalledCheckSeconds: number;
  readonly log: (line: string) => void;
}

/** A started worker: `stop` ends the running run (it saves a checkpoint) and closes the worker. */
export interface QueueWorkerHandle {
  stop(): Promise<void>;
  /** Resolves once the worker has closed. */
  readonly closed: Promise<void>;
}

/**
 * Starts `ntm worker`: pulls one run at a time from the sweep queue and trains it in a
 * process of its own, into the store. A run already finished in the store (its
 * `result.json` is there) is returned without training, so nothing trains twice to the
 * end. A run whose worker died is handed out again by BullMQ's stalled-job check, and
 * resumes from its last checkpoint in the store.
 *
 * @example
 * ```ts
 * const worker = startQueueWorker({ connection: parseQueueUrl('redis://127.0.0.1:6379/0'), store: '/srv/sweeps', script, lockSeconds: 30, stalledCheckSeconds: 30, log: console.log });
 * process.on('SIGTERM', () => worker.stop());
 * ```
 */
export function startQueueWorker(options: QueueWorkerOptions): QueueWorkerHandle {
  const name = `${hostname()}:${process.pid}`;
  let current: RunControl | null = null;
  let stopping = false;
  const processor = async (job: Job<SweepJobData, RunOutcome>): Promise<RunOutcome> => {
    const spec = parseSweepSpec(JSON.stringify(job.data.spec), `job ${job.id}`);
    const run = expandSweep(spec).find((candidate) => candidate.id === job.data.runId);
    if (!run) throw new CommandError(`job ${job.id}: sweep ${spec.name} has no run ${job.data.runId}`);
    const sweepDirectory = join(options.store, spec.name);
    mkdirSync(sweepDirectory, { recursive: true });
    if (!existsSync(join(sweepDirectory, SWEEP_FILE))) writeSweepFile(sweepDirectory, spec);
    let lastReport = 0;
    const outcome = await trainSweepRun(run, {
      script: options.script,
      budget: spec.budget,
      backend: spec.backend,
      test: spec.test,
      runDirectory: runDirectoryOf(sweepDirectory, run.id),
      onStart: (control, resumed) => {
        current = control;
        if (stopping) control.stop();
        options.log(`worker ${name}: ${resumed ? 'resumed' : 'started'} ${run.id} (sweep ${spec.name}, attempt ${job.attemptsMade + 1})`);
      },
      onProgress: (progress: RunProgress) => {
        // Progress goes to Redis at most once a second: `ntm sweep` polls it for its view.
        if (performance.now() - lastReport < 1000) return;
        lastReport = performance.now();
        void job.updateProgress({ ...progress }).catch(() => {});
      },
    }).finally(() => {
      current = null;
    });
    options.log(`worker ${name}: ${formatRunEnd(outcome)}`);
    return outcome;
  };
  const worker = new Worker<SweepJobData, RunOutcome>(SWEEP_QUEUE_NAME, processor, {
    connection: { ...options.connection },
    concurrency: 1,
    lockDuration: options.lockSeconds * 1000,
    stalledInterval: options.stalledCheckSeconds * 1000,
    // A run may outlive a few dead workers before the queue gives up on it.
    maxStalledCount: 5,
  });
  worker.on('failed', (job, error) => options.log(`worker ${name}: ${job?.id ?? 'a job'} failed: ${error.message}`));
  worker.on('error', (error) => options.log(`worker ${name}: ${error.message}`));
  let resolveClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  return {
    closed,
    stop: async () => {
      stopping = true;
      (current as RunControl | null)?.stop();
      await worker.close();
      resolveClosed();
    },
  };
}
