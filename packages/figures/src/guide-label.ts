/**
 * Something drawn in a chart that a label must not cover, in pixels: points `[x, yTop, yBottom]`
 * joined left to right. A line is a trace with `yTop === yBottom`; a band is its lower and upper
 * edge at each x, and covers what lies between.
 */
export type Trace = readonly (readonly [x: number, yTop: number, yBottom: number])[];

/** A box in pixels. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Where {@link placeGuideLabel} puts a label: its text's anchor point, and whether the spot is clear. */
export interface GuideLabelPlace {
  readonly x: number;
  /** The text's baseline. */
  readonly y: number;
  readonly anchor: 'start' | 'end';
  /** False when every spot was covered and the first one was taken anyway (draw a background under it). */
  readonly clear: boolean;
}

/**
 * Picks a spot for a horizontal guide's label (a stop criterion, say) beside its line where no
 * trace runs: left above the line, left below, right above, right below. Learning curves start far
 * above a stop criterion and end on it, so the left end is usually clear; the right end holds the
 * legend.
 *
 * @example
 * ```ts
 * // A curve falling from the top left to just above the line at the right end.
 * const place = placeGuideLabel({ x: 64, y: 72, width: 460, height: 260 }, 300, { width: 90, height: 12 }, [[[64, 80, 80], [524, 290, 290]]]);
 * // → { x: 68, y: 294.6, anchor: 'start', clear: true }
 * ```
 */
export function placeGuideLabel(
  plot: Box,
  lineY: number,
  label: { readonly width: number; readonly height: number },
  traces: readonly Trace[],
): GuideLabelPlace {
  const gap = 3;
  const inset = 4;
  const candidates = [
    { anchor: 'start', above: true },
    { anchor: 'start', above: false },
    { anchor: 'end', above: true },
    { anchor: 'end', above: false },
  ] as const;
  const places = candidates.map(({ anchor, above }) => {
    const x = anchor === 'start' ? plot.x + inset : plot.x + plot.width - inset;
    const top = above ? lineY - gap - label.height : lineY + gap;
    const box: Box = { x: anchor === 'start' ? x : x - label.width, y: top, width: label.width, height: label.height };
    // The baseline sits a fifth of the height above the box's bottom, where descenders go.
    return { x, y: top + label.height * 0.8, anchor, box };
  });
  const inside = (box: Box) => box.y >= plot.y && box.y + box.height <= plot.y + plot.height;
  const clear = places.find(({ box }) => inside(box) && !traces.some((trace) => covers(trace, box)));
  const chosen = clear ?? places.find(({ box }) => inside(box)) ?? (places[0] as (typeof places)[number]);
  return { x: chosen.x, y: chosen.y, anchor: chosen.anchor, clear: clear !== undefined };
}

/** Whether a trace passes through a box: its vertical extent over the box's columns meets the box's rows. */
export function covers(trace: Trace, box: Box): boolean {
  const left = box.x;
  const right = box.x + box.width;
  for (let index = 0; index < trace.length; index++) {
    const point = trace[index] as Trace[number];
    const next = trace[index + 1];
    if (next === undefined) {
      if (trace.length === 1 && point[0] >= left && point[0] <= right && meets(point[1], point[2], box)) return true;
      break;
    }
    const [x0, top0, bottom0] = point;
    const [x1, top1, bottom1] = next;
    if (Math.max(x0, x1) < left || Math.min(x0, x1) > right) continue;
    // A segment is straight, so its extent over the box's columns is at the clipped ends.
    const at = (x: number) => {
      const t = x1 === x0 ? 0 : (x - x0) / (x1 - x0);
      return [top0 + t * (top1 - top0), bottom0 + t * (bottom1 - bottom0)] as const;
    };
    const [topA, bottomA] = at(Math.max(Math.min(x0, x1), left));
    const [topB, bottomB] = at(Math.min(Math.max(x0, x1), right));
    if (meets(Math.min(topA, topB, bottomA, bottomB), Math.max(topA, topB, bottomA, bottomB), box)) return true;
  }
  return false;
}

function meets(low: number, high: number, box: Box): boolean {
  return high >= box.y && low <= box.y + box.height;
}
