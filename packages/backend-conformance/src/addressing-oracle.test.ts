import { describe, expect, it } from 'vitest';
import { addressWithLoops, readMemoryWithLoops, writeMemoryWithLoops, type AddressingValues } from './addressing-oracle.js';
import { expectClose } from './tolerance.js';

const noEpsilon = { similarity: 0, sharpening: 0 };

/** One batch row, one head, N = 4 slots of width 2, with every step controllable. */
function oneHead(overrides: Partial<AddressingValues>): AddressingValues {
  return {
    memory: { values: [1, 0, 0, 1, 1, 1, -1, 0], shape: [1, 4, 2] },
    key: { values: [1, 0], shape: [1, 1, 2] },
    keyStrength: { values: [1], shape: [1, 1] },
    interpolationGate: { values: [0], shape: [1, 1] },
    shiftWeighting: { values: [0, 1, 0], shape: [1, 1, 3] },
    sharpening: { values: [1], shape: [1, 1] },
    previousWeighting: { values: [1, 0, 0, 0], shape: [1, 1, 4] },
    ...overrides,
  };
}

describe('addressWithLoops', () => {
  it('with g = 0 and no shift, returns the previous weighting', () => {
    expect(Array.from(addressWithLoops(oneHead({}), noEpsilon).values)).toEqual([1, 0, 0, 0]);
  });

  it('shifts circularly: s over −1, 0, +1', () => {
    const forward = addressWithLoops(oneHead({ shiftWeighting: { values: [0, 0, 1], shape: [1, 1, 3] } }), noEpsilon);
    expect(Array.from(forward.values)).toEqual([0, 1, 0, 0]);
    const backward = addressWithLoops(oneHead({ shiftWeighting: { values: [1, 0, 0], shape: [1, 1, 3] } }), noEpsilon);
    expect(Array.from(backward.values)).toEqual([0, 0, 0, 1]);
    const spread = addressWithLoops(oneHead({ shiftWeighting: { values: [0.25, 0.5, 0.25], shape: [1, 1, 3] } }), noEpsilon);
    expect(Array.from(spread.values)).toEqual([0.5, 0.25, 0, 0.25]);
  });

  it('content addressing: softmax of β · cosine similarity, then sharpening', () => {
    // Two slots e0 and e1, key e0: similarities [1, 0]; β = ln 3 gives weights [3/4, 1/4].
    const content: Partial<AddressingValues> = {
      memory: { values: [1, 0, 0, 1], shape: [1, 2, 2] },
      keyStrength: { values: [Math.log(3)], shape: [1, 1] },
      interpolationGate: { values: [1], shape: [1, 1] },
      previousWeighting: { values: [0.5, 0.5], shape: [1, 1, 2] },
    };
    expectClose(addressWithLoops(oneHead(content), noEpsilon).values, [0.75, 0.25], 1e-12, 'content');
    // γ = 2: [9/16, 1/16] renormalised to [0.9, 0.1].
    const sharpened = addressWithLoops(oneHead({ ...content, sharpening: { values: [2], shape: [1, 1] } }), noEpsilon);
    expectClose(sharpened.values, [0.9, 0.1], 1e-12, 'sharpened');
    expect(sharpened.shape).toEqual([1, 1, 2]);
  });

  it('interpolates content and previous weightings by g', () => {
    const halfway = addressWithLoops(
      oneHead({
        memory: { values: [1, 0, 0, 1], shape: [1, 2, 2] },
        keyStrength: { values: [Math.log(3)], shape: [1, 1] },
        interpolationGate: { values: [0.5], shape: [1, 1] },
        previousWeighting: { values: [0, 1], shape: [1, 1, 2] },
      }),
      noEpsilon,
    );
    expectClose(halfway.values, [0.375, 0.625], 1e-12, 'g = 0.5');
  });

  it('refuses mismatched shapes and an even shift width', () => {
    expect(() => addressWithLoops(oneHead({ key: { values: [1, 0, 0], shape: [1, 1, 3] } }), noEpsilon)).toThrow(
      'addressWithLoops: key has shape [1, 1, 3] but expected [batch, heads, wordSize] = [1, 1, 2]',
    );
    expect(() => addressWithLoops(oneHead({ shiftWeighting: { values: [0.5, 0.5], shape: [1, 1, 2] } }), noEpsilon)).toThrow(
      'shiftWeighting must have an odd width 2n + 1, got 2',
    );
  });
});

describe('readMemoryWithLoops and writeMemoryWithLoops', () => {
  it('reads the weighted sum of the slots', () => {
    const read = readMemoryWithLoops({ values: [1, 2, 3, 4], shape: [1, 2, 2] }, { values: [0.5, 0.5, 1, 0], shape: [1, 2, 2] });
    expect(read).toEqual({ values: Float64Array.of(2, 3, 1, 2), shape: [1, 2, 2] });
  });

  it('multiplies the erasures of all heads and sums their additions', () => {
    // Slot 0: 1 · (1 − 1·0.5) · (1 − 0.5·1) + (1·2 + 0.5·4) = 4.25; slot 1: 1 · 1 · 0.5 + 0.5·4 = 2.5.
    const written = writeMemoryWithLoops(
      { values: [1, 1], shape: [1, 2, 1] },
      { values: [1, 0, 0.5, 0.5], shape: [1, 2, 2] },
      { values: [0.5, 1], shape: [1, 2, 1] },
      { values: [2, 4], shape: [1, 2, 1] },
    );
    expect(written).toEqual({ values: Float64Array.of(4.25, 2.5), shape: [1, 2, 1] });
  });
});
