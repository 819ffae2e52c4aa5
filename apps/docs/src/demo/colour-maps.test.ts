import { describe, expect, it } from 'vitest';
import { colourKeyGradient, divergingColour, sequentialColour } from './colour-maps.js';

describe('colour maps', () => {
  it('sequential: white at 0, dark blue at 1, monotone in between, clamped outside', () => {
    expect(sequentialColour(0)).toEqual([255, 255, 255]);
    expect(sequentialColour(1)).toEqual([8, 48, 107]);
    expect(sequentialColour(-3)).toEqual([255, 255, 255]);
    expect(sequentialColour(7)).toEqual([8, 48, 107]);
    expect(sequentialColour(Number.NaN)).toEqual([255, 0, 255]); // magenta: a NaN cannot pass for a small value
    const brightness = [0, 0.2, 0.4, 0.6, 0.8, 1].map((value) => sequentialColour(value).reduce((sum, channel) => sum + channel, 0));
    expect(brightness).toEqual([...brightness].sort((a, b) => b - a));
  });

  it('diverging: red at −1, white at 0, blue at +1 (the maps of ntm show)', () => {
    expect(divergingColour(-1)).toEqual([178, 24, 43]);
    expect(divergingColour(0)).toEqual([255, 255, 255]);
    expect(divergingColour(1)).toEqual([33, 102, 172]);
    expect(divergingColour(0.5)).toEqual([146, 197, 222]);
  });

  it('draws a key as a CSS gradient', () => {
    expect(colourKeyGradient(sequentialColour, 0, 1)).toMatch(/^linear-gradient\(to right, rgb\(255 255 255\), .*rgb\(8 48 107\)\)$/);
  });
});
