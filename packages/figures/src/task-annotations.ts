import type { EpisodeTrace } from '@ntm/machine';
import { bayesOptimalNgramPredictions, type Batch, type DynamicNgramsBatch, type TaskName } from '@ntm/tasks';
import type { EpisodeMark, EpisodePicture, EpisodeScatter } from './episode-figure.js';
import type { EpisodeRow } from './episode-panels.js';

/** What a task adds to the episode picture, to draw it the way the paper draws that task. */
export type TaskAnnotations = Pick<EpisodePicture, 'extraRows' | 'marks' | 'scatter'>;

/**
 * The task's own marks on an episode picture (episode 0 of the batch):
 * - copy and repeat copy: none; the picture is the paper's Figures 6 and 8 as it is;
 * - associative recall (Figure 11): the query item, the item that followed it in the list, and
 *   the recalled item in the outputs, outlined;
 * - dynamic N-grams (Figure 14): the Bayes-optimal predictor's P(1) under the model's;
 * - priority sort (Figure 17): the priorities along time, and a scatter of where each vector was
 *   written (the write weighting's peak slot) against its priority.
 *
 * @example episodeFigure({ trace, batch, title, ...taskAnnotations('associative-recall', batch, trace) })
 */
export function taskAnnotations(task: TaskName, batch: Batch, trace: EpisodeTrace): TaskAnnotations {
  switch (task) {
    case 'associative-recall':
      return { marks: recallMarks(batch) };
    case 'dynamic-ngrams':
      return { extraRows: [optimalPredictions(batch as DynamicNgramsBatch)] };
    case 'priority-sort':
      return prioritySortAnnotations(batch, trace);
    default:
      return {};
  }
}

/** Input channel `channel` of episode 0 at `step`. */
function input(batch: Batch, step: number, channel: number): number {
  const { batchSize, inputSize } = batch.shape;
  return batch.inputs[step * batchSize * inputSize + channel] ?? 0;
}

/**
 * Recall: items are delimited on channel `bits` and the query on channel `bits + 1`; the answer
 * (the scored steps) is the item after the query's twin in the list (the task's layout).
 */
function recallMarks(batch: Batch): EpisodeMark[] {
  const { inputSize, outputSize } = batch.shape;
  const bits = outputSize;
  const length = batch.lengths[0] ?? 0;
  const queryDelimiters: number[] = [];
  const itemStarts: number[] = [];
  for (let step = 0; step < length; step++) {
    if (input(batch, step, bits + 1) === 1) queryDelimiters.push(step);
    if (input(batch, step, bits) === 1) itemStarts.push(step);
  }
  const [queryOpen, queryClose] = queryDelimiters;
  if (queryOpen === undefined || queryClose === undefined || inputSize !== bits + 2) return [];
  const itemLength = queryClose - queryOpen - 1;
  const vectorAt = (step: number) => Array.from({ length: bits }, (_, channel) => input(batch, step, channel)).join('');
  const query = Array.from({ length: itemLength }, (_, k) => vectorAt(queryOpen + 1 + k)).join('|');
  const twin = itemStarts.findIndex((start) => Array.from({ length: itemLength }, (_, k) => vectorAt(start + 1 + k)).join('|') === query);
  const marks: EpisodeMark[] = [{ panel: 'inputs', fromStep: queryOpen + 1, toStep: queryClose - 1, label: 'query' }];
  const answerStart = itemStarts[twin + 1];
  if (twin >= 0 && answerStart !== undefined) marks.push({ panel: 'inputs', fromStep: answerStart + 1, toStep: answerStart + itemLength, label: 'answer' });
  marks.push({ panel: 'outputs', fromStep: length - itemLength, toStep: length - 1, label: 'recalled' });
  return marks;
}

function optimalPredictions(batch: DynamicNgramsBatch): EpisodeRow {
  const predictions = bayesOptimalNgramPredictions(batch); // [T, B, 1]
  const { batchSize } = batch.shape;
  const length = batch.lengths[0] ?? 0;
  return {
    label: 'Bayes optimum P(1)',
    caption: "The Bayes-optimal predictor's probability that the next bit is 1, given the bits so far: what the outputs should approach.",
    values: Array.from({ length }, (_, step) => predictions[step * batchSize] ?? 0.5),
  };
}

/** Priority sort: the priority channel is `bits`, the delimiter `bits + 1`; vectors are shown before the delimiter. */
function prioritySortAnnotations(batch: Batch, trace: EpisodeTrace): TaskAnnotations {
  const bits = batch.shape.outputSize;
  const length = batch.lengths[0] ?? 0;
  let shown = 0;
  while (shown < length && input(batch, shown, bits + 1) !== 1) shown++;
  const priorities = Array.from({ length: shown }, (_, step) => input(batch, step, bits));
  const low = Math.min(...priorities, -1);
  const high = Math.max(...priorities, 1);
  const row: EpisodeRow = {
    label: 'priority',
    caption: "Each vector's priority, scaled from its range to 0…1, on the step it is shown.",
    values: Array.from({ length }, (_, step) => (step < shown ? ((priorities[step] as number) - low) / (high - low) : 0)),
  };
  const slots = trace.slots ?? 0;
  if (slots === 0 || (trace.writeHeads ?? 0) === 0) return { extraRows: [row] };
  // Where each vector went: the peak of the first write head's weighting at its step.
  const points = priorities.map((priority, step): readonly [number, number] => {
    const weighting = trace.steps[step]?.writeWeighting?.subarray(0, slots) ?? new Float32Array(slots);
    let peak = 0;
    for (let slot = 1; slot < slots; slot++) if ((weighting[slot] as number) > (weighting[peak] as number)) peak = slot;
    return [priority, peak];
  });
  const scatter: EpisodeScatter = {
    title: 'write location against priority',
    xLabel: 'priority',
    yLabel: 'slot written',
    xRange: [low, high],
    yRange: [0, slots - 1],
    points,
  };
  return { extraRows: [row], scatter };
}
