import type { SpeedResults, SubjectMeasurement } from '../speed/speed-results.js';
import { formatCount, formatNumber, formatRatio, markdownTable } from './format.js';
import { describeMachineLine } from './machine-line.js';

/**
 * The speed results as Markdown: a heading, the machine, how the figures were taken, the
 * table (library and baseline side by side, ratios library ÷ baseline; the library with
 * gradient workers, when the plan ran it, with its ratio to the baseline and to the library),
 * and the notes.
 *
 * @example writeFileSync('results/latest.md', formatSpeedMarkdown(results));
 */
export function formatSpeedMarkdown(results: SpeedResults): string {
  const { plan, workload } = results;
  const pair = (library: string, baseline: string) => `${library} / ${baseline}`;
  const skipped = (measurement: SubjectMeasurement, text: string) => (measurement.status === 'skipped' ? 'skipped' : text);
  const parallel = plan.parallel ?? null;
  const withWorkers = parallel !== null && results.rows.some((row) => row.libraryWorkers);
  const workersCells = (row: SpeedResults['rows'][number]) => {
    if (!withWorkers) return [];
    const measurement = row.libraryWorkers ?? null;
    if (measurement === null) return ['', '', ''];
    return [
      skipped(measurement, formatNumber(measurement.training?.sequencesPerSecond)),
      formatRatio(row.workersRatios?.trainingOverBaseline),
      formatRatio(row.workersRatios?.trainingOverLibrary),
    ];
  };
  const rows = results.rows.map((row) => {
    const { library, baseline, ratios } = row;
    return [
      `tfjs-${row.backend}`,
      String(row.batchSize),
      skipped(library, formatNumber(library.training?.sequencesPerSecond)),
      skipped(baseline, formatNumber(baseline.training?.sequencesPerSecond)),
      formatRatio(ratios.trainingSequencesPerSecond),
      ...workersCells(row),
      pair(skipped(library, formatNumber(library.forward?.msPerSequence)), skipped(baseline, formatNumber(baseline.forward?.msPerSequence))),
      formatRatio(ratios.forwardMsPerSequence),
      pair(skipped(library, formatCount(library.kernels?.calls)), skipped(baseline, formatCount(baseline.kernels?.calls))),
      formatRatio(ratios.kernelCallsPerStep),
      pair(skipped(library, formatCount(library.memory?.leakedTensors)), skipped(baseline, formatCount(baseline.memory?.leakedTensors))),
      pair(skipped(library, formatCount(library.memory?.leakedBytes)), skipped(baseline, formatCount(baseline.memory?.leakedBytes))),
    ];
  });
  const table = markdownTable(
    [
      'Backend',
      'Batch',
      'Library seq/s',
      'Baseline seq/s',
      'Ratio',
      ...(withWorkers ? [`Library, ${parallel?.workers} workers seq/s`, 'Ratio', 'vs library'] : []),
      'Forward ms/seq (library / baseline)',
      'Ratio',
      'Kernels/step (library / baseline)',
      'Ratio',
      'Leaked tensors (library / baseline)',
      'Leaked bytes (library / baseline)',
    ],
    rows,
    [
      'left',
      'right',
      'right',
      'right',
      'right',
      ...(withWorkers ? (['right', 'right', 'right'] as const) : []),
      'right',
      'right',
      'right',
      'right',
      'right',
      'right',
    ],
  );
  const method =
    plan.mode === 'quick'
      ? 'A smoke run (`--quick`): one profiled and one timed training step, one forward pass. Not a measurement of speed.'
      : `Training: ${plan.warmupSteps} warm-up step, one profiled step (kernel calls), then the median of ${plan.repetitions} timed repetitions ` +
        `of up to ${plan.maximumStepsPerRepetition} steps (each at least ${plan.minimumRepetitionSeconds} s); forward: the median of ${plan.forwardRepetitions} passes over one batch. ` +
        `Library${withWorkers ? ', library with workers' : ''} and baseline repetitions alternate, so all see the same machine load. ` +
        `Leaks: \`tf.memory()\` after the timed steps minus before. An implementation × batch predicted to take over ${plan.capSeconds} s is skipped.`;
  const lines = [
    `## ntm benchmark: ${workload.task}, length ${workload.sequenceLength} (${workload.timeSteps} steps), ${workload.model}`,
    '',
    describeMachineLine(results.machine, results.backends.wasm ?? results.backends.cpu ?? null, results.finishedAt),
    '',
    `Library: \`Trainer.trainStep\` of \`@ntm/trainer\` (${workload.optimizer}). Baseline: the naive op-by-op NTM in \`apps/bench/src/baseline\` (same model, \`tf.train.adam(1e-3).minimize\`). ` +
      'Each ratio is library ÷ baseline: above 1 for seq/s is faster, below 1 for ms and kernels is faster.' +
      (withWorkers
        ? ` Library, ${parallel?.workers} workers: the same trainer with data-parallel gradients on ${parallel?.workers} threads (\`workers: ${parallel?.workers}\`), ` +
          `warmed up for ${parallel?.warmupSteps} steps (its worker threads start cold); its ratios are to the baseline and to the library on one thread.`
        : ''),
    '',
    method,
    '',
    table,
  ];
  const { target } = results;
  if (target) {
    lines.push(
      '',
      `Target: ≥ ${target.sequencesPerSecond} seq/s training at batch ${target.batchSize} on tfjs-${target.backend} (≈ 10× the baseline). ` +
        `Measured on one thread: ${formatNumber(target.measured)} seq/s, ${formatRatio(target.ratio)} the baseline: ${target.met ? 'met' : 'not met'}` +
        (target.withWorkers
          ? `; with ${target.withWorkers.workers} workers: ${formatNumber(target.withWorkers.measured)} seq/s, ${formatRatio(target.withWorkers.ratio)} the baseline: ${target.withWorkers.met ? 'met' : 'not met'}.`
          : '.'),
    );
  }
  const breakdown = formatKernelBreakdown(results);
  if (breakdown !== null) lines.push('', breakdown);
  if (results.notes.length > 0) lines.push('', ...results.notes.map((note) => `- ${note}`));
  return `${lines.join('\n')}\n`;
}

/**
 * Where one profiled training step's kernel time goes, for the default backend at batch 32
 * (or the largest measured batch): the kernels that took longest, for each implementation.
 * Null when no row has both implementations profiled.
 */
function formatKernelBreakdown(results: SpeedResults): string | null {
  const candidates = results.rows.filter((row) => row.library.kernels && row.baseline.kernels);
  const row =
    candidates.find((candidate) => candidate.backend === 'wasm' && candidate.batchSize === 32) ??
    candidates.filter((candidate) => candidate.backend === candidates[0]?.backend).at(-1);
  if (!row) return null;
  const library = row.library.kernels;
  const baseline = row.baseline.kernels;
  if (!library || !baseline) return null;
  const depth = Math.max(library.topKernels.length, baseline.topKernels.length);
  const cell = (share: { name: string; calls: number; ms: number } | undefined) =>
    share ? `${share.name}: ${formatCount(share.calls)} calls, ${formatNumber(share.ms)} ms` : '';
  const table = markdownTable(
    ['', 'Library', 'Baseline'],
    [
      [
        'All kernels',
        `${formatCount(library.calls)} calls, ${formatNumber(library.kernelMs)} ms`,
        `${formatCount(baseline.calls)} calls, ${formatNumber(baseline.kernelMs)} ms`,
      ],
      ...Array.from({ length: depth }, (_, index) => [String(index + 1), cell(library.topKernels[index]), cell(baseline.topKernels[index])]),
    ],
    ['left', 'left', 'left'],
  );
  return [
    `### Where one training step's kernel time goes: tfjs-${row.backend}, batch ${row.batchSize}`,
    '',
    "The profiled step's kernels by time (`tf.profile`; profiling slows each kernel a little). Time outside kernels is JavaScript: op dispatch, autodiff bookkeeping, the trainer.",
    '',
    table,
  ].join('\n');
}
