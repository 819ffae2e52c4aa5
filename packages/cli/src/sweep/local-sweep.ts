import { formatRunEnd } from './run-lines.js';
import type { RunProgress } from './progress-channel.js';
import { readRunState, type RunOutcome } from './run-outcome.js';
import { testResultMatches } from './run-test-set.js';
import { trainSweepRun, type RunControl } from './run-process.js';
import { runDirectoryOf } from './sweep-folder.js';
import type { SweepSpec } from './sweep-spec.js';
import type { SweepRun } from './sweep-runs.js';
import type { SweepStatus, SweepView } from './sweep-view.js';

/** What {@link runLocalSweep} needs besides the sweep. */
export interface LocalSweepOptions {
  readonly sweepDirectory: string;
  /** The `ntm` program each run is trained with. */
  readonly script: string | URL;
  /** Runs at once: one per core by default. Each run has one thread, or `--workers auto` when this is 1. */
  readonly parallel: number;
  readonly view: SweepView;
  /** Called once with a function that stops the sweep (the caller ties it to Ctrl-C). */
  readonly onStoppable?: (stop: () => void) => void;
}

/** How a sweep on this machine ended. */
export interface LocalSweepResult {
  readonly outcomes: ReadonlyMap<string, RunOutcome>;
  readonly failures: readonly { readonly id: string; readonly message: string }[];
  /** True when it was stopped before every run had its turn. */
  readonly stopped: boolean;
}

/**
 * Runs a sweep on this machine: `parallel` runs at a time, each an `ntm train` process of
 * its own (a crash ends that run, which is reported, and the others go on). Finished runs
 * are skipped, unfinished ones resume from their checkpoints. Stopping it stops every
 * running run, which saves a checkpoint, so the next `ntm sweep` of the same spec goes on
 * where this one left off.
 *
 * @example
 * ```ts
 * const result = await runLocalSweep(spec, expandSweep(spec), { sweepDirectory: 'sweeps/s', script, parallel: 2, view });
 * result.failures.length; // 0
 * ```
 */
export async function runLocalSweep(spec: SweepSpec, runs: readonly SweepRun[], options: LocalSweepOptions): Promise<LocalSweepResult> {
  const started = performance.now();
  const outcomes = new Map<string, RunOutcome>();
  const failures: { id: string; message: string }[] = [];
  const running = new Map<string, RunProgress | null>();
  const controls = new Map<string, RunControl>();
  const queue: SweepRun[] = [];
  for (const run of runs) {
    const state = readRunState(runDirectoryOf(options.sweepDirectory, run.id));
    // A finished run not yet scored on the spec's test set goes through the queue to be scored (not trained).
    if (state.kind === 'finished' && (spec.test === null || testResultMatches(state.outcome.test, spec.test))) outcomes.set(run.id, state.outcome);
    else queue.push(run);
  }
  let stopped = false;
  const status = (): SweepStatus => ({
    name: spec.name,
    total: runs.length,
    done: outcomes.size,
    failed: failures.length,
    running,
    queued: queue.length,
    elapsedSeconds: (performance.now() - started) / 1000,
  });
  options.onStoppable?.(() => {
    stopped = true;
    for (const control of controls.values()) control.stop();
  });
  if (outcomes.size > 0) options.view.event(`${outcomes.size} of ${runs.length} runs already finished: skipped`);
  options.view.update(status(), true);

  const lane = async () => {
    for (let run = queue.shift(); run !== undefined && !stopped; run = queue.shift()) {
      const current = run;
      running.set(current.id, null);
      try {
        const outcome = await trainSweepRun(current, {
          script: options.script,
          budget: spec.budget,
          backend: spec.backend,
          test: spec.test,
          // One run at a time may use the idle cores; several share them, one each.
          workers: options.parallel === 1 ? 'auto' : 1,
          runDirectory: runDirectoryOf(options.sweepDirectory, current.id),
          onStart: (control, resumed) => {
            controls.set(current.id, control);
            if (stopped) control.stop();
            options.view.event(`${resumed ? 'resumed' : 'started'} ${current.id}`);
          },
          onProgress: (progress) => {
            running.set(current.id, progress);
            options.view.update(status());
          },
        });
        outcomes.set(current.id, outcome);
        options.view.event(formatRunEnd(outcome));
      } catch (error) {
        if (!stopped) failures.push({ id: current.id, message: (error as Error).message });
        options.view.event(stopped ? `stopped ${current.id}: its checkpoint is kept` : `failed ${(error as Error).message}`);
      } finally {
        running.delete(current.id);
        controls.delete(current.id);
        options.view.update(status());
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.parallel, queue.length)) }, lane));
  options.view.finish(status());
  return { outcomes, failures, stopped: stopped && outcomes.size < runs.length };
}
