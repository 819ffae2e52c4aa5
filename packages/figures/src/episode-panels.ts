import type { EpisodeTrace } from '@ntm/machine';
import type { Batch, TaskName } from '@ntm/tasks';
import { channelCaptions } from './channel-captions.js';
import type { ColourMapName } from './figure.js';

/**
 * The panels of an episode figure (the paper's Figure 6, and its kin for the other tasks),
 * defined once for every drawing of it: which matrix each panel shows, its title, caption,
 * colour map and scale, its cell size, and where it sits in the figure's grid. `ntm show`'s
 * SVG ({@link episodeFigure}) and the docs demo's live canvases both draw this list, so the two
 * cannot drift apart.
 */

/** An episode to draw: a trace, and the batch it came from (targets, mask, lengths). */
export interface EpisodeSource {
  /** `model.run(inputs, { trace: true }).trace`. */
  readonly trace: EpisodeTrace;
  /** The batch the inputs came from: its targets, mask and episode lengths. */
  readonly batch: Pick<Batch, 'targets' | 'mask' | 'lengths' | 'shape'>;
  /** Which episode of the batch (default 0). */
  readonly episode?: number;
}

/** A one-row panel drawn under the outputs (a task's reference, such as the optimal predictor). */
export interface EpisodeRow {
  readonly label: string;
  /** One value per time step, 0…1. */
  readonly values: ArrayLike<number>;
  /** What the row shows, for readers of the demo (default: the label). */
  readonly caption?: string;
}

/** What {@link episodePanels} puts in the figure besides the paper's panels. */
export interface EpisodePanelOptions {
  /** Says in the inputs' and targets' captions what the task's channels hold. */
  readonly task?: TaskName;
  /** One-row panels under the outputs, values 0…1 per time step. */
  readonly extraRows?: readonly EpisodeRow[];
  /** The memory after the last step, beside the weightings (default true). */
  readonly showMemory?: boolean;
  /** The outputs thresholded at 0.5, wrong bits crossed (default false: the paper does not draw them). */
  readonly outputBits?: boolean;
}

/** One heat map of an episode figure: `values[row * columns + column]`, row 0 at the top. */
export interface EpisodePanel {
  /** Stable name: `inputs`, `targets`, `outputs`, `output-bits`, `row-0`, `adds-0`, `reads-0`, `write-weighting-0`, `read-weighting-0`, `memory`. */
  readonly id: string;
  /** What the figure calls it (`write weighting 2`), lower case as a figure label. */
  readonly title: string;
  /** One or two sentences on what it shows. */
  readonly caption: string;
  readonly rows: number;
  readonly columns: number;
  readonly values: Float32Array; // [rows, columns]
  readonly colourMap: ColourMapName;
  /** The value drawn at full colour: 1 for bits and weightings, the panel's largest magnitude for adds, reads and memory. */
  readonly scale: number;
  /** Cells to cross out, 1 where an output bit is wrong (`[rows, columns]`), on the output bits only. */
  readonly crossed?: Uint8Array;
  /** `time`: columns are the time steps; `word`: columns are a word's components (the memory). */
  readonly axis: 'time' | 'word';
  /** What the model produced (outputs, adds, reads, weightings, memory), as opposed to what the task gave. */
  readonly fromModel: boolean;
  /** Place in the figure's grid, 1-based: writing on the left, reading on the right, the memory in a third column. */
  readonly gridRow: number;
  readonly gridColumn: number;
  /** Pixels per cell. */
  readonly cellWidth: number;
  readonly cellHeight: number;
}

/** Pixel sizes of an episode figure's cells (see {@link episodeCellSizes}). */
export interface EpisodeCellSizes {
  readonly stepWidth: number;
  readonly bitHeight: number;
  readonly slotHeight: number;
  readonly wordHeight: number;
  readonly wordWidth: number;
}

/**
 * Cell sizes that keep each time panel about 400 px wide (so the two columns of time panels and
 * the memory fit beside each other on a laptop screen), the slot maps about 320 px tall and the
 * memory about 200 px wide.
 *
 * @example episodeCellSizes(41, 128, 20) // { stepWidth: 9, bitHeight: 12, slotHeight: 2, wordHeight: 8, wordWidth: 10 }
 */
export function episodeCellSizes(steps: number, slots: number, wordSize: number): EpisodeCellSizes {
  return {
    stepWidth: clamp(Math.floor(400 / Math.max(1, steps)), 3, 24),
    bitHeight: 12,
    slotHeight: clamp(Math.floor(320 / Math.max(1, slots)), 2, 12),
    wordHeight: clamp(Math.floor(160 / Math.max(1, wordSize)), 4, 12),
    wordWidth: clamp(Math.floor(200 / Math.max(1, wordSize)), 4, 12),
  };
}

/**
 * The panels of one episode, in drawing order and placed as in the paper's Figure 6: on the left
 * what goes in and is written (inputs, targets; per write head its add vectors and write
 * weighting), on the right what comes out and is read (outputs, any extra rows; per read head
 * its read vectors and read weighting), the memory after the last step in a third column
 * beside the weightings. An LSTM's trace gives the inputs, targets and outputs only.
 *
 * Outputs and targets are shown on the scored steps only. Colours: bits and weightings on the
 * sequential map over 0…1; adds, reads and memory on the diverging map over ± their largest
 * magnitude.
 *
 * @example
 * ```ts
 * const panels = episodePanels({ trace, batch }, { task: 'copy' });
 * panels.map((panel) => panel.id); // ['inputs', 'targets', 'outputs', 'adds-0', 'reads-0', 'write-weighting-0', 'read-weighting-0', 'memory']
 * ```
 */
export function episodePanels(source: EpisodeSource, options: EpisodePanelOptions = {}): EpisodePanel[] {
  const { trace, batch } = source;
  const episode = source.episode ?? 0;
  const steps = episodeSteps(source);
  const { inputSize, outputSize } = trace;
  const slots = trace.slots ?? 0;
  const wordSize = trace.wordSize ?? 0;
  const cells = episodeCellSizes(steps, slots, wordSize);
  const stepOf = (step: number) => trace.steps[step] as EpisodeTrace['steps'][number];
  const scored = (step: number) => (batch.mask[step * batch.shape.batchSize + episode] ?? 0) > 0;
  // One row per channel / component / slot, one column per time step.
  const overTime = (rows: number, value: (step: number, row: number) => number) => {
    const values = new Float32Array(rows * steps);
    for (let step = 0; step < steps; step++) for (let row = 0; row < rows; row++) values[row * steps + step] = value(step, row);
    return values;
  };
  const timePanel = (
    panel: Pick<EpisodePanel, 'id' | 'title' | 'caption' | 'rows' | 'values' | 'colourMap' | 'fromModel' | 'gridRow' | 'gridColumn' | 'cellHeight'>,
  ) => ({
    ...panel,
    columns: steps,
    scale: panel.colourMap === 'sequential' ? 1 : largestMagnitude(panel.values),
    axis: 'time' as const,
    cellWidth: cells.stepWidth,
  });
  const captions = options.task ? channelCaptions(options.task, inputSize, outputSize) : null;
  const target = (step: number, channel: number) => (scored(step) ? (batch.targets[(step * batch.shape.batchSize + episode) * outputSize + channel] ?? 0) : 0);
  const output = (step: number, channel: number) => (scored(step) ? (stepOf(step).output[episode * outputSize + channel] ?? 0) : 0);
  const extraRows = options.extraRows ?? [];
  const outputBits = options.outputBits ?? false;

  const panels: EpisodePanel[] = [
    timePanel({
      id: 'inputs',
      title: 'inputs',
      caption: `Time runs left to right. ${captions?.inputs ?? 'One row per input channel.'}`,
      rows: inputSize,
      values: overTime(inputSize, (step, channel) => stepOf(step).input[episode * inputSize + channel] ?? 0),
      colourMap: 'sequential',
      fromModel: false,
      gridRow: 1,
      gridColumn: 1,
      cellHeight: cells.bitHeight,
    }),
    timePanel({
      id: 'targets',
      title: 'targets',
      caption: captions?.targets ?? 'What the model should output, on the scored steps.',
      rows: outputSize,
      values: overTime(outputSize, target),
      colourMap: 'sequential',
      fromModel: false,
      gridRow: 2,
      gridColumn: 1,
      cellHeight: cells.bitHeight,
    }),
    timePanel({
      id: 'outputs',
      title: 'outputs',
      caption: 'The probability of each output bit, σ(logits), on the scored steps.',
      rows: outputSize,
      values: overTime(outputSize, output),
      colourMap: 'sequential',
      fromModel: true,
      gridRow: 1,
      gridColumn: 2,
      cellHeight: cells.bitHeight,
    }),
  ];
  if (outputBits) {
    const bit = (step: number, channel: number) => (scored(step) && output(step, channel) >= 0.5 ? 1 : 0);
    panels.push({
      ...timePanel({
        id: 'output-bits',
        title: 'output bits',
        caption: 'Outputs thresholded at 0.5 on the scored steps; a cross marks a bit that differs from the target.',
        rows: outputSize,
        values: overTime(outputSize, bit),
        colourMap: 'sequential',
        fromModel: true,
        gridRow: 2,
        gridColumn: 2,
        cellHeight: cells.bitHeight,
      }),
      crossed: Uint8Array.from(overTime(outputSize, (step, channel) => (scored(step) && bit(step, channel) !== target(step, channel) ? 1 : 0))),
    });
  }
  extraRows.forEach((row, index) => {
    panels.push(
      timePanel({
        id: `row-${index}`,
        title: row.label,
        caption: row.caption ?? row.label,
        rows: 1,
        values: overTime(1, (step) => row.values[step] ?? 0),
        colourMap: 'sequential',
        fromModel: false,
        gridRow: 2 + (outputBits ? 1 : 0) + index,
        gridColumn: 2,
        cellHeight: cells.bitHeight,
      }),
    );
  });

  const headsRow = firstHeadRow(options);
  const writeHeads = trace.writeHeads ?? 0;
  const readHeads = trace.readHeads ?? 0;
  const headSuffix = (count: number, head: number) => (count > 1 ? ` ${head + 1}` : '');
  const ofHead = (array: Float32Array | undefined, heads: number, head: number, size: number, index: number) =>
    array?.[(episode * heads + head) * size + index] ?? 0;
  for (let head = 0; head < writeHeads; head++) {
    panels.push(
      timePanel({
        id: `adds-${head}`,
        title: `adds${headSuffix(writeHeads, head)}`,
        caption: `a_t, what the write head adds to memory (rows: the ${wordSize} components of a word).`,
        rows: wordSize,
        values: overTime(wordSize, (step, component) => ofHead(stepOf(step).writeHeads?.add, writeHeads, head, wordSize, component)),
        colourMap: 'diverging',
        fromModel: true,
        gridRow: headsRow + 2 * head,
        gridColumn: 1,
        cellHeight: cells.wordHeight,
      }),
    );
  }
  for (let head = 0; head < readHeads; head++) {
    panels.push(
      timePanel({
        id: `reads-${head}`,
        title: `reads${headSuffix(readHeads, head)}`,
        caption: 'r_t = Σ_i w_t(i) M_t(i), what the read head reads back.',
        rows: wordSize,
        values: overTime(wordSize, (step, component) => ofHead(stepOf(step).readVectors, readHeads, head, wordSize, component)),
        colourMap: 'diverging',
        fromModel: true,
        gridRow: headsRow + 2 * head,
        gridColumn: 2,
        cellHeight: cells.wordHeight,
      }),
    );
  }
  for (let head = 0; head < writeHeads; head++) {
    panels.push(
      timePanel({
        id: `write-weighting-${head}`,
        title: `write weighting${headSuffix(writeHeads, head)}`,
        caption: `w_t over the ${slots} memory slots (rows) at each step: where the head writes.`,
        rows: slots,
        values: overTime(slots, (step, slot) => ofHead(stepOf(step).writeWeighting, writeHeads, head, slots, slot)),
        colourMap: 'sequential',
        fromModel: true,
        gridRow: headsRow + 1 + 2 * head,
        gridColumn: 1,
        cellHeight: cells.slotHeight,
      }),
    );
  }
  for (let head = 0; head < readHeads; head++) {
    panels.push(
      timePanel({
        id: `read-weighting-${head}`,
        title: `read weighting${headSuffix(readHeads, head)}`,
        caption: `w_t over the ${slots} memory slots (rows) at each step: where the head reads.`,
        rows: slots,
        values: overTime(slots, (step, slot) => ofHead(stepOf(step).readWeighting, readHeads, head, slots, slot)),
        colourMap: 'sequential',
        fromModel: true,
        gridRow: headsRow + 1 + 2 * head,
        gridColumn: 2,
        cellHeight: cells.slotHeight,
      }),
    );
  }
  const memory = options.showMemory === false ? null : memoryPanel(source, steps - 1, { extraRows, outputBits });
  if (memory) panels.push(memory);
  return panels;
}

/**
 * The memory after `step` (0-based) as a panel: slots (rows, aligned with the weightings' rows)
 * by word components, beside the first weighting of {@link episodePanels}; null for a trace
 * without memory (an LSTM's) or a step it does not have. Titled `memory at the end` after the
 * last step, `memory after step N` before it.
 *
 * @example const panel = memoryPanel({ trace, batch }, 4); // panel?.title === 'memory after step 5'
 */
export function memoryPanel(source: EpisodeSource, step: number, options: Pick<EpisodePanelOptions, 'extraRows' | 'outputBits'> = {}): EpisodePanel | null {
  const { trace } = source;
  const episode = source.episode ?? 0;
  const steps = episodeSteps(source);
  const slots = trace.slots ?? 0;
  const wordSize = trace.wordSize ?? 0;
  const size = slots * wordSize;
  const memoryAt = (at: number) => trace.steps[at]?.memory?.subarray(episode * size, (episode + 1) * size);
  const memory = step >= 0 && step < steps ? memoryAt(step) : undefined;
  if (!memory || size === 0) return null;
  // One scale for every step, so that stepping through the episode shows the memory fill up
  // rather than each step stretched to full colour.
  let scale = 1e-6;
  for (let at = 0; at < steps; at++) scale = Math.max(scale, largestMagnitude(memoryAt(at) ?? []));
  const cells = episodeCellSizes(steps, slots, wordSize);
  const when = step === steps - 1 ? 'at the end' : `after step ${step + 1}`;
  return {
    id: 'memory',
    title: `memory ${when}`,
    caption: `M_t, the memory after the step: ${slots} slots (rows, as in the weightings) × ${wordSize} components.`,
    rows: slots,
    columns: wordSize,
    values: Float32Array.from(memory), // [slots, wordSize]
    colourMap: 'diverging',
    scale,
    axis: 'word',
    fromModel: true,
    gridRow: firstHeadRow(options) + 1,
    gridColumn: 3,
    cellWidth: cells.wordWidth,
    cellHeight: cells.slotHeight,
  };
}

/**
 * The steps drawn: the episode's own length (a batch pads shorter episodes), at most the trace's.
 * @example episodeSteps({ trace, batch }) // 11 for a copy episode of length 5
 */
export function episodeSteps(source: EpisodeSource): number {
  const length = source.batch.lengths[source.episode ?? 0];
  return Math.min(source.trace.steps.length, length ?? source.trace.steps.length);
}

/** The grid row of the first head's panels: under the taller of the two columns above (inputs, targets | outputs, output bits, extra rows). */
function firstHeadRow(options: Pick<EpisodePanelOptions, 'extraRows' | 'outputBits'>): number {
  return 1 + Math.max(2, 1 + (options.outputBits ? 1 : 0) + (options.extraRows?.length ?? 0));
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
