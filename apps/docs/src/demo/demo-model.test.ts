import { readFileSync } from 'node:fs';
import { createTfjsBackend, type TfjsBackend } from '@ntm/backend-tfjs';
import { createModel, decodeCheckpoint, encodeCheckpoint, modelCheckpoint, modelOnly } from '@ntm/machine';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkpointSource, shippedCheckpoints } from '../../.vitepress/checkpoint-source.js';
import { copyBatch, parseSequence } from './copy-episode.js';
import { loadDemoModel, runDemoEpisode, sampleEpisode, scoreEpisode, thresholdedOutputs } from './demo-model.js';

/** The tasks whose shipped models meet their criterion. */
const LEARNED_TASKS = ['copy', 'repeat-copy', 'associative-recall'];

let backend: TfjsBackend;
beforeAll(async () => {
  backend = await createTfjsBackend('wasm');
});

describe('the demo’s model, in Node', () => {
  it('loads the copy checkpoint the site serves and copies a fixed sequence, with a full trace', () => {
    const demo = loadDemoModel(backend, new Uint8Array(readFileSync(checkpointSource())), 'copy.ntm');
    expect(demo).toMatchObject({ task: 'copy', trainedSize: 20 });
    const bits = demo.config.outputSize;
    const sequence = parseSequence(['10110010', '01101100', '11100001', '00111010', '10010111'].map((v) => v.slice(0, bits).padEnd(bits, '0')).join(','), bits);
    const episode = runDemoEpisode(demo, copyBatch(sequence, bits));
    expect(episode.steps).toBe(11);
    expect(episode.score).toMatchObject({ correct: true, bitErrors: 0, scoredBits: 5 * bits });
    expect(thresholdedOutputs(episode)).toEqual(sequence);
    expect(episode.trace.steps).toHaveLength(11);
    expect(episode.trace.steps[0]?.writeWeighting).toHaveLength(demo.config.memory.slots * demo.config.heads.writeHeads);
    expect(episode.trace.steps[10]?.memory).toHaveLength(demo.config.memory.slots * demo.config.memory.wordSize);
    const before = backend.numTensors();
    runDemoEpisode(demo, copyBatch(sequence, bits));
    expect(backend.numTensors()).toBe(before); // no tensor leaks per episode
    demo.model.dispose();
  });

  it.each(shippedCheckpoints().filter((shipped) => shipped.task !== 'copy'))(
    'runs the shipped $task checkpoint on an episode its task draws, at the trained size and beyond',
    ({ task, path }) => {
      const demo = loadDemoModel(backend, new Uint8Array(readFileSync(path)), `${task}.ntm`);
      expect(demo.task).toBe(task);
      const episode = runDemoEpisode(demo, sampleEpisode(demo, 1, null));
      expect(episode.inputSize).toBe(demo.config.inputSize);
      // The learned tasks' models get seed 1 right; the others (not yet at the paper's result) run and score.
      if (LEARNED_TASKS.includes(task)) expect(episode.score.correct).toBe(true);
      expect(Number.isFinite(episode.score.costBits)).toBe(true);
      if (demo.trainedSize !== null) {
        const larger = runDemoEpisode(demo, sampleEpisode(demo, 1, demo.trainedSize + 2));
        expect(larger.steps).toBeGreaterThan(0);
      }
      demo.model.dispose();
    },
  );

  it('reads the task of a model-only export from what it says it was trained on', () => {
    const [recall] = shippedCheckpoints().filter((shipped) => shipped.task === 'associative-recall');
    if (!recall) throw new Error('no shipped recall checkpoint');
    const shared = encodeCheckpoint(modelOnly(decodeCheckpoint(new Uint8Array(readFileSync(recall.path)))));
    const demo = loadDemoModel(backend, shared, 'recall-model.ntm');
    expect(demo.task).toBe('associative-recall');
    expect(runDemoEpisode(demo, sampleEpisode(demo, 1, null)).score.correct).toBe(true);
    demo.model.dispose();
  });

  it('draws the episode `ntm show` draws for a seed: the task’s own generator', () => {
    const demo = loadDemoModel(backend, new Uint8Array(readFileSync(checkpointSource())), 'copy.ntm');
    const a = sampleEpisode(demo, 4, 6);
    expect(a.shape.steps).toBe(13);
    expect(Array.from(sampleEpisode(demo, 4, 6).inputs)).toEqual(Array.from(a.inputs));
    expect(Array.from(sampleEpisode(demo, 5, 6).inputs)).not.toEqual(Array.from(a.inputs));
    demo.model.dispose();
  });

  it('refuses checkpoints the demo cannot run, saying why', () => {
    const lstm = createModel(backend, { kind: 'lstm', inputSize: 9, outputSize: 8, layerSizes: [4] });
    expect(() => loadDemoModel(backend, encodeCheckpoint(modelCheckpoint(lstm)), 'lstm.ntm')).toThrow(
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
    // A model-only checkpoint is taken as copy, whose channels this one's do not fit.
    expect(() => loadDemoModel(backend, encodeCheckpoint(modelCheckpoint(recall)), 'recall.ntm')).toThrow(
      /^recall\.ntm's model has inputSize 8 and outputSize 6; its task \(.*\) has 7 and 6$/,
    );
    const mislabelled = modelCheckpoint(recall, { metadata: { trainer: { config: { task: 'priority-sort' } } } });
    expect(() => loadDemoModel(backend, encodeCheckpoint(mislabelled), 'p.ntm')).toThrow(/^p\.ntm's model has inputSize 8 and outputSize 6; its task/);
    const unknown = modelCheckpoint(recall, { metadata: { trainer: { config: { task: 'sort' } } } });
    expect(() => loadDemoModel(backend, encodeCheckpoint(unknown), 's.ntm')).toThrow('s.ntm was trained on "sort"; the demo runs copy, repeat-copy,');
    recall.dispose();
  });
});

describe('scoreEpisode', () => {
  const sequence = [
    [1, 0],
    [0, 1],
  ];
  const batch = copyBatch(sequence, 2); // 5 steps × 2 bits, the last 2 scored
  it('counts wrong bits on the scored steps with the task’s metrics', () => {
    const perfect = Float32Array.from([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.9, 0.1, 0.2, 0.8]);
    expect(scoreEpisode(perfect, batch)).toMatchObject({ bitErrors: 0, correct: true, scoredBits: 4 });
    const oneWrong = Float32Array.from([0, 0, 0, 0, 0, 0, 0.9, 0.1, 0.7, 0.8]);
    const score = scoreEpisode(oneWrong, batch);
    expect(score.bitErrors).toBe(1);
    expect(score.correct).toBe(false);
    expect(score.costBits).toBeCloseTo(-(Math.log2(0.9) + Math.log2(0.9) + Math.log2(0.3) + Math.log2(0.8)), 5);
  });

  it('refuses outputs of the wrong size', () => {
    expect(() => scoreEpisode(new Float32Array(3), batch)).toThrow(/has 3 values, expected steps × outputs = 10/);
  });
});
