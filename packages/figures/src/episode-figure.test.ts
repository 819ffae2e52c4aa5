import type { EpisodeTrace, StepTrace } from '@ntm/machine';
import { describe, expect, it } from 'vitest';
import { episodeFigure } from './episode-figure.js';
import { episodePanels } from './episode-panels.js';
import type { HeatMapItem, TextItem } from './figure.js';

/**
 * A hand-made trace of a perfect copy of one 2-bit vector on a 4-slot memory: step 0 writes
 * slot 1, step 1 shows the delimiter, step 2 reads slot 1 back.
 */
function handMadeEpisode() {
  const slots = 4;
  const wordSize = 3;
  const step = (input: number[], output: number[], write: number, read: number, memoryValue: number): StepTrace => ({
    input: Float32Array.from(input),
    output: Float32Array.from(output),
    memory: Float32Array.from({ length: slots * wordSize }, (_, index) => (Math.floor(index / wordSize) === 1 ? memoryValue : 0)),
    writeWeighting: Float32Array.from({ length: slots }, (_, slot) => (slot === write ? 1 : 0)),
    readWeighting: Float32Array.from({ length: slots }, (_, slot) => (slot === read ? 1 : 0)),
    readVectors: Float32Array.of(0.5, -0.5, 0),
    writeHeads: {
      key: new Float32Array(3),
      keyStrength: new Float32Array(1),
      interpolationGate: new Float32Array(1),
      shiftWeighting: new Float32Array(3),
      sharpening: new Float32Array(1),
      erase: new Float32Array(3),
      add: Float32Array.of(-2, 0, 1),
    },
  });
  const trace: EpisodeTrace = {
    batchSize: 1,
    inputSize: 3,
    outputSize: 2,
    slots,
    wordSize,
    readHeads: 1,
    writeHeads: 1,
    steps: [step([1, 0, 0], [0.2, 0.2], 1, 0, 0.8), step([0, 0, 1], [0.1, 0.1], 2, 0, 0.8), step([0, 0, 0], [0.9, 0.1], 3, 1, 0.8)],
  };
  const batch = {
    shape: { steps: 3, batchSize: 1, inputSize: 3, outputSize: 2 },
    targets: Float32Array.of(0, 0, 0, 0, 1, 0),
    mask: Float32Array.of(0, 0, 1),
    lengths: Int32Array.of(3),
  };
  return { trace, batch };
}

const heatMaps = (figure: ReturnType<typeof episodeFigure>) =>
  new Map(figure.items.filter((item): item is HeatMapItem => item.kind === 'heatmap').map((item) => [item.label, item]));

describe('episodeFigure', () => {
  const { trace, batch } = handMadeEpisode();
  const figure = episodeFigure({ trace, batch, title: 'copy, length 1' });
  const maps = heatMaps(figure);

  it("has the panels of the paper's Figure 6, time along the columns", () => {
    expect([...maps.keys()].filter((label) => !label.startsWith('key'))).toEqual([
      'inputs',
      'targets',
      'outputs',
      'adds',
      'reads',
      'write weighting',
      'read weighting',
      'memory at the end',
    ]);
    expect([maps.get('inputs')?.rows, maps.get('inputs')?.columns]).toEqual([3, 3]);
    expect([maps.get('write weighting')?.rows, maps.get('write weighting')?.columns]).toEqual([4, 3]);
    expect([maps.get('memory at the end')?.rows, maps.get('memory at the end')?.columns]).toEqual([4, 3]);
  });

  it('puts each value at [row = channel or slot, column = time step]', () => {
    const at = (label: string, row: number, column: number) => {
      const map = maps.get(label) as HeatMapItem;
      return map.values[row * map.columns + column];
    };
    expect(at('inputs', 0, 0)).toBe(1);
    expect(at('inputs', 2, 1)).toBe(1); // the delimiter
    expect(at('write weighting', 1, 0)).toBe(1);
    expect(at('write weighting', 3, 2)).toBe(1);
    expect(at('read weighting', 1, 2)).toBe(1);
    expect(at('adds', 0, 1)).toBe(-2);
    expect(at('memory at the end', 1, 0)).toBeCloseTo(0.8);
  });

  it('shows outputs and targets only at scored steps', () => {
    const outputs = maps.get('outputs') as HeatMapItem;
    expect(Array.from(outputs.values).map((value) => Number(value.toFixed(2)))).toEqual([0, 0, 0.9, 0, 0, 0.1]);
    expect(Array.from((maps.get('targets') as HeatMapItem).values)).toEqual([0, 0, 1, 0, 0, 0]);
  });

  it('scales signed panels to their largest magnitude and says so', () => {
    expect(maps.get('adds')?.scale).toBe(2);
    const labels = figure.items.filter((item): item is TextItem => item.kind === 'text').map((item) => item.text);
    expect(labels).toContain('adds (±2)');
    expect(labels).toContain('copy, length 1');
    expect(labels).toContain('time step');
  });

  it('keeps every item inside the figure', () => {
    for (const map of maps.values()) {
      expect(map.x + map.columns * map.cellWidth).toBeLessThanOrEqual(figure.width);
      expect(map.y + map.rows * map.cellHeight).toBeLessThanOrEqual(figure.height);
    }
  });

  it('draws the shared panel list in its grid: writing on the left, reading on the right, the memory beside', () => {
    const place = (label: string) => [maps.get(label)?.x, maps.get(label)?.y];
    expect([...maps.keys()].filter((label) => !label.startsWith('key'))).toEqual(episodePanels({ trace, batch }).map((panel) => panel.title));
    expect(place('inputs')[1]).toBe(place('outputs')[1]);
    expect(place('write weighting')[1]).toBe(place('read weighting')[1]);
    expect(place('memory at the end')[1]).toBe(place('write weighting')[1]);
    expect(place('inputs')[0]).toBe(place('write weighting')[0]);
    expect(place('outputs')[0]).toBe(place('read weighting')[0]);
    expect(place('inputs')[0] as number).toBeLessThan(place('outputs')[0] as number);
    expect(place('outputs')[0] as number).toBeLessThan(place('memory at the end')[0] as number);
  });

  it('crosses wrong output bits when asked for them', () => {
    expect(heatMaps(episodeFigure({ trace, batch, title: 't', outputBits: true })).has('output bits')).toBe(true);
    expect(episodeFigure({ trace, batch, title: 't', outputBits: true }).items.some((item) => item.kind === 'polyline')).toBe(false); // a perfect copy
    const wrongTargets = { ...batch, targets: Float32Array.of(0, 0, 0, 0, 0, 1) }; // both recalled bits wrong: two cells, two strokes each
    expect(episodeFigure({ trace, batch: wrongTargets, title: 't', outputBits: true }).items.filter((item) => item.kind === 'polyline')).toHaveLength(4);
  });

  it('leaves the memory out when asked, and draws an LSTM trace without memory panels', () => {
    expect(heatMaps(episodeFigure({ trace, batch, title: 't', showMemory: false })).has('memory at the end')).toBe(false);
    const lstmTrace: EpisodeTrace = {
      batchSize: 1,
      inputSize: 3,
      outputSize: 2,
      steps: trace.steps.map((step) => ({ input: step.input, output: step.output })),
    };
    const labels = [...heatMaps(episodeFigure({ trace: lstmTrace, batch, title: 'lstm' })).keys()].filter((label) => !label.startsWith('key'));
    expect(labels).toEqual(['inputs', 'targets', 'outputs']);
  });
});
