import type { Colour, ColourMapName } from './figure.js';

/** Stops of the sequential map: white at 0 through blues to a dark navy at 1 (like ColorBrewer "Blues"). */
const sequentialStops: readonly Colour[] = [
  [255, 255, 255],
  [198, 219, 239],
  [107, 174, 214],
  [33, 113, 181],
  [8, 48, 107],
];

/** Stops of the diverging map: red at −1, white at 0, blue at +1 (like ColorBrewer "RdBu"). */
const divergingStops: readonly Colour[] = [
  [178, 24, 43],
  [244, 165, 130],
  [255, 255, 255],
  [146, 197, 222],
  [33, 102, 172],
];

/**
 * The colour of a value: `sequential` maps 0…`scale` from white to dark blue, `diverging`
 * maps −`scale`…+`scale` from red through white to blue. Values outside are clamped; NaN is
 * drawn magenta, so that it cannot pass for a small value.
 *
 * @example
 * ```ts
 * colourOf(0, 'sequential');      // [255, 255, 255]
 * colourOf(1, 'sequential');      // [8, 48, 107]
 * colourOf(-2, 'diverging', 2);   // [178, 24, 43]
 * ```
 */
export function colourOf(value: number, map: ColourMapName, scale = 1): Colour {
  if (Number.isNaN(value)) return [255, 0, 255];
  const stops = map === 'sequential' ? sequentialStops : divergingStops;
  const unit = map === 'sequential' ? value / scale : (value / scale + 1) / 2; // 0…1 along the stops
  const position = Math.min(1, Math.max(0, unit)) * (stops.length - 1);
  const index = Math.min(stops.length - 2, Math.floor(position));
  const fraction = position - index;
  const from = stops[index] as Colour;
  const to = stops[index + 1] as Colour;
  return [0, 1, 2].map((channel) =>
    Math.round((from[channel] as number) + ((to[channel] as number) - (from[channel] as number)) * fraction),
  ) as unknown as Colour;
}

/**
 * `#rrggbb` for a colour.
 * @example hexColour([8, 48, 107]) // '#08306b'
 */
export function hexColour(colour: Colour): string {
  return `#${colour.map((channel) => channel.toString(16).padStart(2, '0')).join('')}`;
}
