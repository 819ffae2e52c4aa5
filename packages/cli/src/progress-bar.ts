import { formatCount, formatDuration, formatMeasure } from './format.js';
import type { TextOutput } from './io.js';

/** What the progress line shows. */
export interface ProgressState {
  readonly step: number;
  readonly sequencesSeen: number;
  /** Smoothed training cost, bits per sequence. */
  readonly cost: number | null;
  /** Smoothed training bit errors per sequence. */
  readonly bitErrors: number | null;
  /** The latest held-out bit errors per sequence. */
  readonly heldOutBitErrors: number | null;
  readonly sequencesPerSecond: number | null;
  /** Seconds since this invocation started training. */
  readonly elapsedSeconds: number;
  /** Steps already done when this invocation started (non-zero after a resume). */
  readonly startStep: number;
}

/** The budgets the run stops at, for the bar and the ETA. */
export interface ProgressBudget {
  /** Stop at this step (counted from the run's start, across resumes). */
  readonly maxSteps: number | null;
  /** Seconds this invocation may train. */
  readonly timeBudgetSeconds: number | null;
}

/**
 * How far through its budget a run is, 0…1, or null without a budget: the larger of the
 * step fraction and the time fraction, since whichever runs out first ends the run.
 *
 * @example progressFraction({ step: 50, elapsedSeconds: 10, … }, { maxSteps: 100, timeBudgetSeconds: 60 }) // 0.5
 */
export function progressFraction(state: ProgressState, budget: ProgressBudget): number | null {
  const fractions: number[] = [];
  if (budget.maxSteps !== null) fractions.push(state.step / budget.maxSteps);
  if (budget.timeBudgetSeconds !== null) fractions.push(state.elapsedSeconds / budget.timeBudgetSeconds);
  return fractions.length === 0 ? null : Math.min(1, Math.max(0, ...fractions));
}

/**
 * Seconds left until a budget runs out, or null without one (a run that stops only when it
 * converges has no ETA). Steps left are timed at this invocation's own pace so far,
 * evaluations and checkpoints included.
 *
 * @example estimateSecondsLeft({ step: 150, startStep: 100, elapsedSeconds: 10, … }, { maxSteps: 200, timeBudgetSeconds: null }) // 10
 */
export function estimateSecondsLeft(state: ProgressState, budget: ProgressBudget): number | null {
  const estimates: number[] = [];
  const stepsDone = state.step - state.startStep;
  if (budget.maxSteps !== null && stepsDone > 0) {
    estimates.push((Math.max(0, budget.maxSteps - state.step) * state.elapsedSeconds) / stepsDone);
  }
  if (budget.timeBudgetSeconds !== null) estimates.push(Math.max(0, budget.timeBudgetSeconds - state.elapsedSeconds));
  return estimates.length === 0 ? null : Math.min(...estimates);
}

/**
 * The one-line progress report, cut to `width` characters: a bar when there is a budget,
 * then step, sequences seen, cost, bit errors (held-out in brackets), sequences per second
 * and ETA.
 *
 * @example
 * ```ts
 * progressLine(state, { maxSteps: 1000, timeBudgetSeconds: null }, 100);
 * // '[████░░░░░░░░]  34% step 340 · 10,880 seq · cost 41.2 · bit err 11.3 (held-out 10.9) · 38.1 seq/s · ETA 2m 51s'
 * ```
 */
export function progressLine(state: ProgressState, budget: ProgressBudget, width: number): string {
  const fraction = progressFraction(state, budget);
  const bar = fraction === null ? '' : `${drawBar(fraction, 12)} ${String(Math.floor(fraction * 100)).padStart(3)}% `;
  const heldOut = state.heldOutBitErrors === null ? '' : ` (held-out ${formatMeasure(state.heldOutBitErrors)})`;
  const parts = [
    `step ${formatCount(state.step)}`,
    `${formatCount(state.sequencesSeen)} seq`,
    `cost ${formatMeasure(state.cost)}`,
    `bit err ${formatMeasure(state.bitErrors)}${heldOut}`,
    `${formatMeasure(state.sequencesPerSecond)} seq/s`,
    `ETA ${formatDuration(estimateSecondsLeft(state, budget))}`,
  ];
  const line = bar + parts.join(' · ');
  return line.length <= width ? line : `${line.slice(0, Math.max(0, width - 1))}…`;
}

function drawBar(fraction: number, cells: number): string {
  const filled = Math.round(fraction * cells);
  return `[${'█'.repeat(filled)}${'░'.repeat(cells - filled)}]`;
}

/** Options of {@link ProgressDisplay}. */
export interface ProgressDisplayOptions extends ProgressBudget {
  /** Plain lines instead of a redrawn bar (forced by `--plain`; the default off a terminal). */
  readonly plain: boolean;
  readonly startStep: number;
  /** Milliseconds between redraws of the bar (default 100: ten a second). */
  readonly redrawMilliseconds?: number;
  /** The clock, in milliseconds (tests pass their own). */
  readonly now?: () => number;
}

/** What one training step reports to the display. */
export interface ProgressStep {
  readonly step: number;
  readonly sequencesSeen: number;
  readonly cost: number;
  readonly bitErrors: number;
  readonly sequencesPerSecond: number;
  readonly skipped: boolean;
}

/**
 * The live progress of `ntm train`. On a terminal one line redrawn in place with `\r`, at
 * most ten times a second (redrawing every step of a fast run would cost more than the
 * step); other messages are printed above it. Off a terminal (or with `--plain`), one line
 * per evaluation, which reads well in a log file or CI output.
 *
 * @example
 * ```ts
 * const display = new ProgressDisplay(process.stdout, { plain: false, maxSteps: 1000, timeBudgetSeconds: null, startStep: 0 });
 * display.step(report);            // every step
 * display.evaluation(2.5, 0.8);    // every evaluation
 * display.finish();
 * ```
 */
export class ProgressDisplay {
  private state: ProgressState;
  private readonly started: number;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private barShown = false;
  private readonly now: () => number;

  constructor(
    private readonly output: TextOutput,
    private readonly options: ProgressDisplayOptions,
  ) {
    this.now = options.now ?? (() => performance.now());
    this.started = this.now();
    this.state = {
      step: options.startStep,
      sequencesSeen: 0,
      cost: null,
      bitErrors: null,
      heldOutBitErrors: null,
      sequencesPerSecond: null,
      elapsedSeconds: 0,
      startStep: options.startStep,
    };
  }

  /** Records a training step; redraws the bar if it is time. */
  step(report: ProgressStep): void {
    // An exponential average over ~20 steps: one batch's cost is noisy, a long mean lags.
    const smooth = (previous: number | null, value: number) => (previous === null ? value : 0.95 * previous + 0.05 * value);
    this.state = {
      ...this.state,
      step: report.step,
      sequencesSeen: report.sequencesSeen,
      cost: report.skipped ? this.state.cost : smooth(this.state.cost, report.cost),
      bitErrors: report.skipped ? this.state.bitErrors : smooth(this.state.bitErrors, report.bitErrors),
      sequencesPerSecond: report.sequencesPerSecond > 0 ? report.sequencesPerSecond : this.state.sequencesPerSecond,
      elapsedSeconds: this.elapsed(),
    };
    if (this.options.plain) return;
    const now = this.now();
    if (now - this.lastDraw < (this.options.redrawMilliseconds ?? 100)) return;
    this.lastDraw = now;
    this.draw();
  }

  /**
   * Records an evaluation. Plain mode prints its line (step, sequences, training and held-out
   * cost and bit errors, speed, elapsed time, ETA).
   */
  evaluation(
    heldOutCost: number,
    heldOutBitErrors: number,
    training: { cost: number | null; bitErrors: number | null },
    optimalCost: number | null = null,
  ): void {
    this.state = { ...this.state, heldOutBitErrors, elapsedSeconds: this.elapsed() };
    if (!this.options.plain) {
      this.draw();
      return;
    }
    const { state } = this;
    this.output.write(
      [
        `step ${formatCount(state.step)}`,
        `${formatCount(state.sequencesSeen)} seq`,
        `train cost ${formatMeasure(training.cost)} bit err ${formatMeasure(training.bitErrors)}`,
        `held-out cost ${formatMeasure(heldOutCost)}${optimalCost === null ? '' : ` (Bayes optimum ${formatMeasure(optimalCost)})`} bit err ${formatMeasure(heldOutBitErrors)}`,
        `${formatMeasure(state.sequencesPerSecond)} seq/s`,
        `${formatDuration(state.elapsedSeconds)}`,
        `ETA ${formatDuration(estimateSecondsLeft(state, this.options))}`,
      ].join(' · ') + '\n',
    );
  }

  /** Prints a line (a NaN event, a curriculum step) without breaking the bar. */
  message(text: string): void {
    const barWasShown = this.barShown;
    this.clear();
    this.output.write(`${text}\n`);
    if (barWasShown) this.draw();
  }

  /** Removes the bar, so what follows starts on a clean line. */
  finish(): void {
    this.clear();
  }

  private elapsed(): number {
    return (this.now() - this.started) / 1000;
  }

  private draw(): void {
    // Some terminals (and `script`) report no width, or 0: assume a common 100 columns then.
    const columns = this.output.columns;
    const width = columns !== undefined && columns >= 20 ? columns - 1 : 99;
    this.output.write(`\r${progressLine(this.state, this.options, width)}\x1b[K`);
    this.barShown = true;
  }

  private clear(): void {
    if (!this.barShown) return;
    this.output.write('\r\x1b[K');
    this.barShown = false;
  }
}
