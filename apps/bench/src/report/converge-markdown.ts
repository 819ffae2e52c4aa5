import { TASK_TRAINING_DEFAULTS } from '@ntm/trainer';
import type { ConvergeResults } from '../converge/converge-results.js';
import { formatCount, formatDuration, formatNumber, markdownTable } from './format.js';
import { describeMachineLine } from './machine-line.js';

/**
 * The convergence results as Markdown: what was trained, one row per seed, the median.
 * @example writeFileSync('results/converge.md', formatConvergeMarkdown(results));
 */
export function formatConvergeMarkdown(results: ConvergeResults): string {
  const { plan, workload } = results;
  const minutes = (seconds: number) => formatNumber(seconds / 60);
  const table = markdownTable(
    ['Seed', 'Converged', 'Held-out bit errors/seq', 'Held-out bits/seq', 'Sequences seen', 'Steps', 'Training wall (min)', 'Process wall (min)', 'NaN events'],
    results.runs.map((run) => [
      String(run.seed),
      run.converged ? 'yes' : `no (${run.stopReason})`,
      formatNumber(run.finalBitErrors),
      formatNumber(run.finalCost),
      formatCount(run.sequencesSeen),
      formatCount(run.steps),
      minutes(run.trainingSeconds),
      run.processSeconds === null ? '–' : minutes(run.processSeconds),
      String(run.nanEvents),
    ]),
    ['right', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
  const converged = results.runs.filter((run) => run.converged).length;
  const summary =
    results.medianTrainingMinutes === null
      ? `No run of ${results.runs.length} converged within ${formatDuration(plan.budgetSeconds)}.`
      : `${converged} of ${results.runs.length} runs converged; median training wall time of those: ${formatNumber(results.medianTrainingMinutes)} min (target: ≤ 1 min).`;
  const lines = [
    `## ntm convergence: ${workload.task}, lengths ${workload.lengths}, ${workload.model}`,
    '',
    describeMachineLine(results.machine, results.backendInfo, results.finishedAt),
    '',
    `The library's trainer on tfjs-${plan.backend}: ${workload.optimizer}, batch ${plan.batchSize}, curriculum ${plan.curriculum}; ` +
      `validation (the task's set) every ${plan.evaluationEvery} steps; stops at validation bit errors < ${plan.targetBitErrors} per sequence, ${TASK_TRAINING_DEFAULTS.copy.stopAfterEvaluations} in a row, ` +
      `or after ${formatDuration(plan.budgetSeconds)}; ${plan.parallel} run${plan.parallel === 1 ? '' : 's'} at a time (each a process of its own, \`ntm sweep\`). ` +
      'Training wall counts training steps and evaluations; process wall adds start-up (not measured for sweep runs).',
    '',
    table,
    '',
    summary,
  ];
  if (results.notes.length > 0) lines.push('', ...results.notes.map((note) => `- ${note}`));
  return `${lines.join('\n')}\n`;
}
