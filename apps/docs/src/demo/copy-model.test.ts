import { readFileSync } from 'node:fs';
import { createTfjsBackend, type TfjsBackend } from '@ntm/backend-tfjs';
import { createModel, encodeCheckpoint, modelCheckpoint } from '@ntm/machine';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkpointSource } from '../../build/checkpoint-source.js';
import { parseSequence } from './copy-episode.js';
import { loadCopyModel, runCopyEpisode } from './copy-model.js';

let backend: TfjsBackend;
beforeAll(async () => {
  backend = await createTfjsBackend('wasm');
});

describe('the demo’s model, in Node', () => {
  it('loads the copy checkpoint the site serves and copies a fixed sequence, with a full trace', () => {
    const copy = loadCopyModel(backend, new Uint8Array(readFileSync(checkpointSource())), 'copy.ntm');
    expect(copy.config.kind).toBe('ntm');
    expect(copy.bits).toBe(copy.config.outputSize);
    const sequence = parseSequence(
      ['10110010', '01101100', '11100001', '00111010', '10010111'].map((v) => v.slice(0, copy.bits).padEnd(copy.bits, '0')).join(','),
      copy.bits,
    );
    const episode = runCopyEpisode(copy, sequence);
    expect(episode.steps).toBe(11);
    expect(episode.score.correct).toBe(true);
    expect(episode.score.recalled).toEqual(sequence);
    expect(episode.trace.steps).toHaveLength(11);
    expect(episode.trace.steps[0]?.writeWeighting).toHaveLength(copy.config.memory.slots * copy.config.heads.writeHeads);
    expect(episode.trace.steps[10]?.memory).toHaveLength(copy.config.memory.slots * copy.config.memory.wordSize);
    const before = backend.numTensors();
    runCopyEpisode(copy, sequence);
    expect(backend.numTensors()).toBe(before); // no tensor leaks per episode
    copy.model.dispose();
  });

  it('refuses checkpoints that are not a copy NTM, saying why', () => {
    const lstm = createModel(backend, { kind: 'lstm', inputSize: 9, outputSize: 8, layerSizes: [4] });
    expect(() => loadCopyModel(backend, encodeCheckpoint(modelCheckpoint(lstm)), 'lstm.ntm')).toThrow(
      'lstm.ntm holds a model of kind "lstm"; the demo shows an NTM (kind "ntm")',
    );
    lstm.dispose();
    const recall = createModel(backend, {
      kind: 'ntm',
      inputSize: 8,
      outputSize: 6,
      memory: { slots: 8, wordSize: 4 },
      controller: { kind: 'lstm', layerSizes: [4] },
    });
    expect(() => loadCopyModel(backend, encodeCheckpoint(modelCheckpoint(recall)), 'recall.ntm')).toThrow(
      /recall\.ntm's model has inputSize 8 and outputSize 6; a copy model has one input more than outputs/,
    );
    const trained = modelCheckpoint(recall, { metadata: { trainer: { config: { task: 'associative-recall' } } } });
    expect(() => loadCopyModel(backend, encodeCheckpoint(trained), 'r.ntm')).toThrow('r.ntm was trained on associative-recall; the demo runs the copy task');
    recall.dispose();
  });
});
