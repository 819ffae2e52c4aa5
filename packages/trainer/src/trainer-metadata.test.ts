import { createReferenceBackend } from '@ntm/backend-reference';
import { CheckpointError, type CheckpointContents } from '@ntm/machine';
import { describe, expect, it } from 'vitest';
import { checkTrainerMetadata, MAX_SEED, resolveTrainingConfig, Trainer } from './index.js';
import { tinyCopy } from './node/__fixtures__/tiny-copy.js';

const backend = createReferenceBackend();
const saved = (() => {
  const trainer = Trainer.create(backend, tinyCopy);
  const contents = trainer.checkpoint();
  trainer.dispose();
  return contents;
})();

/** The saved checkpoint with some of its trainer fields replaced (as an edit with a recomputed CRC would). */
function edited(fields: Record<string, unknown>, model: unknown = saved.model): CheckpointContents {
  return { ...saved, model, metadata: { trainer: { ...(saved.metadata['trainer'] as object), ...fields } } };
}

describe('checkTrainerMetadata', () => {
  it('passes what Trainer.checkpoint wrote, and a model alone as null', () => {
    expect(checkTrainerMetadata(saved)?.step).toBe(0);
    expect(checkTrainerMetadata({ ...saved, metadata: {} })).toBeNull();
  });

  it.each(['ntm-lstm', 'ntm-feed-forward', 'lstm'] as const)('passes the checkpoint of a %s run, its model given as a preset', (preset) => {
    const trainer = Trainer.create(backend, { task: 'copy', taskConfig: { bits: 4, maxLength: 2 }, model: { preset } });
    expect(checkTrainerMetadata(trainer.checkpoint())?.config.model).toEqual(trainer.config.model);
    trainer.dispose();
  });

  it.each([
    [{ step: -5 }, 'run.ntm: trainer.step is -5; expected an integer >= 0'],
    [{ step: 1.5 }, 'run.ntm: trainer.step is 1.5; expected an integer >= 0'],
    [{ sequencesSeen: '12' }, 'run.ntm: trainer.sequencesSeen is "12"; expected an integer >= 0'],
    [{ nanEvents: null }, 'run.ntm: trainer.nanEvents is null; expected an integer >= 0'],
    [{ wallSeconds: -1 }, 'run.ntm: trainer.wallSeconds is -1; expected a finite number >= 0'],
    [{ formatVersion: 2 }, 'run.ntm: trainer.formatVersion is 2; expected 1 (the version this @ntm/trainer reads)'],
    [{ optimizer: { kind: 'rmsprop', iterations: 0 } }, 'run.ntm: trainer.optimizer.kind is "rmsprop"; expected "adam", the config\'s optimiser'],
    [{ optimizer: { kind: 'adam', iterations: -1 } }, 'run.ntm: trainer.optimizer.iterations is -1; expected an integer >= 0'],
    [{ curriculum: 3 }, 'run.ntm: trainer.curriculum is 3; expected null or a curriculum state'],
  ])('refuses %j, naming the field, the value and what was expected', (fields, message) => {
    expect(() => checkTrainerMetadata(edited(fields), 'run.ntm')).toThrow(new CheckpointError(message));
    expect(() => Trainer.resume(backend, edited(fields), 'run.ntm')).toThrow(new CheckpointError(message));
  });

  it('reads a config saved before gradient shards as one shard per worker, the way it was trained', () => {
    const config = { ...(saved.metadata['trainer'] as { config: Record<string, unknown> }).config };
    delete config['gradientShards'];
    expect(checkTrainerMetadata(edited({ config: { ...config, workers: 1 } }))?.config.gradientShards).toBe(1);
    expect(checkTrainerMetadata(edited({ config: { ...config, workers: 2 } }))?.config.gradientShards).toBe(2);
    expect(checkTrainerMetadata(saved)?.config.gradientShards).toBe(2);
  });

  it('refuses a generator state, a config or a model that do not fit', () => {
    expect(() => checkTrainerMetadata(edited({ random: [0, 0, 0, 0] }), 'run.ntm')).toThrow(
      'run.ntm: trainer.random is [0,0,0,0]; expected a generator state (random state must not be all zero (xoshiro would emit only zeros))',
    );
    expect(() => checkTrainerMetadata(edited({ config: { task: 'copy', batchSize: 0 } }), 'run.ntm')).toThrow(
      'run.ntm: trainer.config is not a valid training config: batchSize must be a positive integer, got 0',
    );
    const otherModel = { ...(saved.model as object), memory: { slots: 9, wordSize: 6 } };
    expect(() => checkTrainerMetadata(edited({}, otherModel), 'run.ntm')).toThrow(
      /^run\.ntm: trainer\.config\.model describes another model than the checkpoint's/,
    );
  });
});

describe('seeds', () => {
  it('are 32-bit: a seed beyond 2³²−1 is refused rather than folded onto a smaller one', () => {
    expect(resolveTrainingConfig({ task: 'copy', seed: MAX_SEED }).seed).toBe(4294967295);
    expect(() => resolveTrainingConfig({ task: 'copy', seed: 2 ** 32 })).toThrow(
      'seed must be an integer from 0 to 4294967295 (seeds are 32-bit), got 4294967296',
    );
    expect(() => resolveTrainingConfig({ task: 'copy', evaluation: { seed: 2 ** 40 } })).toThrow(/^evaluation\.seed must be an integer from 0 to 4294967295/);
  });
});
