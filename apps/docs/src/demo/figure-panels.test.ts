import type { EpisodeTrace, StepTrace } from '@ntm/machine';
import { describe, expect, it } from 'vitest';
import { copyBatch } from './copy-episode.js';
import type { DemoEpisode } from './demo-model.js';
import { channelCaptions, figureCellSizes, memoryPanel, timePanels } from './figure-panels.js';
import { headReadouts } from './head-parameters.js';

const sizes = { slots: 4, wordSize: 3, readHeads: 1, writeHeads: 1 };
const sequence = [
  [1, 0],
  [0, 1],
];
const batch = copyBatch(sequence, 2);

/** A synthetic trace: step t focuses the write head on slot t mod 4, the read head on slot 3 − t mod 4. */
function step(t: number): StepTrace {
  const oneHot = (slot: number) => Float32Array.from([0, 1, 2, 3], (index) => (index === slot ? 1 : 0));
  const parameters = {
    key: new Float32Array(3),
    keyStrength: Float32Array.of(t + 0.5),
    interpolationGate: Float32Array.of(0.25),
    shiftWeighting: Float32Array.of(0.1, 0.2, 0.7),
    sharpening: Float32Array.of(2),
  };
  return {
    input: new Float32Array(3),
    output: new Float32Array(2),
    memory: Float32Array.from({ length: 12 }, (_, index) => t * 100 + index),
    writeWeighting: oneHot(t % 4),
    readWeighting: oneHot(3 - (t % 4)),
    readVectors: Float32Array.of(t, -t, 0.5),
    writeHeads: { ...parameters, erase: new Float32Array(3), add: Float32Array.of(0.1 * t, 0, 0) },
    readHeads: parameters,
  };
}
const trace: EpisodeTrace = { batchSize: 1, inputSize: 3, outputSize: 2, slots: 4, wordSize: 3, readHeads: 1, writeHeads: 1, steps: [0, 1, 2, 3, 4].map(step) };
const episode: DemoEpisode = {
  steps: 5,
  inputSize: 3,
  outputSize: 2,
  inputs: batch.inputs,
  targets: batch.targets,
  mask: batch.mask,
  outputs: Float32Array.from([0, 0, 0, 0, 0, 0, 0.9, 0.1, 0.6, 0.2]),
  trace,
  score: { bitErrors: 1, costBits: 0, scoredBits: 4, correct: false },
};

describe('the figure’s panels', () => {
  const panels = Object.fromEntries(timePanels(episode, sizes, 'copy').map((panel) => [panel.id, panel]));

  it('has the paper’s Figure 6 panels, writing on the left and reading on the right', () => {
    expect(Object.keys(panels)).toEqual(['inputs', 'targets', 'outputs', 'output-bits', 'adds-0', 'write-weighting-0', 'read-weighting-0', 'read-vectors-0']);
    expect(panels['write-weighting-0']?.gridColumn).toBe(1);
    expect(panels['read-weighting-0']?.gridColumn).toBe(2);
    expect(memoryPanel(episode, sizes, 0)).toMatchObject({ gridRow: 4, gridColumn: 3, rows: 4, columns: 3 });
  });

  it('reads every matrix as [row = channel or slot, column = step]', () => {
    expect(panels['inputs']?.value(0, 0)).toBe(1); // bit 0 of vector 0
    expect(panels['inputs']?.value(2, 2)).toBe(1); // the delimiter, step L = 2
    expect(panels['targets']?.value(1, 4)).toBe(1); // bit 1 of vector 1, recalled at step 4
    expect(panels['write-weighting-0']?.value(3, 3)).toBe(1);
    expect(panels['read-weighting-0']?.value(0, 3)).toBe(1);
    expect(panels['adds-0']?.value(0, 2)).toBeCloseTo(0.2, 6);
    expect(panels['read-vectors-0']?.value(1, 4)).toBe(-4);
    expect(memoryPanel(episode, sizes, 2).value(1, 2)).toBe(205); // slot 1, component 2 after step 3
  });

  it('thresholds outputs on the scored steps only, and marks the wrong bits', () => {
    const bits = panels['output-bits'];
    expect([0, 1, 2, 3, 4].map((column) => bits?.value(0, column))).toEqual([0, 0, 0, 1, 1]); // 0.6 ≥ 0.5 at step 4 is a wrong 1
    expect(bits?.marked?.(0, 4)).toBe(true);
    expect(bits?.marked?.(0, 3)).toBe(false);
    expect(bits?.marked?.(1, 0)).toBe(false);
  });

  it("lets a person edit copy's inputs only, and says what each task's rows hold", () => {
    expect(panels['inputs']?.editable).toBe(true);
    const recall = Object.fromEntries(timePanels(episode, sizes, 'associative-recall').map((panel) => [panel.id, panel]));
    expect(recall['inputs']?.editable).toBe(false);
    expect(recall['inputs']?.caption).toBe(
      "Time runs left to right. Rows 1–1: the items' vectors; row 2 marks the start of each item, row 3 the query (one of the items).",
    );
    expect(channelCaptions('repeat-copy', 10, 9).inputs).toBe(
      "Rows 1–8: the sequence; row 9: the delimiter; row 10: the number of repeats (normalised), on the delimiter's step.",
    );
    expect(channelCaptions('priority-sort', 10, 8).targets).toBe('The highest-priority vectors, highest first.');
  });

  it('sizes cells to keep the figure readable', () => {
    expect(figureCellSizes(41, 128, 20)).toEqual({ stepWidth: 9, bitHeight: 12, slotHeight: 2, wordHeight: 8, wordWidth: 10 });
    expect(figureCellSizes(11, 24, 12)).toEqual({ stepWidth: 24, bitHeight: 12, slotHeight: 12, wordHeight: 12, wordWidth: 12 });
    expect(figureCellSizes(241, 24, 12)).toMatchObject({ stepWidth: 3 });
  });
});

describe('headReadouts', () => {
  it('reads each head’s β, g, s, γ and focus at a step, write heads first', () => {
    expect(headReadouts(trace, 2, sizes)).toEqual([
      {
        label: 'write',
        keyStrength: 2.5,
        interpolationGate: 0.25,
        shiftWeighting: [expect.closeTo(0.1, 6), expect.closeTo(0.2, 6), expect.closeTo(0.7, 6)],
        sharpening: 2,
        focusSlot: 2,
        focusWeight: 1,
      },
      {
        label: 'read',
        keyStrength: 2.5,
        interpolationGate: 0.25,
        shiftWeighting: [expect.closeTo(0.1, 6), expect.closeTo(0.2, 6), expect.closeTo(0.7, 6)],
        sharpening: 2,
        focusSlot: 1,
        focusWeight: 1,
      },
    ]);
    expect(headReadouts(trace, 9, sizes)).toEqual([]);
  });
});
