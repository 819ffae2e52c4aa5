import { describe, expect, it } from 'vitest';
import { colourKeyGradient, colourKeyRange } from './colour-key.js';

describe('colour keys', () => {
  it('spans 0…scale for the sequential map and ±scale for the diverging one', () => {
    expect(colourKeyRange('sequential', 1)).toEqual([0, 1]);
    expect(colourKeyRange('diverging', 2.5)).toEqual([-2.5, 2.5]);
  });

  it("draws a key as a CSS gradient in the figures' colours (the maps of ntm show)", () => {
    expect(colourKeyGradient('sequential', 1)).toMatch(/^linear-gradient\(to right, rgb\(255 255 255\), .*rgb\(8 48 107\)\)$/);
    expect(colourKeyGradient('diverging', 3)).toMatch(/^linear-gradient\(to right, rgb\(178 24 43\), .*rgb\(255 255 255\), .*rgb\(33 102 172\)\)$/);
  });
});
