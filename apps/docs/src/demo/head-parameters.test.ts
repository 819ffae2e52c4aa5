import type { EpisodeTrace, StepTrace } from '@ntm/machine';
import { describe, expect, it } from 'vitest';
import { headReadouts } from './head-parameters.js';

const sizes = { slots: 4, wordSize: 3, readHeads: 1, writeHeads: 1 };

/** A synthetic trace: step t focuses the write head on slot t mod 4, the read head on slot 3 − t mod 4. */
function step(t: number): StepTrace {
  const oneHot = (slot: number) => Float32Array.from([0, 1, 2, 3], (index) => (index === slot ? 1 : 0));
  const parameters = {
    key: new Float32Array(3),
    keyStrength: Float32Array.of(t + 0.5),
    interpolationGate: Float32Array.of(0.25),
    shiftWeighting: Float32Array.of(0.1, 0.2, 0.7),
    sharpening: Float32Array.of(2),
  };
  return {
    input: new Float32Array(3),
    output: new Float32Array(2),
    writeWeighting: oneHot(t % 4),
    readWeighting: oneHot(3 - (t % 4)),
    writeHeads: { ...parameters, erase: new Float32Array(3), add: new Float32Array(3) },
    readHeads: parameters,
  };
}
const trace: EpisodeTrace = { batchSize: 1, inputSize: 3, outputSize: 2, slots: 4, wordSize: 3, readHeads: 1, writeHeads: 1, steps: [0, 1, 2, 3, 4].map(step) };

describe('headReadouts', () => {
  it('reads each head’s β, g, s, γ and focus at a step, write heads first', () => {
    const parameters = {
      keyStrength: 2.5,
      interpolationGate: 0.25,
      shiftWeighting: [expect.closeTo(0.1, 6), expect.closeTo(0.2, 6), expect.closeTo(0.7, 6)],
      sharpening: 2,
      focusWeight: 1,
    };
    expect(headReadouts(trace, 2, sizes)).toEqual([
      { label: 'write', ...parameters, focusSlot: 2 },
      { label: 'read', ...parameters, focusSlot: 1 },
    ]);
    expect(headReadouts(trace, 9, sizes)).toEqual([]);
  });
});
