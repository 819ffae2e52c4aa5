import type { EpisodeTrace } from '@ntm/machine';
import type { Batch } from '@ntm/tasks';
import { COLOURS, textWidth, type Figure, type FigureItem, type HeatMapItem } from './figure.js';

/** What {@link episodeFigure} draws: a traced episode, the batch it came from, and titles. */
export interface EpisodePicture {
  /** `model.run(inputs, { trace: true }).trace`. */
  readonly trace: EpisodeTrace;
  /** The batch the inputs came from: its targets, mask and episode lengths. */
  readonly batch: Pick<Batch, 'targets' | 'mask' | 'lengths' | 'shape'>;
  /** Which episode of the batch (default 0). */
  readonly episode?: number;
  readonly title: string;
  readonly subtitle?: string;
  /** Draw the memory after the last step beside the weightings (default true). */
  readonly showMemory?: boolean;
  /** One-row panels drawn under the outputs, values 0…1 per time step (a task's reference, such as the optimal predictor). */
  readonly extraRows?: readonly EpisodeRow[];
  /** Time spans outlined on the inputs, targets or outputs, each with a label (the query of a recall episode). */
  readonly marks?: readonly EpisodeMark[];
  /** A small scatter plot beside the memory (priority sort's write location against priority). */
  readonly scatter?: EpisodeScatter;
}

/** A one-row panel of {@link EpisodePicture.extraRows}. */
export interface EpisodeRow {
  readonly label: string;
  /** One value per time step, 0…1. */
  readonly values: ArrayLike<number>;
}

/** An outlined time span of {@link EpisodePicture.marks}: steps `fromStep`…`toStep` inclusive. */
export interface EpisodeMark {
  readonly panel: 'inputs' | 'targets' | 'outputs';
  readonly fromStep: number;
  readonly toStep: number;
  readonly label: string;
}

/** The scatter plot of {@link EpisodePicture.scatter}: points in data units, axes over the given ranges. */
export interface EpisodeScatter {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xRange: readonly [number, number];
  readonly yRange: readonly [number, number];
  readonly points: readonly (readonly [x: number, y: number])[];
}

/** The colour of marks: an orange that stands out on the blue heat maps. */
const MARK_COLOUR = [230, 85, 13] as const;

const labelSize = 12;
const gap = 14;

/**
 * Lays out one episode like Figure 6 of Graves et al. (2014): along time, the inputs, the
 * targets and the outputs (at the scored steps), then for each write head the add vectors
 * and for each read head the read vectors, then each head's write or read weighting over the
 * memory slots; beside them the memory after the last step. Time runs left to right;
 * channels, vector components and slots top to bottom.
 *
 * Colours: probabilities and weightings on white → dark blue (0 → 1); adds, reads and memory
 * on red → white → blue, scaled to each panel's largest magnitude (given in its label).
 *
 * @example
 * ```ts
 * let trace!: EpisodeTrace;
 * backend.tidy(() => { const run = model.run(inputs, { trace: true }); trace = run.trace!; return run.logits; });
 * const svg = figureToSvg(episodeFigure({ trace, batch, title: 'copy, length 20' }));
 * ```
 */
export function episodeFigure(picture: EpisodePicture): Figure {
  const { trace, batch } = picture;
  const episode = picture.episode ?? 0;
  const steps = Math.min(trace.steps.length, batch.lengths[episode] ?? trace.steps.length);
  const { inputSize, outputSize } = trace;
  const slots = trace.slots ?? 0;
  const wordSize = trace.wordSize ?? 0;

  // One row per channel / component / slot, one column per time step.
  const overTime = (channels: number, value: (step: number, channel: number) => number) => {
    const values = new Float32Array(channels * steps);
    for (let step = 0; step < steps; step++) for (let channel = 0; channel < channels; channel++) values[channel * steps + step] = value(step, channel);
    return values;
  };
  const stepOf = (step: number) => trace.steps[step] as EpisodeTrace['steps'][number];
  const scored = (step: number) => (batch.mask[step * batch.shape.batchSize + episode] ?? 0) > 0;
  type Panel = { label: string; rows: number; values: Float32Array; kind: 'channel' | 'word' | 'slot'; colourMap: HeatMapItem['colourMap']; scale?: number };
  const panels: Panel[] = [
    {
      label: 'inputs',
      kind: 'channel',
      rows: inputSize,
      colourMap: 'sequential',
      values: overTime(inputSize, (step, channel) => stepOf(step).input[episode * inputSize + channel] ?? 0),
    },
    {
      label: 'targets',
      kind: 'channel',
      rows: outputSize,
      colourMap: 'sequential',
      values: overTime(outputSize, (step, channel) =>
        scored(step) ? (batch.targets[(step * batch.shape.batchSize + episode) * outputSize + channel] ?? 0) : 0,
      ),
    },
    {
      label: 'outputs',
      kind: 'channel',
      rows: outputSize,
      colourMap: 'sequential',
      values: overTime(outputSize, (step, channel) => (scored(step) ? (stepOf(step).output[episode * outputSize + channel] ?? 0) : 0)),
    },
  ];
  for (const row of picture.extraRows ?? []) {
    panels.push({ label: row.label, kind: 'channel', rows: 1, colourMap: 'sequential', values: overTime(1, (step) => row.values[step] ?? 0) });
  }
  const heads = (count: number | undefined) => Array.from({ length: count ?? 0 }, (_, head) => head);
  const headLabel = (count: number | undefined, head: number) => ((count ?? 0) > 1 ? ` ${head + 1}` : '');
  const signed = (label: string, values: Float32Array): Panel => {
    const scale = largestMagnitude(values);
    return { label: `${label} (±${Number(scale.toPrecision(2))})`, kind: 'word', rows: wordSize, values, colourMap: 'diverging', scale };
  };
  for (const head of heads(trace.writeHeads)) {
    const values = overTime(
      wordSize,
      (step, component) => stepOf(step).writeHeads?.add?.[(episode * (trace.writeHeads ?? 0) + head) * wordSize + component] ?? 0,
    );
    panels.push(signed(`adds${headLabel(trace.writeHeads, head)}`, values));
  }
  for (const head of heads(trace.readHeads)) {
    const values = overTime(wordSize, (step, component) => stepOf(step).readVectors?.[(episode * (trace.readHeads ?? 0) + head) * wordSize + component] ?? 0);
    panels.push(signed(`reads${headLabel(trace.readHeads, head)}`, values));
  }
  for (const head of heads(trace.writeHeads)) {
    const values = overTime(slots, (step, slot) => stepOf(step).writeWeighting?.[(episode * (trace.writeHeads ?? 0) + head) * slots + slot] ?? 0);
    panels.push({ label: `write weighting${headLabel(trace.writeHeads, head)}`, kind: 'slot', rows: slots, values, colourMap: 'sequential' });
  }
  for (const head of heads(trace.readHeads)) {
    const values = overTime(slots, (step, slot) => stepOf(step).readWeighting?.[(episode * (trace.readHeads ?? 0) + head) * slots + slot] ?? 0);
    panels.push({ label: `read weighting${headLabel(trace.readHeads, head)}`, kind: 'slot', rows: slots, values, colourMap: 'sequential' });
  }

  const cellWidth = clamp(Math.floor(760 / Math.max(1, steps)), 3, 16);
  const cellHeights = {
    channel: clamp(cellWidth, 5, 12),
    word: clamp(Math.floor(160 / Math.max(1, wordSize)), 3, 10),
    slot: clamp(Math.floor(320 / Math.max(1, slots)), 2, 12),
  };
  const left = 16 + Math.max(...panels.map((panel) => textWidth(panel.label, labelSize))) + 12;
  const items: FigureItem[] = [{ kind: 'text', x: 16, y: 28, text: picture.title, size: 16, anchor: 'start', fill: COLOURS.text, bold: true }];
  if (picture.subtitle) items.push({ kind: 'text', x: 16, y: 48, text: picture.subtitle, size: 12, anchor: 'start', fill: COLOURS.mutedText });
  // Room above the first panel for the labels of marks on the inputs.
  let y = 68 + ((picture.marks ?? []).some((mark) => mark.panel === 'inputs') ? 14 : 0);
  let firstSlotPanelY: number | null = null;
  const panelTops = new Map<string, { y: number; height: number }>();
  for (const panel of panels) {
    const cellHeight = cellHeights[panel.kind];
    panelTops.set(panel.label, { y, height: panel.rows * cellHeight });
    if (panel.kind === 'slot' && firstSlotPanelY === null) firstSlotPanelY = y;
    items.push({
      kind: 'heatmap',
      label: panel.label.replace(/ \(±.*\)$/, ''),
      x: left,
      y,
      cellWidth,
      cellHeight,
      rows: panel.rows,
      columns: steps,
      values: panel.values,
      colourMap: panel.colourMap,
      ...(panel.scale === undefined ? {} : { scale: panel.scale }),
    });
    const height = panel.rows * cellHeight;
    items.push({ kind: 'text', x: left - 8, y: y + Math.min(height, 24) / 2 + 4, text: panel.label, size: labelSize, anchor: 'end', fill: COLOURS.text });
    y += height + gap;
  }

  for (const mark of picture.marks ?? []) {
    const place = panelTops.get(mark.panel);
    if (!place || mark.fromStep >= steps) continue;
    const x = left + mark.fromStep * cellWidth - 1;
    const width = (Math.min(mark.toStep, steps - 1) - mark.fromStep + 1) * cellWidth + 2;
    items.push({ kind: 'rectangle', x, y: place.y - 1, width, height: place.height + 2, stroke: MARK_COLOUR });
    items.push({ kind: 'text', x: x + width / 2, y: place.y - 4, text: mark.label, size: 10, anchor: 'middle', fill: MARK_COLOUR });
  }

  // The time axis under the last panel.
  const tickEvery = [1, 2, 5, 10, 20, 50, 100].find((every) => (steps / every) * textWidth('000', 10) < steps * cellWidth * 0.6) ?? 200;
  for (let step = 0; step < steps; step += tickEvery) {
    items.push({ kind: 'text', x: left + (step + 0.5) * cellWidth, y: y + 2, text: String(step), size: 10, anchor: 'middle', fill: COLOURS.mutedText });
  }
  items.push({ kind: 'text', x: left + (steps * cellWidth) / 2, y: y + 18, text: 'time step', size: 12, anchor: 'middle', fill: COLOURS.mutedText });
  let right = left + steps * cellWidth;

  const memory = stepOf(steps - 1)?.memory;
  if ((picture.showMemory ?? true) && memory && slots > 0 && firstSlotPanelY !== null) {
    const values = memory.slice(episode * slots * wordSize, (episode + 1) * slots * wordSize); // [slots, wordSize]
    const scale = largestMagnitude(values);
    const memoryLeft = right + 48;
    const memoryCellWidth = clamp(Math.floor(160 / Math.max(1, wordSize)), 3, 10);
    const label = `memory at the end (±${Number(scale.toPrecision(2))})`;
    items.push({ kind: 'text', x: memoryLeft, y: firstSlotPanelY - 6, text: label, size: labelSize, anchor: 'start', fill: COLOURS.text });
    items.push({
      kind: 'heatmap',
      label: 'memory at the end',
      x: memoryLeft,
      y: firstSlotPanelY,
      cellWidth: memoryCellWidth,
      cellHeight: cellHeights.slot,
      rows: slots,
      columns: wordSize,
      values,
      colourMap: 'diverging',
      scale,
    });
    items.push({
      kind: 'text',
      x: memoryLeft,
      y: firstSlotPanelY + slots * cellHeights.slot + 14,
      text: `${slots} slots × ${wordSize}`,
      size: 10,
      anchor: 'start',
      fill: COLOURS.mutedText,
    });
    right = Math.max(right, memoryLeft + Math.max(wordSize * memoryCellWidth, textWidth(label, labelSize)));
  }

  if (picture.scatter) {
    const placed = scatterItems(picture.scatter, right + 56, firstSlotPanelY ?? 68);
    items.push(...placed.items);
    right = Math.max(right, placed.right);
    y = Math.max(y, placed.bottom);
  }

  // Colour keys.
  const keyY = y + 34;
  const key = (x: number, label: string, colourMap: HeatMapItem['colourMap'], from: number) => {
    items.push({
      kind: 'heatmap',
      label: `key: ${label}`,
      x,
      y: keyY,
      cellWidth: 4,
      cellHeight: 8,
      rows: 1,
      columns: 24,
      values: Array.from({ length: 24 }, (_, index) => from + ((1 - from) * index) / 23),
      colourMap,
    });
    items.push({ kind: 'text', x: x + 104, y: keyY + 8, text: label, size: 10, anchor: 'start', fill: COLOURS.mutedText });
  };
  key(left, '0 to 1: bits, weightings', 'sequential', 0);
  key(left + 300, '-max to +max: adds, reads, memory', 'diverging', -1);
  right = Math.max(right, left + 300 + 104 + textWidth('-max to +max: adds, reads, memory', 10));

  return { width: Math.ceil(right + 16), height: Math.ceil(keyY + 24), background: COLOURS.background, items };
}

/** A scatter plot's items: a framed square of 200 px, ticks at both ends of each range, axis titles. */
function scatterItems(scatter: EpisodeScatter, x: number, y: number): { items: FigureItem[]; right: number; bottom: number } {
  const size = 200;
  const top = y + 16;
  const [xMin, xMax] = scatter.xRange;
  const [yMin, yMax] = scatter.yRange;
  const px = (value: number) => x + ((value - xMin) / (xMax - xMin || 1)) * size;
  const py = (value: number) => top + size - ((value - yMin) / (yMax - yMin || 1)) * size;
  const items: FigureItem[] = [
    { kind: 'text', x, y: y + 6, text: scatter.title, size: labelSize, anchor: 'start', fill: COLOURS.text },
    { kind: 'rectangle', x, y: top, width: size, height: size, stroke: COLOURS.frame },
    ...scatter.points.map(
      ([pointX, pointY]): FigureItem => ({ kind: 'rectangle', x: px(pointX) - 3, y: py(pointY) - 3, width: 6, height: 6, fill: COLOURS.series[0] }),
    ),
    { kind: 'text', x, y: top + size + 14, text: formatEnd(xMin), size: 10, anchor: 'start', fill: COLOURS.mutedText },
    { kind: 'text', x: x + size, y: top + size + 14, text: formatEnd(xMax), size: 10, anchor: 'end', fill: COLOURS.mutedText },
    { kind: 'text', x: x + size / 2, y: top + size + 28, text: scatter.xLabel, size: 12, anchor: 'middle', fill: COLOURS.mutedText },
    { kind: 'text', x: x - 4, y: top + size, text: formatEnd(yMin), size: 10, anchor: 'end', fill: COLOURS.mutedText },
    { kind: 'text', x: x - 4, y: top + 8, text: formatEnd(yMax), size: 10, anchor: 'end', fill: COLOURS.mutedText },
    { kind: 'text', x: x + size + 14, y: top + size / 2, text: scatter.yLabel, size: 12, anchor: 'middle', fill: COLOURS.mutedText, vertical: true },
  ];
  return { items, right: x + size + 24, bottom: top + size + 36 };
}

function formatEnd(value: number): string {
  return String(Number(value.toPrecision(3)));
}

function clamp(value: number, minimum: number, maximum: number): number {
  return Math.min(maximum, Math.max(minimum, value));
}

/** The largest |value|, at least 1e-6 so that an all-zero panel still has a scale. */
function largestMagnitude(values: ArrayLike<number>): number {
  let largest = 1e-6;
  for (let index = 0; index < values.length; index++) largest = Math.max(largest, Math.abs(values[index] as number));
  return largest;
}
