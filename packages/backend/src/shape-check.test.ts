import { describe, expect, it } from 'vitest';
import { ShapeChecker, ShapeError } from './shape-check.js';

describe('ShapeChecker', () => {
  it('binds named dimensions on first sight and checks them after', () => {
    const shapes = new ShapeChecker('readMemory').check('memory', [2, 128, 20], ['batch', 'slots', 'wordSize']);
    expect(shapes.size('slots')).toBe(128);
    expect(() => shapes.check('weighting', [2, 1, 64], ['batch', 'heads', 'slots'])).toThrow(
      'readMemory: weighting has shape [2, 1, 64] but expected [batch, heads, slots] = [2, 1, 128] (batch = 2 from memory; slots = 128 from memory)',
    );
  });

  it('reports a wrong rank and a missing tensor', () => {
    const shapes = new ShapeChecker('f');
    expect(() => shapes.check('x', [3], ['rows', 'columns'])).toThrow('f: x has rank 1 (shape [3]) but expected rank 2: [rows, columns]');
    expect(() => shapes.check('y', undefined, ['rows'])).toThrow('f: y must be a tensor, got undefined');
    expect(() => shapes.check('z', [4], [5])).toThrow(ShapeError);
  });

  it('accepts dimensions bound up front', () => {
    const shapes = new ShapeChecker('g').bind('slots', 8, 'the config');
    expect(() => shapes.check('w', [1, 9], ['heads', 'slots'])).toThrow('(slots = 8 from the config)');
    expect(() => shapes.size('nope')).toThrow('dimension "nope" was never bound');
  });
});
