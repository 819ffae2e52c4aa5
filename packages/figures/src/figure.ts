/**
 * A picture as a list of simple items, in pixels, that the SVG writer draws (and a PNG is that
 * SVG rasterised): so `ntm show` and `ntm plot` lay a picture out once and get both formats,
 * and the docs app can reuse the layouts. Pure data, no I/O.
 */

/** An sRGB colour, each channel 0…255. */
export type Colour = readonly [red: number, green: number, blue: number];

/** How a heat map turns values into colours (see `colour-maps.ts`). */
export type ColourMapName = 'sequential' | 'diverging';

/**
 * A grid of cells coloured by value: `values[row * columns + column]`, row 0 at the top.
 * `sequential` maps 0…1 (probabilities, weightings); `diverging` maps −`scale`…+`scale`.
 */
export interface HeatMapItem {
  readonly kind: 'heatmap';
  /** Names the heat map in the SVG (`data-label`), for readers and tests. */
  readonly label: string;
  readonly x: number;
  readonly y: number;
  readonly cellWidth: number;
  readonly cellHeight: number;
  readonly rows: number;
  readonly columns: number;
  readonly values: ArrayLike<number>;
  readonly colourMap: ColourMapName;
  /** The value drawn at full colour (default 1). */
  readonly scale?: number;
}

/** A rectangle: filled, outlined, or both. */
export interface RectangleItem {
  readonly kind: 'rectangle';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly fill?: Colour;
  readonly stroke?: Colour;
}

/** A line through points; `dashed` for guides such as a threshold. */
export interface PolylineItem {
  readonly kind: 'polyline';
  readonly points: readonly (readonly [x: number, y: number])[];
  readonly stroke: Colour;
  readonly strokeWidth: number;
  readonly dashed?: boolean;
}

/** A filled polygon, without outline (a band between two curves). */
export interface PolygonItem {
  readonly kind: 'polygon';
  readonly points: readonly (readonly [x: number, y: number])[];
  readonly fill: Colour;
}

/** A line of text; `y` is its baseline. `vertical` text reads bottom to top (a y-axis title). */
export interface TextItem {
  readonly kind: 'text';
  readonly x: number;
  readonly y: number;
  readonly text: string;
  /** Font size in pixels. */
  readonly size: number;
  readonly anchor: 'start' | 'middle' | 'end';
  readonly fill: Colour;
  readonly vertical?: boolean;
  readonly bold?: boolean;
}

/** Anything a figure holds. */
export type FigureItem = HeatMapItem | RectangleItem | PolylineItem | PolygonItem | TextItem;

/** A whole picture: its size in pixels, background and items, drawn in order. */
export interface Figure {
  readonly width: number;
  readonly height: number;
  readonly background: Colour;
  readonly items: readonly FigureItem[];
}

/**
 * The colours the layouts share.
 * @example items.push({ kind: 'text', x, y, text: 'time step', size: 12, anchor: 'middle', fill: COLOURS.mutedText });
 */
export const COLOURS = {
  background: [255, 255, 255],
  text: [33, 37, 41],
  mutedText: [108, 117, 125],
  frame: [173, 181, 189],
  grid: [233, 236, 239],
  // The ten of matplotlib's "tab10", in its order: a sweep may draw as many configurations.
  series: [
    [31, 119, 180],
    [255, 127, 14],
    [44, 160, 44],
    [214, 39, 40],
    [148, 103, 189],
    [140, 86, 75],
    [227, 119, 194],
    [127, 127, 127],
    [188, 189, 34],
    [23, 190, 207],
  ],
} as const satisfies Record<string, Colour | readonly Colour[]>;

/**
 * A colour mixed with white: `amount` 0 is the colour, 1 is white (a band's pale fill, so
 * that the figure needs no transparency).
 * @example tint([31, 119, 180], 0.75) // [199, 221, 237]
 */
export function tint(colour: Colour, amount: number): Colour {
  return colour.map((channel) => Math.round(channel + (255 - channel) * amount)) as unknown as Colour;
}

/**
 * The width of a text in pixels, estimated (≈ 0.6 em per character, which matches DejaVu Sans,
 * the figures' font, and common sans-serif fonts closely enough to lay out labels).
 *
 * @example textWidth('write weighting', 12) // 108
 */
export function textWidth(text: string, size: number): number {
  return Math.ceil(text.length * size * 0.6);
}
