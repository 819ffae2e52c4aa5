/**
 * The panels of the demo's figure (the paper's Figure 6, and its kin for the other tasks):
 * which matrix each one draws from a traced episode, with its title, caption, colour map and
 * cell size.
 */
import type { TaskName } from '@ntm/tasks';
import { divergingColour, sequentialColour, type ColourMap } from './colour-maps.js';
import type { DemoEpisode } from './demo-model.js';

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

/** Sizes of the model the figure is drawn for (the channels come with the episode). */
export interface FigureSizes {
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
 * Copy's inputs are editable (a click flips a bit of the sequence); the captions say what each
 * task's channels hold.
 *
 * @example const panels = timePanels(episode, { slots: 128, wordSize: 20, readHeads: 1, writeHeads: 1 }, 'copy');
 */
export function timePanels(episode: DemoEpisode, sizes: FigureSizes, task: TaskName): FigurePanel[] {
  const { slots, wordSize } = sizes;
  const { inputSize, outputSize, steps } = episode;
  const cells = figureCellSizes(steps, slots, wordSize);
  const scored = (column: number) => (episode.mask[column] as number) > 0;
  const output = (row: number, column: number) => episode.outputs[column * outputSize + row] as number;
  const target = (row: number, column: number) => episode.targets[column * outputSize + row] as number;
  const captions = channelCaptions(task, inputSize, outputSize);
  const panels: FigurePanel[] = [
    {
      id: 'inputs',
      gridRow: 1,
      gridColumn: 1,
      title: 'Inputs',
      caption: `Time runs left to right. ${captions.inputs}`,
      rows: inputSize,
      columns: steps,
      value: (row, column) => episode.inputs[column * inputSize + row] as number,
      colour: sequentialColour,
      colourRange: [0, 1],
      cellWidth: cells.stepWidth,
      cellHeight: cells.bitHeight,
      revealed: false,
      editable: task === 'copy',
      axis: 'time',
    },
    {
      id: 'targets',
      gridRow: 2,
      gridColumn: 1,
      title: 'Targets',
      caption: captions.targets,
      rows: outputSize,
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
      rows: outputSize,
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
      caption: 'Outputs thresholded at 0.5 on the scored steps; a cross marks a bit that differs from the target.',
      rows: outputSize,
      columns: steps,
      value: (row, column) => (scored(column) && output(row, column) >= 0.5 ? 1 : 0),
      colour: sequentialColour,
      colourRange: [0, 1],
      cellWidth: cells.stepWidth,
      cellHeight: cells.bitHeight,
      revealed: true,
      marked: (row, column) => scored(column) && (output(row, column) >= 0.5 ? 1 : 0) !== target(row, column),
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
export function memoryPanel(episode: DemoEpisode, sizes: FigureSizes, step: number): FigurePanel {
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

/**
 * What the input and target rows hold, per task, in the tasks' own channel layout.
 * @example channelCaptions('copy', 9, 8).inputs // 'Rows 1–8: the sequence (click a cell to flip a bit); row 9: the delimiter.'
 */
export function channelCaptions(task: TaskName, inputSize: number, outputSize: number): { readonly inputs: string; readonly targets: string } {
  switch (task) {
    case 'copy':
      return {
        inputs: `Rows 1–${outputSize}: the sequence (click a cell to flip a bit); row ${inputSize}: the delimiter.`,
        targets: 'What the model should output: the sequence again, after the delimiter.',
      };
    case 'repeat-copy':
      return {
        inputs: `Rows 1–${inputSize - 2}: the sequence; row ${inputSize - 1}: the delimiter; row ${inputSize}: the number of repeats (normalised), on the delimiter's step.`,
        targets: `The sequence as many times as asked, then the end marker on row ${outputSize}.`,
      };
    case 'associative-recall':
      return {
        inputs: `Rows 1–${inputSize - 2}: the items' vectors; row ${inputSize - 1} marks the start of each item, row ${inputSize} the query (one of the items).`,
        targets: 'The item that followed the queried one in the sequence.',
      };
    case 'dynamic-ngrams':
      return {
        inputs: 'Row 1: the bit sequence, drawn from a random N-gram table of its own.',
        targets: 'The next bit; the model should output its probability given the bits so far.',
      };
    case 'priority-sort':
      return {
        inputs: `Rows 1–${inputSize - 2}: the vectors; row ${inputSize - 1}: each vector's priority; row ${inputSize}: the delimiter, after which the sorted vectors are due.`,
        targets: 'The highest-priority vectors, highest first.',
      };
  }
}
