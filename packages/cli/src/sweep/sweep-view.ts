import { formatCount, formatDuration, formatMeasure } from '../format.js';
import type { TextOutput } from '../io.js';
import type { RunProgress } from './progress-channel.js';

/** Where a sweep stands: what the progress view draws. */
export interface SweepStatus {
  readonly name: string;
  readonly total: number;
  /** Finished runs, this time or an earlier one. */
  readonly done: number;
  readonly failed: number;
  /** Running runs by id, with their latest progress (null until the first report). */
  readonly running: ReadonlyMap<string, RunProgress | null>;
  readonly queued: number;
  readonly elapsedSeconds: number;
}

/**
 * The lines of a sweep's progress: a summary, then one line per running run with its step,
 * training cost, latest held-out bit errors and training time.
 *
 * @example
 * ```ts
 * sweepStatusLines({ name: 's', total: 6, done: 2, failed: 0, running: new Map([['copy-…-s3', progress]]), queued: 3, elapsedSeconds: 42 });
 * // ['sweep s: 2/6 done, 1 running, 3 queued · 42 s', '  copy-…-s3  step 1,200 · cost 3.21 · held-out 0.412 bit errors · 40 s']
 * ```
 */
export function sweepStatusLines(status: SweepStatus): string[] {
  const failed = status.failed > 0 ? `, ${status.failed} failed` : '';
  const lines = [
    `sweep ${status.name}: ${status.done}/${status.total} done, ${status.running.size} running, ${status.queued} queued${failed} · ${formatDuration(status.elapsedSeconds)}`,
  ];
  for (const [id, progress] of status.running) {
    lines.push(
      progress === null
        ? `  ${id}  starting`
        : `  ${id}  step ${formatCount(progress.step)} · cost ${formatMeasure(progress.cost)} · held-out ${formatMeasure(progress.heldOutBitErrors)} bit errors · ${formatDuration(progress.wallSeconds)}`,
    );
  }
  return lines;
}

/**
 * The live view of a sweep. On a terminal it redraws its lines in place (at most twice a
 * second); elsewhere (a log file, CI) it prints a line for each event and the summary once a
 * minute, so a log stays readable.
 *
 * @example
 * ```ts
 * const view = new SweepView(io.stdout);
 * view.update(status);
 * view.event('finished copy-ntm-lstm-adam-s1: converged after 48,000 sequences, 2.3 min');
 * view.finish(status);
 * ```
 */
export class SweepView {
  private drawnLines = 0;
  private lastDraw = 0;
  private lastPlainSummary: number;

  constructor(
    private readonly output: TextOutput,
    private readonly interactive = output.isTTY === true,
  ) {
    this.lastPlainSummary = performance.now();
  }

  /** The sweep's state changed (a run progressed, started or ended). */
  update(status: SweepStatus, force = false): void {
    const now = performance.now();
    if (this.interactive) {
      if (!force && now - this.lastDraw < 500) return;
      this.lastDraw = now;
      this.redraw(sweepStatusLines(status));
    } else if (force || now - this.lastPlainSummary >= 60_000) {
      this.lastPlainSummary = now;
      this.output.write(`${sweepStatusLines(status).join('\n')}\n`);
    }
  }

  /** A line that stays: a run started, finished or failed. */
  event(line: string): void {
    this.clear();
    this.output.write(`${line}\n`);
  }

  /** The last summary, left on the screen. */
  finish(status: SweepStatus): void {
    this.clear();
    this.output.write(`${sweepStatusLines(status)[0]}\n`);
  }

  private redraw(lines: readonly string[]): void {
    const width = Math.max(20, (this.output.columns ?? 100) - 1);
    this.clear();
    this.output.write(`${lines.map((line) => line.slice(0, width)).join('\n')}\n`);
    this.drawnLines = lines.length;
  }

  private clear(): void {
    if (!this.interactive || this.drawnLines === 0) return;
    // Up to the first drawn line, then erase from there to the end of the screen.
    this.output.write(`\u001b[${this.drawnLines}F\u001b[J`);
    this.drawnLines = 0;
  }
}
