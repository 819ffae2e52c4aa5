import { sweepCurvesFigure } from '@ntm/figures';
import { TASK_NAMES, type TaskName } from '@ntm/tasks';
import { CommandError } from '../errors.js';
import { displayPath, formatCount, formatMeasure, formatTable } from '../format.js';
import type { CliIo } from '../io.js';
import { writePicture } from '../picture-file.js';
import type { EvaluationRecord, RunLogRecord, StopRecord } from '../run-log.js';
import { outcomeEvaluation } from '../sweep/run-outcome.js';
import { metricValue, sharedThreshold, SWEEP_METRIC_LABELS, taskMetric, type StopThresholds, type SweepMetric } from '../sweep/sweep-metric.js';
import { formatSpread, medianCurve, spreadOf } from '../sweep/sweep-report.js';

/** The fields of a run's config.json that plotting reads (the rest is ignored). */
export interface PlottedRunConfig extends StopThresholds {
  readonly task?: string;
}

/** One run as `ntm plot` read it. */
export interface PlottedRun {
  /** The argument that named it, as typed. */
  readonly given: string;
  /** Its folder's name, or for a log kept as `<name>-log.jsonl`, `<name>`. */
  readonly name: string;
  readonly directory: string;
  readonly logPath: string;
  readonly records: readonly RunLogRecord[];
  readonly evaluations: readonly EvaluationRecord[];
  readonly config: PlottedRunConfig | null;
}

// A log axis has no place for 0, which converged runs reach: values below are drawn at this floor.
const LOG_SCALE_FLOOR = 0.01;

/**
 * Several runs of one task (its seeds, say) drawn as a sweep's report draws a configuration:
 * the median over the runs and the band between the quartiles of the held-out figure the task
 * is judged on (bit errors; the cost for priority sort; the excess over the Bayes optimum for
 * N-grams), against sequences seen, with the stop criterion dashed where the runs share one. A
 * run that met its criterion keeps its last value from there on; any other run (still training,
 * or stopped by a limit or by hand) leaves the band at its last evaluation. Then prints each
 * run's last figure, how it stopped and where it met the criterion, and the median (quartiles)
 * [range] of sequences and minutes to the criterion over the runs that met it, so that a claim
 * over seeds comes with its spread.
 *
 * @example writeRunsBand([readPlottedRun('runs/s1', io), readPlottedRun('runs/s2', io)], 'seeds.png', { logScale: false }, io);
 */
export function writeRunsBand(runs: readonly PlottedRun[], out: string, options: { readonly logScale: boolean }, io: CliIo): void {
  const tasks = [...new Set(runs.map((run) => run.config?.task).filter((task) => task !== undefined))];
  if (tasks.length > 1) {
    const first = runs.find((run) => run.config?.task === tasks[0]) as PlottedRun;
    const other = runs.find((run) => run.config?.task === tasks[1]) as PlottedRun;
    throw new CommandError(
      `runs ${first.given} and ${other.given} are of different tasks (${tasks[0]} and ${tasks[1]}); a band over runs needs runs of one task`,
    );
  }
  const task = tasks[0];
  const known = task !== undefined && (TASK_NAMES as readonly string[]).includes(task);
  const metric: SweepMetric = known ? taskMetric(task as TaskName) : 'bitErrors';
  const criterion = sharedThreshold(
    runs.map((run) => run.config),
    metric,
  );
  const floor = (value: number) => (options.logScale ? Math.max(value, LOG_SCALE_FLOOR) : value);
  const stops = runs.map(lastStop);
  const converged = stops.filter((stop): stop is StopRecord => stop?.reason === 'converged');
  const points = medianCurve(
    runs.map((run, index) => ({ evaluations: run.evaluations.map(outcomeEvaluation), endsAtLastEvaluation: stops[index]?.reason !== 'converged' })),
    metric,
  ).map((point) => ({ sequences: point.sequences, lower: floor(point.lower), median: floor(point.median), upper: floor(point.upper) }));
  writePicture(
    out,
    sweepCurvesFigure([{ label: `${task ?? 'runs'} (${runs.length} runs)`, points }], {
      title: `${task ?? 'training runs'}: ${runs.length} runs`,
      subtitle: [
        'median over the runs, band between the quartiles',
        ...(converged.length < runs.length ? ['a run short of its criterion ends where its log does'] : []),
        ...(options.logScale ? [`below ${LOG_SCALE_FLOOR} drawn at ${LOG_SCALE_FLOOR}`] : []),
      ].join('; '),
      yLabel: `held-out ${SWEEP_METRIC_LABELS[metric]}`,
      criterion,
      logScale: options.logScale,
    }),
  );
  io.stdout.write(`Wrote ${displayPath(out, io.cwd)}: the median and quartiles of held-out ${SWEEP_METRIC_LABELS[metric]} over ${runs.length} runs\n\n`);
  io.stdout.write(`${runsTable(runs, metric)}\n\n`);
  if (converged.length === 0) {
    io.stdout.write(`None of the ${runs.length} runs has met its stop criterion.\n`);
    return;
  }
  io.stdout.write(
    [
      `${converged.length} of ${runs.length} runs met their stop criterion; median (quartiles) [range] over them:`,
      `  sequences to it: ${formatSpread(spreadOf(converged.map((stop) => stop.sequencesSeen)), formatCount)}`,
      `  minutes of training to it: ${formatSpread(spreadOf(converged.map((stop) => stop.wallSeconds / 60)), formatMeasure)}`,
      '',
    ].join('\n'),
  );
}

/** The run's last stop record, if the log ends with one: null while it trains (or after a kill). */
function lastStop(run: PlottedRun): StopRecord | null {
  const last = run.records.at(-1);
  return last?.kind === 'stop' ? last : null;
}

/** One row per run: the folder, how far it got, its last figure, and how it stopped. */
function runsTable(runs: readonly PlottedRun[], metric: SweepMetric): string {
  const rows = runs.map((run) => {
    const last = run.evaluations.at(-1) as EvaluationRecord;
    const stop = lastStop(run);
    return [
      run.name,
      formatCount(last.sequencesSeen),
      formatMeasure(metricValue(outcomeEvaluation(last), metric)),
      stop === null ? 'not stopped' : stop.reason,
      stop?.reason === 'converged' ? formatCount(stop.sequencesSeen) : '–',
      stop === null ? '–' : formatMeasure(stop.wallSeconds / 60),
      formatCount(stop?.nanEvents ?? last.nanEvents),
    ];
  });
  const header = ['run', 'sequences', `last ${SWEEP_METRIC_LABELS[metric]}`, 'stop', 'criterion met at', 'minutes', 'NaN events'];
  return formatTable([header, ...rows]);
}
