/**
 * The colour keys under the demo's heat maps, as CSS gradients drawn with the very maps of
 * `ntm show`'s figures (`colourOf` of `@ntm/figures`), so a key reads the same as the panel above it.
 */
import { colourOf, type ColourMapName } from '@ntm/figures';

/**
 * A CSS gradient showing a colour map over its range: 0…`scale` for the sequential map,
 * −`scale`…+`scale` for the diverging one.
 *
 * @example colourKeyGradient('sequential', 1) // 'linear-gradient(to right, rgb(255 255 255), …, rgb(8 48 107))'
 */
export function colourKeyGradient(colourMap: ColourMapName, scale: number): string {
  const [from, to] = colourKeyRange(colourMap, scale);
  const samples = Array.from({ length: 9 }, (_, index) => colourOf(from + ((to - from) * index) / 8, colourMap, scale));
  return `linear-gradient(to right, ${samples.map(([r, g, b]) => `rgb(${r} ${g} ${b})`).join(', ')})`;
}

/**
 * The values at the two ends of a key.
 * @example colourKeyRange('diverging', 2.5) // [-2.5, 2.5]
 */
export function colourKeyRange(colourMap: ColourMapName, scale: number): readonly [number, number] {
  return colourMap === 'sequential' ? [0, scale] : [-scale, scale];
}
