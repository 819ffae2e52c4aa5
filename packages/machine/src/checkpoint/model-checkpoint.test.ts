import { createReferenceBackend } from '@ntm/backend-reference';
import { describe, expect, it } from 'vitest';
import { withConsistentEdit } from '../__fixtures__/safetensors-bytes.js';
import { configMatrix, parameterValues, randomInputs, roundParametersToFloat32, runLogits, tinyNtm } from '../__fixtures__/models.js';
import type { ModelConfig } from '../config.js';
import { createModel } from '../create-model.js';
import { CheckpointError, type CheckpointContents } from './contents.js';
import { decodeCheckpoint, encodeCheckpoint } from './format.js';
import { loadModel, modelCheckpoint, modelOnly } from './model-checkpoint.js';

/** The CheckpointError a load throws (fails the test if it loads). */
function loadError(contents: CheckpointContents): string {
  const backend = createReferenceBackend();
  try {
    loadModel(backend, contents, 'run.ntm');
  } catch (error) {
    expect(error).toBeInstanceOf(CheckpointError);
    // A failed load frees the model it started to build.
    expect(backend.numTensors()).toBe(0);
    return (error as Error).message;
  }
  throw new Error('loadModel accepted the checkpoint');
}

describe('modelCheckpoint', () => {
  it('holds the resolved config, every parameter by path (frozen ones too) and the extras', () => {
    const backend = createReferenceBackend();
    const config: ModelConfig = { ...tinyNtm, memory: { slots: 6, wordSize: 3, initialization: 'random' } };
    const model = createModel(backend, config, { seed: 3 });
    const extra = { name: 'optimizer/step-scale', shape: [1], values: Float32Array.from([0.5]) };
    const contents = modelCheckpoint(model, { extraTensors: [extra], metadata: { step: 10 } });
    expect(contents.model).toEqual(model.config);
    expect(contents.metadata).toEqual({ step: 10 });
    expect(contents.tensors.map((tensor) => tensor.name)).toEqual([...model.parameters.list().map(({ path }) => `parameters/${path}`), 'optimizer/step-scale']);
    expect(contents.tensors.map((tensor) => tensor.name)).toContain('parameters/memory/random');
    const values = parameterValues(model);
    for (const tensor of contents.tensors.slice(0, -1)) {
      const path = tensor.name.slice('parameters/'.length);
      expect(tensor.shape).toEqual(model.parameters.get(path)?.variable.shape);
      expect(Array.from(tensor.values)).toEqual(Array.from(values.get(path) ?? [], Math.fround));
    }
  });
});

describe('loadModel', () => {
  for (const [name, config] of configMatrix) {
    it(`save → encode → decode → load gives the same weights and identical outputs: ${name}`, () => {
      const backend = createReferenceBackend();
      const original = createModel(backend, config, { seed: 11 });
      // float64 weights rounded to float32 first, so the (float32) file loses nothing.
      roundParametersToFloat32(original);
      const loaded = loadModel(backend, decodeCheckpoint(encodeCheckpoint(modelCheckpoint(original))));
      expect(loaded.config).toEqual(original.config);
      expect(parameterValues(loaded)).toEqual(parameterValues(original));
      expect(loaded.parameters.trainable().map(({ path }) => path)).toEqual(original.parameters.trainable().map(({ path }) => path));
      const inputs = randomInputs(backend, 5, 4, 2, config.inputSize);
      expect(runLogits(loaded, inputs)).toEqual(runLogits(original, inputs));
    });
  }

  it('restores a random memory initialisation drawn from another seed, and keeps it frozen', () => {
    const backend = createReferenceBackend();
    const config: ModelConfig = { ...tinyNtm, memory: { slots: 6, wordSize: 3, initialization: 'random' } };
    const original = createModel(backend, config, { seed: 7 });
    roundParametersToFloat32(original);
    // loadModel builds with the default seed, whose random memory differs: the checkpoint must win.
    const fresh = createModel(backend, config);
    expect(parameterValues(fresh).get('memory/random')).not.toEqual(parameterValues(original).get('memory/random'));
    const loaded = loadModel(backend, decodeCheckpoint(encodeCheckpoint(modelCheckpoint(original))));
    expect(parameterValues(loaded).get('memory/random')).toEqual(parameterValues(original).get('memory/random'));
    expect(loaded.parameters.get('memory/random')?.trainable).toBe(false);
    const inputs = randomInputs(backend, 2, 3, 1, config.inputSize);
    expect(runLogits(loaded, inputs)).toEqual(runLogits(original, inputs));
  });

  it('ignores tensors outside parameters/ (a trainer’s optimiser state)', () => {
    const backend = createReferenceBackend();
    const contents = modelCheckpoint(createModel(backend, tinyNtm), {
      extraTensors: [{ name: 'optimizer/velocity/output/bias', shape: [2], values: new Float32Array(2) }],
    });
    expect(() => loadModel(backend, contents)).not.toThrow();
  });

  it('rejects a checkpoint of another model (a shape mismatch), naming the parameter and both shapes', () => {
    const bytes = encodeCheckpoint(modelCheckpoint(createModel(createReferenceBackend(), tinyNtm)));
    // The file's metadata now claims a 7-slot memory (with a CRC to match); its tensors are still the 6-slot model's.
    const edited = withConsistentEdit(bytes, (header) => {
      const model = JSON.parse(header.__metadata__['model'] as string);
      model.memory.slots = 7;
      header.__metadata__['model'] = JSON.stringify(model);
    });
    expect(loadError(decodeCheckpoint(edited))).toMatch(/run\.ntm: parameter initial\/read-weighting has shape \[1, 6\] but the model expects \[1, 7\]/);
  });

  it('rejects a checkpoint missing a parameter of its model', () => {
    const contents = modelCheckpoint(createModel(createReferenceBackend(), tinyNtm));
    const missing = { ...contents, tensors: contents.tensors.filter((tensor) => tensor.name !== 'parameters/output/bias') };
    expect(loadError(missing)).toMatch(/run\.ntm has no values for parameter output\/bias of its model/);
  });

  it('rejects a checkpoint with parameters its model does not have', () => {
    const contents = modelCheckpoint(createModel(createReferenceBackend(), tinyNtm));
    const extra = { ...contents, tensors: [...contents.tensors, { name: 'parameters/memory/bias', shape: [6, 3], values: new Float32Array(18) }] };
    expect(loadError(extra)).toMatch(/run\.ntm has parameters its model does not: memory\/bias/);
  });

  it('rejects an invalid model config, with the config error', () => {
    const contents = modelCheckpoint(createModel(createReferenceBackend(), tinyNtm));
    expect(loadError({ ...contents, model: { ...tinyNtm, memory: { slots: 0 } } })).toMatch(
      /run\.ntm holds an invalid model config: memory\.slots must be a positive integer, got 0/,
    );
    expect(loadError({ ...contents, model: null })).toMatch(/holds an invalid model config: model must be an object, got null/);
  });
});

describe('modelOnly', () => {
  it('keeps the config and the parameters, drops the optimiser and the trainer, and says what the weights were trained on', () => {
    const contents = modelCheckpoint(createModel(createReferenceBackend(), tinyNtm), {
      extraTensors: [{ name: 'optimizer/adam/m', shape: [1], values: new Float32Array(1) }],
      metadata: { trainer: { step: 40, sequencesSeen: 320, config: { task: 'copy', taskConfig: { bits: 4 }, seed: 3, batchSize: 8 }, random: [1, 2] } },
    });
    const shared = modelOnly(contents);
    expect(shared.model).toEqual(contents.model);
    expect(shared.tensors.map((tensor) => tensor.name)).toEqual(
      contents.tensors.filter((tensor) => tensor.name.startsWith('parameters/')).map((tensor) => tensor.name),
    );
    expect(shared.metadata).toEqual({ trainedOn: { task: 'copy', taskConfig: { bits: 4 }, seed: 3, step: 40, sequencesSeen: 320 } });
    // It loads as the same model, and exporting it again changes nothing.
    expect(() => loadModel(createReferenceBackend(), decodeCheckpoint(encodeCheckpoint(shared)))).not.toThrow();
    expect(modelOnly(shared)).toEqual(shared);
  });
});
