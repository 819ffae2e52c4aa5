import { Queue, type Job } from 'bullmq';
import { formatCount, formatMeasure } from '../format.js';
import { formatRunEnd } from './run-lines.js';
import type { RunProgress } from './progress-channel.js';
import type { RunOutcome } from './run-outcome.js';
import { testResultMatches } from './run-test-set.js';
import { sweepSpecToFile, type SweepSpec } from './sweep-spec.js';
import type { SweepRun } from './sweep-runs.js';
import type { SweepStatus, SweepView } from './sweep-view.js';
import { SWEEP_QUEUE_NAME, sweepJobId, type QueueConnection } from './queue-connection.js';
import type { SweepJobData } from './queue-worker.js';

/** How a queued sweep ended, as far as this command saw. */
export interface QueueSweepResult {
  readonly outcomes: ReadonlyMap<string, RunOutcome>;
  readonly failures: readonly { readonly id: string; readonly message: string }[];
}

/**
 * Every run's attempts: a run that fails (its process crashed, its worker was stopped) is
 * retried, and resumes from its checkpoint, up to this many times in all.
 */
const attempts = 3;

/**
 * Opens the sweep queue on a Redis server.
 * @example const queue = openSweepQueue(parseQueueUrl('redis://127.0.0.1:6379/0'));
 */
export function openSweepQueue(connection: QueueConnection): Queue<SweepJobData, RunOutcome> {
  return new Queue<SweepJobData, RunOutcome>(SWEEP_QUEUE_NAME, { connection: { ...connection } });
}

/**
 * Puts a sweep's runs on the queue, one job each with a stable id: a run already on the
 * queue (queued, running or done) is left as it is, and one that failed for good is given
 * another round of attempts. Returns the jobs in run order.
 *
 * @example const jobs = await enqueueSweep(queue, spec, expandSweep(spec));
 */
export async function enqueueSweep(
  queue: Queue<SweepJobData, RunOutcome>,
  spec: SweepSpec,
  runs: readonly SweepRun[],
): Promise<Job<SweepJobData, RunOutcome>[]> {
  const specFile = sweepSpecToFile(spec);
  const jobs: Job<SweepJobData, RunOutcome>[] = [];
  for (const run of runs) {
    const job = await queue.add(
      run.id,
      { spec: specFile, runId: run.id },
      {
        jobId: sweepJobId(spec.name, run.id),
        attempts,
        backoff: { type: 'fixed', delay: 1000 },
        removeOnComplete: false,
        removeOnFail: false,
      },
    );
    const state = await job.getState();
    if (state === 'failed') await job.retry('failed');
    // Done before the spec had this test set: once more, to be scored (a finished run is not trained again).
    if (state === 'completed' && spec.test !== null && !testResultMatches(job.returnvalue?.test, spec.test)) await job.retry('completed');
    jobs.push(job);
  }
  return jobs;
}

/**
 * Waits until every run of a queued sweep is done or has failed for good, drawing the
 * progress view from the queue (the workers report each run's progress there).
 *
 * @example const result = await waitForQueuedSweep(queue, spec, runs, view);
 */
export async function waitForQueuedSweep(
  queue: Queue<SweepJobData, RunOutcome>,
  spec: SweepSpec,
  runs: readonly SweepRun[],
  view: SweepView,
  options: { readonly pollMilliseconds?: number; readonly shouldStop?: () => boolean } = {},
): Promise<QueueSweepResult & { readonly stopped: boolean }> {
  const started = performance.now();
  const outcomes = new Map<string, RunOutcome>();
  const failures = new Map<string, string>();
  const announced = new Set<string>();
  for (;;) {
    const running = new Map<string, RunProgress | null>();
    let queued = 0;
    for (const run of runs) {
      if (outcomes.has(run.id)) continue;
      const job = await queue.getJob(sweepJobId(spec.name, run.id));
      const state = job ? await job.getState() : 'unknown';
      if (state === 'completed' && job?.returnvalue) {
        outcomes.set(run.id, job.returnvalue);
        failures.delete(run.id);
        view.event(formatRunEnd(job.returnvalue));
      } else if (state === 'failed') {
        if (!announced.has(run.id)) view.event(`failed ${run.id}: ${job?.failedReason ?? 'no reason given'}`);
        announced.add(run.id);
        failures.set(run.id, job?.failedReason ?? 'no reason given');
      } else if (state === 'active') {
        running.set(run.id, isProgress(job?.progress) ? job.progress : null);
      } else {
        queued += 1;
      }
    }
    const status: SweepStatus = {
      name: spec.name,
      total: runs.length,
      done: outcomes.size,
      failed: failures.size,
      running,
      queued,
      elapsedSeconds: (performance.now() - started) / 1000,
    };
    const finished = outcomes.size + failures.size === runs.length;
    if (finished || options.shouldStop?.()) {
      view.finish(status);
      return { outcomes, failures: [...failures].map(([id, message]) => ({ id, message })), stopped: !finished };
    }
    view.update(status);
    await new Promise((resolve) => setTimeout(resolve, options.pollMilliseconds ?? 1000));
  }
}

/**
 * What `ntm sweep status` prints: the queue's counts, then each running run with its
 * progress, for every sweep or for the one named.
 *
 * @example io.stdout.write(await queueStatusText(queue, 'copy-seeds'));
 */
export async function queueStatusText(queue: Queue<SweepJobData, RunOutcome>, sweepName: string | undefined): Promise<string> {
  const states = ['active', 'waiting', 'delayed', 'prioritized', 'completed', 'failed'] as const;
  const jobs = (await queue.getJobs([...states])).filter((job) => sweepName === undefined || job.id?.startsWith(`${sweepName}__`));
  const counts = new Map<string, number>();
  const lines: string[] = [];
  for (const job of jobs) {
    const state = await job.getState();
    counts.set(state, (counts.get(state) ?? 0) + 1);
    if (state === 'active') {
      const progress = isProgress(job.progress) ? job.progress : null;
      lines.push(
        `  ${job.id}  ${progress ? `step ${formatCount(progress.step)} · cost ${formatMeasure(progress.cost)} · held-out ${formatMeasure(progress.heldOutBitErrors)} bit errors` : 'starting'}`,
      );
    } else if (state === 'failed') {
      lines.push(`  ${job.id}  failed: ${job.failedReason}`);
    }
  }
  const workers = await queue.getWorkersCount();
  const scope = sweepName === undefined ? `queue ${SWEEP_QUEUE_NAME}` : `sweep ${sweepName}`;
  const summary = [
    `${counts.get('completed') ?? 0} done`,
    `${counts.get('active') ?? 0} running`,
    `${(counts.get('waiting') ?? 0) + (counts.get('delayed') ?? 0) + (counts.get('prioritized') ?? 0)} queued`,
    `${counts.get('failed') ?? 0} failed`,
  ].join(', ');
  return `${scope}: ${jobs.length} runs: ${summary}; ${workers} worker${workers === 1 ? '' : 's'} connected\n${lines.map((line) => `${line}\n`).join('')}`;
}

function isProgress(value: unknown): value is RunProgress {
  return value !== null && typeof value === 'object' && typeof (value as RunProgress).step === 'number';
}
