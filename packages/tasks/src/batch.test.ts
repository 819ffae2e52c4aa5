import { describe, expect, it } from 'vitest';
import { BatchBuilder, episodeOf } from './batch.js';

describe('BatchBuilder and episodeOf', () => {
  it('writes time-major [T, B, channels] and pads to the longest episode', () => {
    const builder = new BatchBuilder('test', [2, 3], 2, 1);
    builder.setInputs(0, 0, [1, 2]);
    builder.setInput(2, 1, 1, 7);
    builder.setTargets(1, 1, [5]);
    builder.score(1, 1);
    const batch = builder.build();
    expect(batch.shape).toEqual({ steps: 3, batchSize: 2, inputSize: 2, outputSize: 1 });
    // inputs[(t · B + b) · 2 + c]
    expect(Array.from(batch.inputs)).toEqual([1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7]);
    expect(Array.from(batch.targets)).toEqual([0, 0, 0, 5, 0, 0]);
    expect(Array.from(batch.mask)).toEqual([0, 0, 0, 1, 0, 0]);
    expect(episodeOf(batch, 0)).toEqual({
      inputs: [
        [1, 2],
        [0, 0],
      ],
      targets: [[0], [0]],
      mask: [0, 0],
    });
    expect(episodeOf(batch, 1).inputs).toEqual([
      [0, 0],
      [0, 0],
      [0, 7],
    ]);
  });

  it('refuses writes past an episode or a channel, and episodes that do not exist', () => {
    const builder = new BatchBuilder('test', [2, 3], 2, 1);
    expect(() => builder.setInput(2, 0, 0, 1)).toThrow('test: index out of range (step 2, episode 0, channel 0)');
    expect(() => builder.setTarget(0, 0, 1, 1)).toThrow('index out of range (step 0, episode 0, channel 1)');
    expect(() => builder.score(0, 2)).toThrow('index out of range (step 0, episode 2, channel 0)');
    expect(() => episodeOf(builder.build(), 2)).toThrow('episodeOf: index must be an integer in 0..1, got 2');
  });
});
