/**
 * The panels of the demo's figure (the paper's Figure 6): which matrix each one draws from a
 * traced copy episode, with its title, caption, colour map and cell size.
 */
import { divergingColour, sequentialColour, type ColourMap } from './colour-maps.js';
import type { CopyEpisode } from './copy-model.js';

/** One heat map of the figure. */
export interface FigurePanel {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  readonly rows: number;
  readonly columns: number;
  readonly value: (row: number, column: number) => number;
  readonly colour: ColourMap;
  readonly colourRange: readonly [number, number];
  readonly cellWidth: number;
  readonly cellHeight: number;
  /** Drawn up to the current step only, faded after it (everything that depends on the model). */
  readonly revealed: boolean;
  /** Clicking a cell toggles an input bit. */
  readonly editable?: boolean;
  readonly marked?: (row: number, column: number) => boolean;
  /** `time` panels share the step axis; the memory panel does not. */
  readonly axis: 'time' | 'word';
  /** Where the figure grid places it (1-based), as in the paper's Figure 6: writing on the left, reading on the right. */
  readonly gridRow: number;
  readonly gridColumn: number;
}

/** Sizes of the model the figure is drawn for. */
export interface FigureSizes {
  readonly bits: number;
  readonly slots: number;
  readonly wordSize: number;
  readonly readHeads: number;
  readonly writeHeads: number;
}

const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value, low), high);

/**
 * Cell sizes that keep each time panel about 400 px wide (so two of them and the memory fit
 * beside each other on a laptop screen), the slot maps about 300 px tall and the memory about
 * 200 px wide.
 *
 * @example figureCellSizes(41, 128, 20) // { stepWidth: 9, bitHeight: 12, slotHeight: 2, wordHeight: 8, wordWidth: 10 }
 */
export function figureCellSizes(steps: number, slots: number, wordSize: number) {
  return {
    stepWidth: clamp(Math.floor(400 / steps), 3, 24),
    bitHeight: 12,
    slotHeight: clamp(Math.floor(320 / slots), 2, 12),
    wordHeight: clamp(Math.floor(160 / wordSize), 4, 12),
    wordWidth: clamp(Math.floor(200 / wordSize), 4, 12),
  };
}

/**
 * The panels of one episode, placed as in the paper's Figure 6: inputs and targets on the
 * left, outputs on the right; then for each head, what is written (add vectors, write
 * weighting) on the left and what is read (read vectors, read weighting) on the right.
 *
 * @example const panels = timePanels(episode, { bits: 8, slots: 128, wordSize: 20, readHeads: 1, writeHeads: 1 });
 */
export function timePanels(episode: CopyEpisode, sizes: FigureSizes): FigurePanel[] {
  const { bits, slots, wordSize } = sizes;
  const steps = episode.steps;
  const length = episode.sequence.length;
  const cells = figureCellSizes(steps, slots, wordSize);
  const recall = (column: number) => column > length;
  const output = (row: number, column: number) => episode.outputs[column * bits + row] as number;
  const target = (row: number, column: number) => episode.targets[column * bits + row] as number;
  const panels: FigurePanel[] = [
    {
      id: 'inputs',
      gridRow: 1,
      gridColumn: 1,
      title: 'Inputs',
      caption: `Time runs left to right. Rows 1–${bits}: the sequence (click a cell to flip a bit); row ${bits + 1}: the delimiter.`,
      rows: bits + 1,
      columns: steps,
      value: (row, column) => episode.inputs[column * (bits + 1) + row] as number,
      colour: sequentialColour,
      colourRange: [0, 1],
      cellWidth: cells.stepWidth,
      cellHeight: cells.bitHeight,
      revealed: false,
      editable: true,
      axis: 'time',
    },
    {
      id: 'targets',
      gridRow: 2,
      gridColumn: 1,
      title: 'Targets',
      caption: 'What the model should output: the sequence again, after the delimiter.',
      rows: bits,
      columns: steps,
      value: target,
      colour: sequentialColour,
      colourRange: [0, 1],
      cellWidth: cells.stepWidth,
      cellHeight: cells.bitHeight,
      revealed: false,
      axis: 'time',
    },
    {
      id: 'outputs',
      gridRow: 1,
      gridColumn: 2,
      title: 'Outputs',
      caption: 'The probability of each output bit, σ(logits).',
      rows: bits,
      columns: steps,
      value: output,
      colour: sequentialColour,
      colourRange: [0, 1],
      cellWidth: cells.stepWidth,
      cellHeight: cells.bitHeight,
      revealed: true,
      axis: 'time',
    },
    {
      id: 'output-bits',
      gridRow: 2,
      gridColumn: 2,
      title: 'Output bits',
      caption: 'Outputs thresholded at 0.5 on the recall steps; a cross marks a bit that differs from the target.',
      rows: bits,
      columns: steps,
      value: (row, column) => (recall(column) && output(row, column) >= 0.5 ? 1 : 0),
      colour: sequentialColour,
      colourRange: [0, 1],
      cellWidth: cells.stepWidth,
      cellHeight: cells.bitHeight,
      revealed: true,
      marked: (row, column) => recall(column) && (output(row, column) >= 0.5 ? 1 : 0) !== target(row, column),
      axis: 'time',
    },
  ];
  for (let head = 0; head < sizes.writeHeads; head++) {
    const suffix = sizes.writeHeads > 1 ? ` (write head ${head + 1})` : '';
    panels.push({
      id: `adds-${head}`,
      gridRow: 3 + 2 * head,
      gridColumn: 1,
      title: `Add vectors${suffix}`,
      caption: `a_t, what the write head adds to memory (rows: the ${wordSize} components of a word).`,
      rows: wordSize,
      columns: steps,
      value: (row, column) => episode.trace.steps[column]?.writeHeads?.add?.[head * wordSize + row] ?? 0,
      colour: divergingColour,
      colourRange: [-1, 1],
      cellWidth: cells.stepWidth,
      cellHeight: cells.wordHeight,
      revealed: true,
      axis: 'time',
    });
    panels.push({
      id: `write-weighting-${head}`,
      gridRow: 4 + 2 * head,
      gridColumn: 1,
      title: `Write weighting${suffix}`,
      caption: `w_t over the ${slots} memory slots (rows) at each step: where the head writes.`,
      rows: slots,
      columns: steps,
      value: (row, column) => episode.trace.steps[column]?.writeWeighting?.[head * slots + row] ?? 0,
      colour: sequentialColour,
      colourRange: [0, 1],
      cellWidth: cells.stepWidth,
      cellHeight: cells.slotHeight,
      revealed: true,
      axis: 'time',
    });
  }
  for (let head = 0; head < sizes.readHeads; head++) {
    const suffix = sizes.readHeads > 1 ? ` (read head ${head + 1})` : '';
    panels.push({
      id: `read-weighting-${head}`,
      gridRow: 4 + 2 * head,
      gridColumn: 2,
      title: `Read weighting${suffix}`,
      caption: `w_t over the ${slots} memory slots at each step: where the head reads.`,
      rows: slots,
      columns: steps,
      value: (row, column) => episode.trace.steps[column]?.readWeighting?.[head * slots + row] ?? 0,
      colour: sequentialColour,
      colourRange: [0, 1],
      cellWidth: cells.stepWidth,
      cellHeight: cells.slotHeight,
      revealed: true,
      axis: 'time',
    });
    panels.push({
      id: `read-vectors-${head}`,
      gridRow: 3 + 2 * head,
      gridColumn: 2,
      title: `Read vectors${suffix}`,
      caption: 'r_t = Σ_i w_t(i) M_t(i), what the head reads back.',
      rows: wordSize,
      columns: steps,
      value: (row, column) => episode.trace.steps[column]?.readVectors?.[head * wordSize + row] ?? 0,
      colour: divergingColour,
      colourRange: [-1, 1],
      cellWidth: cells.stepWidth,
      cellHeight: cells.wordHeight,
      revealed: true,
      axis: 'time',
    });
  }
  return panels;
}

/**
 * The memory at one step: slots (rows, aligned with the weightings' rows) by word components.
 * @example const panel = memoryPanel(episode, sizes, 12);
 */
export function memoryPanel(episode: CopyEpisode, sizes: FigureSizes, step: number): FigurePanel {
  const cells = figureCellSizes(episode.steps, sizes.slots, sizes.wordSize);
  const memory = episode.trace.steps[step]?.memory;
  return {
    id: 'memory',
    gridRow: 4,
    gridColumn: 3,
    title: `Memory at step ${step + 1}`,
    caption: `M_t after step ${step + 1}: ${sizes.slots} slots (rows) × ${sizes.wordSize} components.`,
    rows: sizes.slots,
    columns: sizes.wordSize,
    value: (row, column) => memory?.[row * sizes.wordSize + column] ?? 0,
    colour: divergingColour,
    colourRange: [-1, 1],
    cellWidth: cells.wordWidth,
    cellHeight: cells.slotHeight,
    revealed: false,
    axis: 'word',
  };
}
