import type { TrainingEvent } from '@ntm/trainer';

/** How far a run has got, as a sweep's progress view shows it. */
export interface RunProgress {
  readonly step: number;
  readonly sequencesSeen: number;
  /** The latest training cost, bits per sequence. */
  readonly cost: number | null;
  /** The latest held-out bit errors per sequence. */
  readonly heldOutBitErrors: number | null;
  /** Training seconds of the run, across resumes. */
  readonly wallSeconds: number;
}

/** The message a run's process sends its sweep over the IPC channel. */
export interface RunProgressMessage {
  readonly kind: 'ntm-run-progress';
  readonly progress: RunProgress;
}

/**
 * Set in the environment of the `ntm train` processes a sweep starts: they then report
 * progress to their parent, and stop (saving a checkpoint) when it goes away.
 * @example fork(script, args, { env: { ...process.env, [SWEEP_CHILD_ENV]: '1' } });
 */
export const SWEEP_CHILD_ENV = 'NTM_SWEEP_CHILD';

/** Steps are reported at most this often; evaluations always. */
const stepReportMilliseconds = 500;

/**
 * The child's side of a sweep's IPC channel, or null when this process was not started by a
 * sweep. `onTrainingEvent` sends progress to the parent; `shouldStop` turns true once the
 * parent is gone (a killed worker), so the run saves a checkpoint and ends instead of
 * training on, unwatched, beside the run that another worker resumes.
 *
 * @example
 * ```ts
 * const channel = connectToSweepParent(process);
 * await runCli(argv, io, channel ? { onTrainingEvent: channel.onTrainingEvent, shouldStop: channel.shouldStop } : {});
 * ```
 */
export function connectToSweepParent(
  child: Pick<NodeJS.Process, 'send' | 'on' | 'channel' | 'env' | 'connected'>,
): { readonly onTrainingEvent: (event: TrainingEvent) => void; readonly shouldStop: () => boolean } | null {
  if (child.env[SWEEP_CHILD_ENV] !== '1' || typeof child.send !== 'function') return null;
  let parentGone = !child.connected;
  child.on('disconnect', () => {
    parentGone = true;
  });
  // The channel must not keep the process alive once training is over.
  child.channel?.unref();
  let lastStepReport = Number.NEGATIVE_INFINITY;
  let heldOutBitErrors: number | null = null;
  let cost: number | null = null;
  const send = (progress: RunProgress) => {
    if (parentGone) return;
    const message: RunProgressMessage = { kind: 'ntm-run-progress', progress };
    child.send?.(message, undefined, undefined, () => {});
  };
  return {
    onTrainingEvent: (event) => {
      if (event.kind === 'evaluation') {
        heldOutBitErrors = event.bitErrors;
        send({ step: event.step, sequencesSeen: event.sequencesSeen, cost, heldOutBitErrors, wallSeconds: event.wallSeconds });
      } else if (event.kind === 'step' && !event.skipped) {
        cost = event.cost;
        if (performance.now() - lastStepReport < stepReportMilliseconds) return;
        lastStepReport = performance.now();
        send({ step: event.step, sequencesSeen: event.sequencesSeen, cost, heldOutBitErrors, wallSeconds: event.wallSeconds });
      }
    },
    shouldStop: () => parentGone,
  };
}

/**
 * Whether an IPC message is a run's progress report.
 * @example child.on('message', (message) => isRunProgressMessage(message) && show(message.progress));
 */
export function isRunProgressMessage(message: unknown): message is RunProgressMessage {
  return (message as Partial<RunProgressMessage> | null)?.kind === 'ntm-run-progress';
}
