/**
 * Colour maps for the heat maps: value → RGB. Sequential for values in [0, 1] (bits,
 * probabilities, weightings); diverging for signed values in [−1, 1] (memory, add and read
 * vectors, which tanh keeps in that range).
 */

/** An RGB colour, each channel 0–255. */
export type Rgb = readonly [number, number, number];

/** Maps a value to a colour. */
export type ColourMap = (value: number) => Rgb;

const sequentialStops: readonly Rgb[] = [
  [255, 255, 255],
  [198, 219, 239],
  [107, 174, 214],
  [33, 113, 181],
  [8, 48, 107],
];

const divergingStops: readonly Rgb[] = [
  [178, 24, 43],
  [239, 138, 98],
  [247, 247, 247],
  [103, 169, 207],
  [33, 102, 172],
];

function interpolate(stops: readonly Rgb[], position: number): Rgb {
  const clamped = Number.isFinite(position) ? Math.min(Math.max(position, 0), 1) : 0;
  const scaled = clamped * (stops.length - 1);
  const index = Math.min(Math.floor(scaled), stops.length - 2);
  const fraction = scaled - index;
  const from = stops[index] as Rgb;
  const to = stops[index + 1] as Rgb;
  return [0, 1, 2].map((channel) => Math.round((from[channel] as number) + ((to[channel] as number) - (from[channel] as number)) * fraction)) as unknown as Rgb;
}

/**
 * White at 0 to dark blue at 1; values outside are clamped.
 * @example sequentialColour(0) // [255, 255, 255]
 */
export const sequentialColour: ColourMap = (value) => interpolate(sequentialStops, value);

/**
 * Red at −1, near-white at 0, blue at +1; values outside are clamped.
 * @example divergingColour(1) // [33, 102, 172]
 */
export const divergingColour: ColourMap = (value) => interpolate(divergingStops, (value + 1) / 2);

/**
 * A CSS gradient showing a colour map from `from` to `to`, for the colour keys.
 * @example colourKeyGradient(sequentialColour, 0, 1) // 'linear-gradient(to right, rgb(255 255 255), …)'
 */
export function colourKeyGradient(map: ColourMap, from: number, to: number): string {
  const samples = Array.from({ length: 9 }, (_, index) => map(from + ((to - from) * index) / 8));
  return `linear-gradient(to right, ${samples.map(([r, g, b]) => `rgb(${r} ${g} ${b})`).join(', ')})`;
}
