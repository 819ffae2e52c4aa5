/**
 * The demo's colour maps, value → RGB, as functions for the canvas heat maps: the very maps of
 * `ntm show`'s figures (`colourOf` of `@ntm/figures`), so a picture of an episode looks the same
 * in a terminal's PNG and in this page. Sequential for values in [0, 1] (bits, probabilities,
 * weightings); diverging for signed values in [−1, 1] (memory, add and read vectors).
 */
import { colourOf, type Colour } from '@ntm/figures';

/** An RGB colour, each channel 0–255. */
export type Rgb = Colour;

/** Maps a value to a colour. */
export type ColourMap = (value: number) => Rgb;

/**
 * White at 0 to dark blue at 1; values outside are clamped, NaN is magenta.
 * @example sequentialColour(0) // [255, 255, 255]
 */
export const sequentialColour: ColourMap = (value) => colourOf(value, 'sequential');

/**
 * Red at −1, white at 0, blue at +1; values outside are clamped, NaN is magenta.
 * @example divergingColour(1) // [33, 102, 172]
 */
export const divergingColour: ColourMap = (value) => colourOf(value, 'diverging');

/**
 * A CSS gradient showing a colour map from `from` to `to`, for the colour keys.
 * @example colourKeyGradient(sequentialColour, 0, 1) // 'linear-gradient(to right, rgb(255 255 255), …)'
 */
export function colourKeyGradient(map: ColourMap, from: number, to: number): string {
  const samples = Array.from({ length: 9 }, (_, index) => map(from + ((to - from) * index) / 8));
  return `linear-gradient(to right, ${samples.map(([r, g, b]) => `rgb(${r} ${g} ${b})`).join(', ')})`;
}
