/**
 * The heads' addressing parameters at one step, as a table: the numbers the addressing
 * pipeline turned into the weightings drawn above (key strength β, gate g, shift s,
 * sharpening γ) and where the resulting weighting is focused.
 */
import type { EpisodeTrace, HeadParametersTrace } from '@ntm/machine';
import { createElement } from '../common/dom.js';

/** The model's sizes the table needs: slots (to find each weighting's focus) and heads. */
export interface HeadSizes {
  readonly slots: number;
  readonly wordSize: number;
  readonly readHeads: number;
  readonly writeHeads: number;
}

/** One head's parameters at one step, read out of a trace. */
export interface HeadReadout {
  readonly label: string;
  readonly keyStrength: number;
  readonly interpolationGate: number;
  /** s over shifts −n…n. */
  readonly shiftWeighting: readonly number[];
  readonly sharpening: number;
  /** The slot with the largest weight, and that weight. */
  readonly focusSlot: number;
  readonly focusWeight: number;
}

/**
 * Every head's parameters at `step` (batch row 0): write heads first, then read heads.
 *
 * @example headReadouts(trace, 5, sizes)[0]?.interpolationGate // g of the write head at step 6
 */
export function headReadouts(trace: EpisodeTrace, step: number, sizes: HeadSizes): HeadReadout[] {
  const record = trace.steps[step];
  if (!record) return [];
  const readouts: HeadReadout[] = [];
  const group = (kind: 'write' | 'read', heads: number, parameters: HeadParametersTrace | undefined, weighting: Float32Array | undefined) => {
    if (!parameters || !weighting) return;
    const width = parameters.shiftWeighting.length / heads;
    for (let head = 0; head < heads; head++) {
      const weights = weighting.subarray(head * sizes.slots, (head + 1) * sizes.slots);
      let focusSlot = 0;
      for (let slot = 1; slot < weights.length; slot++) if ((weights[slot] as number) > (weights[focusSlot] as number)) focusSlot = slot;
      readouts.push({
        label: heads > 1 ? `${kind} ${head + 1}` : kind,
        keyStrength: parameters.keyStrength[head] as number,
        interpolationGate: parameters.interpolationGate[head] as number,
        shiftWeighting: Array.from(parameters.shiftWeighting.subarray(head * width, (head + 1) * width)),
        sharpening: parameters.sharpening[head] as number,
        focusSlot,
        focusWeight: weights[focusSlot] as number,
      });
    }
  };
  group('write', sizes.writeHeads, record.writeHeads, record.writeWeighting);
  group('read', sizes.readHeads, record.readHeads, record.readWeighting);
  return readouts;
}

/**
 * The table of {@link headReadouts}, with the shift weighting drawn as bars.
 * @example container.replaceChildren(headParametersTable(trace, step, sizes));
 */
export function headParametersTable(trace: EpisodeTrace, step: number, sizes: HeadSizes): HTMLTableElement {
  const table = createElement('table');
  const header = createElement('tr');
  for (const heading of ['head', 'β key strength', 'g gate', 's shift (−n…n)', 'γ sharpening', 'focus slot (weight)']) {
    header.append(createElement('th', '', heading));
  }
  table.append(header);
  for (const readout of headReadouts(trace, step, sizes)) {
    const row = createElement('tr');
    const bars = createElement('span', 'shift-bars');
    bars.title = readout.shiftWeighting.map((weight) => weight.toFixed(2)).join(' ');
    for (const weight of readout.shiftWeighting) {
      const bar = createElement('span');
      bar.style.height = `${Math.max(1, Math.round(weight * 100))}%`;
      bars.append(bar);
    }
    const shift = createElement('td');
    shift.append(bars, ` ${readout.shiftWeighting.map((weight) => weight.toFixed(2)).join(' ')}`);
    row.append(
      createElement('td', '', readout.label),
      createElement('td', '', readout.keyStrength.toFixed(2)),
      createElement('td', '', readout.interpolationGate.toFixed(3)),
      shift,
      createElement('td', '', readout.sharpening.toFixed(2)),
      createElement('td', '', `${readout.focusSlot + 1} (${readout.focusWeight.toFixed(2)})`),
    );
    table.append(row);
  }
  return table;
}
