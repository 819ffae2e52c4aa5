import { describe, expect, it } from 'vitest';
import { colourOf, hexColour } from './colour-maps.js';

describe('colourOf', () => {
  it('maps 0 → white and 1 → dark blue on the sequential map, clamping outside', () => {
    expect(colourOf(0, 'sequential')).toEqual([255, 255, 255]);
    expect(colourOf(1, 'sequential')).toEqual([8, 48, 107]);
    expect(colourOf(-3, 'sequential')).toEqual([255, 255, 255]);
    expect(colourOf(7, 'sequential')).toEqual([8, 48, 107]);
    expect(colourOf(0.5, 'sequential', 0.5)).toEqual([8, 48, 107]);
  });

  it('darkens monotonically with the value', () => {
    const brightness = (value: number) => colourOf(value, 'sequential').reduce((sum, channel) => sum + channel, 0);
    for (let value = 0; value < 1; value += 0.05) expect(brightness(value + 0.05)).toBeLessThan(brightness(value));
  });

  it('maps −scale → red, 0 → white, +scale → blue on the diverging map', () => {
    expect(colourOf(-2, 'diverging', 2)).toEqual([178, 24, 43]);
    expect(colourOf(0, 'diverging', 2)).toEqual([255, 255, 255]);
    expect(colourOf(2, 'diverging', 2)).toEqual([33, 102, 172]);
  });

  it('draws NaN magenta, never as a small value', () => {
    expect(colourOf(Number.NaN, 'sequential')).toEqual([255, 0, 255]);
    expect(hexColour([8, 48, 107])).toBe('#08306b');
  });
});
