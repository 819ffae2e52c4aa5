import type { EpisodeTrace, StepTrace } from '@ntm/machine';
import { describe, expect, it } from 'vitest';
import { channelCaptions } from './channel-captions.js';
import { episodeCellSizes, episodePanels, episodeSteps, memoryPanel } from './episode-panels.js';

/**
 * A synthetic copy episode of two 2-bit vectors on a 4-slot memory: step t focuses the write
 * head on slot t mod 4 and the read head on slot 3 − t mod 4; the model gets one bit wrong.
 */
function step(t: number): StepTrace {
  const oneHot = (slot: number) => Float32Array.from([0, 1, 2, 3], (index) => (index === slot ? 1 : 0));
  const inputs = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const outputs = [
    [0, 0],
    [0, 0],
    [0, 0],
    [0.9, 0.1],
    [0.6, 0.2],
  ];
  return {
    input: Float32Array.from(inputs[t] as number[]),
    output: Float32Array.from(outputs[t] as number[]),
    memory: Float32Array.from({ length: 12 }, (_, index) => (t * 100 + index) / 1000),
    writeWeighting: oneHot(t % 4),
    readWeighting: oneHot(3 - (t % 4)),
    readVectors: Float32Array.of(t, -t, 0.5),
    writeHeads: {
      key: new Float32Array(3),
      keyStrength: new Float32Array(1),
      interpolationGate: new Float32Array(1),
      shiftWeighting: new Float32Array(3),
      sharpening: new Float32Array(1),
      erase: new Float32Array(3),
      add: Float32Array.of(0.1 * t, 0, 0),
    },
  };
}
const trace: EpisodeTrace = { batchSize: 1, inputSize: 3, outputSize: 2, slots: 4, wordSize: 3, readHeads: 1, writeHeads: 1, steps: [0, 1, 2, 3, 4].map(step) };
const batch = {
  shape: { steps: 5, batchSize: 1, inputSize: 3, outputSize: 2 },
  targets: Float32Array.of(0, 0, 0, 0, 0, 0, 1, 0, 0, 1),
  mask: Float32Array.of(0, 0, 0, 1, 1),
  lengths: Int32Array.of(5),
};
const at = (panel: { values: Float32Array; columns: number } | undefined, row: number, column: number) => panel?.values[row * panel.columns + column];

describe('episodePanels', () => {
  const panels = Object.fromEntries(episodePanels({ trace, batch }, { task: 'copy', outputBits: true }).map((panel) => [panel.id, panel]));

  it("has the paper's Figure 6 panels in drawing order, writing on the left, reading on the right, the memory beside", () => {
    expect(Object.keys(panels)).toEqual([
      'inputs',
      'targets',
      'outputs',
      'output-bits',
      'adds-0',
      'reads-0',
      'write-weighting-0',
      'read-weighting-0',
      'memory',
    ]);
    const grid = Object.fromEntries(Object.values(panels).map((panel) => [panel.id, [panel.gridRow, panel.gridColumn]]));
    expect(grid).toEqual({
      inputs: [1, 1],
      targets: [2, 1],
      outputs: [1, 2],
      'output-bits': [2, 2],
      'adds-0': [3, 1],
      'reads-0': [3, 2],
      'write-weighting-0': [4, 1],
      'read-weighting-0': [4, 2],
      memory: [4, 3],
    });
    expect(episodePanels({ trace, batch }).map((panel) => panel.title)).toEqual([
      'inputs',
      'targets',
      'outputs',
      'adds',
      'reads',
      'write weighting',
      'read weighting',
      'memory at the end',
    ]);
  });

  it('reads every matrix as [row = channel, component or slot, column = step]', () => {
    expect(at(panels['inputs'], 0, 0)).toBe(1);
    expect(at(panels['inputs'], 2, 2)).toBe(1); // the delimiter
    expect(at(panels['targets'], 1, 4)).toBe(1);
    expect(at(panels['write-weighting-0'], 3, 3)).toBe(1);
    expect(at(panels['read-weighting-0'], 0, 3)).toBe(1);
    expect(at(panels['adds-0'], 0, 2)).toBeCloseTo(0.2, 6);
    expect(at(panels['reads-0'], 1, 4)).toBe(-4);
    expect([panels['memory']?.rows, panels['memory']?.columns]).toEqual([4, 3]);
    expect(at(panels['memory'], 1, 2)).toBeCloseTo(0.405, 6); // slot 1, component 2 after the last step
  });

  it('shows outputs on the scored steps only, thresholds them, and crosses the wrong bits', () => {
    expect(Array.from(panels['outputs']?.values ?? [], (value) => Number(value.toFixed(2)))).toEqual([0, 0, 0, 0.9, 0.6, 0, 0, 0, 0.1, 0.2]);
    expect(Array.from(panels['output-bits']?.values ?? [])).toEqual([0, 0, 0, 1, 1, 0, 0, 0, 0, 0]);
    expect(Array.from(panels['output-bits']?.crossed ?? [])).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0, 1]); // 0.6 is a wrong 1; 0.2 a missed 1
  });

  it('colours bits and weightings over 0…1, signed panels over ± their largest magnitude, the memory over the whole episode', () => {
    expect([panels['inputs']?.colourMap, panels['inputs']?.scale]).toEqual(['sequential', 1]);
    expect([panels['reads-0']?.colourMap, panels['reads-0']?.scale]).toEqual(['diverging', 4]);
    expect(panels['memory']?.scale).toBeCloseTo(0.411, 6);
    expect(memoryPanel({ trace, batch }, 0)?.scale).toBeCloseTo(0.411, 6);
    expect([panels['inputs']?.fromModel, panels['targets']?.fromModel, panels['outputs']?.fromModel, panels['memory']?.fromModel]).toEqual([
      false,
      false,
      true,
      true,
    ]);
  });

  it("says what the task's rows hold", () => {
    expect(panels['inputs']?.caption).toBe('Time runs left to right. Rows 1–2: the sequence; row 3: the delimiter.');
    expect(channelCaptions('repeat-copy', 10, 9).inputs).toBe(
      "Rows 1–8: the sequence; row 9: the delimiter; row 10: the number of repeats (normalised), on the delimiter's step.",
    );
    expect(channelCaptions('priority-sort', 10, 8).targets).toBe('The highest-priority vectors, highest first.');
  });

  it('puts extra rows under the outputs and the heads under them, and names several heads by number', () => {
    const twoHeads: EpisodeTrace = {
      ...trace,
      readHeads: 2,
      steps: trace.steps.map((s) => ({ ...s, readWeighting: Float32Array.of(...(s.readWeighting ?? []), 0, 0, 0, 1) })),
    };
    const withRows = episodePanels({ trace: twoHeads, batch }, { extraRows: [{ label: 'priority', values: [0.5] }], showMemory: false });
    const placed = Object.fromEntries(withRows.map((panel) => [panel.title, [panel.gridRow, panel.gridColumn]]));
    expect(placed).toEqual({
      inputs: [1, 1],
      targets: [2, 1],
      outputs: [1, 2],
      priority: [2, 2],
      adds: [3, 1],
      'reads 1': [3, 2],
      'reads 2': [5, 2],
      'write weighting': [4, 1],
      'read weighting 1': [4, 2],
      'read weighting 2': [6, 2],
    });
    expect(
      at(
        withRows.find((panel) => panel.title === 'read weighting 2'),
        3,
        0,
      ),
    ).toBe(1);
    expect(
      episodePanels(
        { trace, batch },
        {
          extraRows: [
            { label: 'a', values: [] },
            { label: 'b', values: [] },
          ],
        },
      ).find((panel) => panel.id === 'adds-0')?.gridRow,
    ).toBe(4);
  });

  it('names the memory by its step, and has none for an LSTM', () => {
    expect(memoryPanel({ trace, batch }, 4)?.title).toBe('memory at the end');
    expect(memoryPanel({ trace, batch }, 1)?.title).toBe('memory after step 2');
    expect(at(memoryPanel({ trace, batch }, 1) ?? undefined, 0, 0)).toBeCloseTo(0.1, 6);
    expect(memoryPanel({ trace, batch }, 5)).toBeNull();
    const lstm: EpisodeTrace = { batchSize: 1, inputSize: 3, outputSize: 2, steps: trace.steps.map((s) => ({ input: s.input, output: s.output })) };
    expect(episodePanels({ trace: lstm, batch }).map((panel) => panel.id)).toEqual(['inputs', 'targets', 'outputs']);
    expect(memoryPanel({ trace: lstm, batch }, 0)).toBeNull();
  });

  it('draws an episode to its own length, and sizes cells to keep the figure readable', () => {
    expect(episodeSteps({ trace, batch: { ...batch, lengths: Int32Array.of(3) } })).toBe(3);
    expect(episodeCellSizes(41, 128, 20)).toEqual({ stepWidth: 9, bitHeight: 12, slotHeight: 2, wordHeight: 8, wordWidth: 10 });
    expect(episodeCellSizes(11, 24, 12)).toEqual({ stepWidth: 24, bitHeight: 12, slotHeight: 12, wordHeight: 12, wordWidth: 12 });
    expect(episodeCellSizes(241, 24, 12)).toMatchObject({ stepWidth: 3 });
  });
});
