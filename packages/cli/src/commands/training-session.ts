import { CheckpointError } from '@ntm/machine';
import type { StopReason, Trainer, TrainingEvent } from '@ntm/trainer';
import { formatCount } from '../format.js';
import type { ProgressDisplay } from '../progress-bar.js';
import type { RunDirectory, StopSignal } from '../run-directory.js';
import type { EvaluationRecord } from '../run-log.js';

/**
 * Connects a {@link Trainer}'s events to a run directory and the progress display: logs each
 * evaluation with the mean training figures since the previous one, logs NaN events and
 * curriculum steps, and writes checkpoints every `checkpointEvery` steps and at the end.
 *
 * @example
 * ```ts
 * const session = new TrainingSession(trainer, run, display, 500);
 * const reason = await trainer.run({ onEvent: session.onEvent, shouldStop: session.shouldStop });
 * session.finish(reason, null);
 * ```
 */
export class TrainingSession {
  /** Set by a signal handler; the run stops at the next step boundary. */
  stopSignal: StopSignal | null = null;
  /**
   * The step of the checkpoint the run directory holds, or null while it holds none: set by
   * every save that succeeded (and by the command for a run resumed from that very file), so
   * that the summary never names a checkpoint that was not written.
   */
  savedCheckpointStep: number | null = null;
  private window = { cost: 0, bitErrors: 0, steps: 0 };
  private sequencesPerSecond: number | null = null;
  private curriculumLevel: number | null = null;
  private lastEvaluationStep = -1;
  private checkpointDue = false;
  private checkpointWarned = false;

  constructor(
    private readonly trainer: Trainer,
    private readonly run: RunDirectory,
    private readonly display: ProgressDisplay,
    private readonly checkpointEvery: number,
    private readonly externalStop: () => boolean = () => false,
  ) {}

  /** For `Trainer.run`'s `onEvent`. */
  readonly onEvent = (event: TrainingEvent): void => {
    switch (event.kind) {
      case 'step':
        if (!event.skipped) {
          this.window = { cost: this.window.cost + event.cost, bitErrors: this.window.bitErrors + event.bitErrors, steps: this.window.steps + 1 };
          this.sequencesPerSecond = event.sequencesPerSecond;
          this.curriculumLevel = event.curriculumLevel;
          if (event.step % this.checkpointEvery === 0) this.checkpointDue = true;
        }
        this.display.step(event);
        return;
      case 'evaluation':
        this.logEvaluation(event.wallSeconds, event);
        // Now, while the weights are the ones just scored.
        if (event.best) this.saveBestCheckpoint();
        return;
      case 'criterion':
        this.run.appendLog({
          kind: 'criterion',
          time: now(),
          step: event.step,
          sequencesSeen: event.sequencesSeen,
          learningRateScale: event.learningRateScale,
        });
        this.display.message(
          `Criterion met at step ${formatCount(event.step)} (${formatCount(event.sequencesSeen)} sequences): learning rate ×${event.learningRateScale} from here on`,
        );
        return;
      case 'nan':
        this.run.appendLog({ kind: 'nan', time: now(), step: event.step, action: event.action, nanEvents: event.nanEvents });
        this.display.message(
          `NaN at step ${formatCount(event.step)}: ${event.action === 'skipped' ? 'update skipped' : 'weights rolled back to the last good state'} (${event.nanEvents} so far)`,
        );
        return;
      case 'curriculum':
        this.run.appendLog({ kind: 'curriculum', time: now(), step: event.step, level: event.level });
        this.display.message(`Curriculum: episodes up to ${event.level} long from step ${formatCount(event.step)}`);
        return;
    }
  };

  /**
   * For `Trainer.run`'s `shouldStop`, polled between steps. A due checkpoint is written here,
   * after the step's evaluation, so that it carries that evaluation's result.
   */
  readonly shouldStop = (): boolean => {
    if (this.checkpointDue) {
      this.saveCheckpoint();
      this.checkpointDue = false;
    }
    return this.stopSignal !== null || this.externalStop();
  };

  /**
   * Ends the run: a last evaluation if the run ended on its own between evaluations (a run
   * stopped by a signal should stop now, not after another evaluation), the final
   * checkpoint, and the log's stop record. A diverged run saves nothing: its state is the one
   * that kept failing, and the checkpoint already there is the last good one.
   */
  finish(reason: StopReason): void {
    const { trainer } = this;
    if (reason !== 'stopped' && reason !== 'diverged' && this.lastEvaluationStep !== trainer.step) {
      const result = trainer.evaluate();
      this.logEvaluation(trainer.wallSeconds, { ...result, step: trainer.step, sequencesSeen: trainer.sequencesSeen });
      if (result.best) this.saveBestCheckpoint();
    }
    if (reason !== 'diverged') this.saveCheckpoint();
    this.run.appendLog({
      kind: 'stop',
      time: now(),
      step: trainer.step,
      sequencesSeen: trainer.sequencesSeen,
      reason,
      signal: this.stopSignal,
      wallSeconds: trainer.wallSeconds,
      nanEvents: trainer.nanEvents,
    });
  }

  private logEvaluation(
    wallSeconds: number,
    result: {
      readonly step: number;
      readonly sequencesSeen: number;
      readonly cost: number;
      readonly bitErrors: number;
      readonly sequences: number;
      readonly optimalCost: number | null;
    },
  ): void {
    const { window } = this;
    const training = window.steps === 0 ? { cost: null, bitErrors: null } : { cost: window.cost / window.steps, bitErrors: window.bitErrors / window.steps };
    const record: EvaluationRecord = {
      kind: 'evaluation',
      time: now(),
      step: result.step,
      sequencesSeen: result.sequencesSeen,
      trainingCost: training.cost,
      trainingBitErrors: training.bitErrors,
      evaluationCost: result.cost,
      evaluationBitErrors: result.bitErrors,
      evaluationSequences: result.sequences,
      ...(result.optimalCost === null ? {} : { evaluationOptimalCost: result.optimalCost }),
      sequencesPerSecond: this.sequencesPerSecond,
      wallSeconds,
      nanEvents: this.trainer.nanEvents,
      curriculumLevel: this.curriculumLevel,
    };
    this.run.appendLog(record);
    this.display.evaluation(result.cost, result.bitErrors, training, result.optimalCost);
    this.window = { cost: 0, bitErrors: 0, steps: 0 };
    this.lastEvaluationStep = result.step;
  }

  /** The step of the checkpoint in `best.ntm` (null: none saved). */
  bestCheckpointStep: number | null = null;

  private saveBestCheckpoint(): void {
    try {
      this.run.saveBestCheckpoint(this.trainer.checkpoint());
      this.bestCheckpointStep = this.trainer.step;
    } catch (error) {
      if (!(error instanceof CheckpointError)) throw error;
    }
  }

  private saveCheckpoint(): void {
    try {
      this.run.saveCheckpoint(this.trainer.checkpoint());
      this.savedCheckpointStep = this.trainer.step;
    } catch (error) {
      // The encoder refuses non-finite weights: keep the last good file, and say so once.
      if (!(error instanceof CheckpointError)) throw error;
      if (!this.checkpointWarned) this.display.message(`ntm: warning: checkpoint not saved at step ${this.trainer.step}: ${error.message}`);
      this.checkpointWarned = true;
    }
  }
}

function now(): string {
  return new Date().toISOString();
}
