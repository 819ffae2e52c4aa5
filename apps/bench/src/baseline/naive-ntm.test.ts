import * as tf from '@tensorflow/tfjs-core';
import { createTfjsBackend, type TfjsBackend } from '@ntm/backend-tfjs';
import { createModel, modelParameterCount, paperPreset, type SequenceModel } from '@ntm/machine';
import { Random } from '@ntm/random';
import { batchToTensors, createCopyTask } from '@ntm/tasks';
import { beforeAll, describe, expect, it } from 'vitest';
import { NaiveNtm } from './naive-ntm.js';
import { NaiveTrainer } from './naive-training.js';

const copy = createCopyTask();
const copyModel = paperPreset('copy', 'ntm-lstm', copy).model;

let libraryBackend: TfjsBackend;

beforeAll(async () => {
  // The library's backend and the naive NTM share the one tfjs engine of the process.
  libraryBackend = await createTfjsBackend('wasm');
});

describe('NaiveNtm', () => {
  it('has exactly the parameters of the library copy-task NTM-LSTM', () => {
    const model = new NaiveNtm({ inputSize: copy.inputSize, outputSize: copy.outputSize }, 1);
    expect(model.parameterCount()).toBe(modelParameterCount(copyModel));
    expect(model.parameterCount()).toBe(62_736);
    model.dispose();
  });

  it('maps [T, B, 9] inputs to finite [T, B, 8] logits and frees every intermediate', () => {
    const model = new NaiveNtm({ inputSize: 9, outputSize: 8 }, 1);
    const batch = createCopyTask({ minLength: 3, maxLength: 3 }).sample(new Random(1), 2);
    const before = tf.memory().numTensors;
    const logits = tf.tidy(() => model.forward(tf.tensor3d(batch.inputs, [7, 2, 9])));
    expect(logits.shape).toEqual([7, 2, 8]);
    expect(Array.from(logits.dataSync()).every(Number.isFinite)).toBe(true);
    logits.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('computes the same function as the library when given the library weights', () => {
    // The strongest check that the reference is the same model: copy every weight of the
    // library's NTM into it and compare the logits of a whole episode.
    const library: SequenceModel = createModel(libraryBackend, copyModel, { seed: 3 });
    const naive = new NaiveNtm({ inputSize: 9, outputSize: 8 }, 1);
    const weights = new Map(library.parameters.list().map(({ path, variable }) => [path, variable as unknown as tf.Tensor]));
    const take = (path: string) => {
      const tensor = weights.get(path);
      if (!tensor) throw new Error(`the library has no parameter ${path}; it has ${[...weights.keys()].join(', ')}`);
      return tensor;
    };
    const named = naive.namedVariables();
    const headKernel = take('heads/kernel'); // [100, 92]: read columns 0–25, write columns 26–91
    const headBias = take('heads/bias');
    tf.tidy(() => {
      named.lstmKernel.assign(take('controller/lstm0/kernel'));
      named.lstmBias.assign(take('controller/lstm0/bias'));
      named.initialHidden.assign(take('controller/lstm0/initialHidden'));
      named.initialCell.assign(take('controller/lstm0/initialCell'));
      named.readHeadKernel.assign(tf.slice(headKernel, [0, 0], [100, 26]));
      named.writeHeadKernel.assign(tf.slice(headKernel, [0, 26], [100, 66]));
      named.readHeadBias.assign(tf.slice(headBias, [0], [26]));
      named.writeHeadBias.assign(tf.slice(headBias, [26], [66]));
      named.initialReadVector.assign(take('initial/read-vectors'));
      named.initialReadBias.assign(take('initial/read-weighting'));
      named.initialWriteBias.assign(take('initial/write-weighting'));
      named.outputKernel.assign(take('output/weights'));
      named.outputBias.assign(take('output/bias'));
    });
    const batch = createCopyTask({ minLength: 5, maxLength: 5 }).sample(new Random(2), 3);
    const expected = libraryBackend.tidy(() => library.run(batchToTensors(libraryBackend, batch).inputs).logits);
    const actual = tf.tidy(() => naive.forward(tf.tensor3d(batch.inputs, [11, 3, 9])));
    expect(actual.shape).toEqual(expected.shape);
    const expectedValues = libraryBackend.readSync(expected);
    const actualValues = actual.dataSync();
    // The untrained outputs are near 0, so an absolute tolerance; float32 on both sides.
    const largestDifference = Math.max(...Array.from(actualValues, (value, index) => Math.abs(value - (expectedValues[index] as number))));
    expect(largestDifference).toBeLessThan(1e-4);
    expect(Math.max(...Array.from(expectedValues, Math.abs))).toBeGreaterThan(1e-3); // not trivially zero
    tf.dispose([expected as unknown as tf.Tensor, actual]);
    library.dispose();
    naive.dispose();
  });
});

describe('NaiveTrainer', () => {
  it('lowers the loss on a fixed batch with a few Adam steps', () => {
    const trainer = new NaiveTrainer({ batchSize: 4, seed: 1, minLength: 4, maxLength: 4 });
    const batch = trainer.task.sample(new Random(5), 4);
    const costs = Array.from({ length: 12 }, () => trainer.trainOnBatch(batch));
    // About 8 bits per output vector × 4 vectors at the start (σ(0) = ½ costs 1 bit a bit).
    expect(costs[0]).toBeGreaterThan(20);
    expect(costs[0]).toBeLessThan(40);
    expect(costs.at(-1)).toBeLessThan((costs[0] as number) * 0.9);
    trainer.dispose();
  });

  it('frees what a step makes: the tensor count stays put once Adam has its slots', () => {
    const trainer = new NaiveTrainer({ batchSize: 2, seed: 1, minLength: 2, maxLength: 2 });
    trainer.trainStep();
    const before = tf.memory().numTensors;
    trainer.trainStep();
    trainer.trainStep();
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
  });
});
