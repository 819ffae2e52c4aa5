/**
 * Data-parallel training on real worker threads and real tfjs-wasm: the worker script is the
 * bundle of `__fixtures__/test-program.ts`, built from the sources under test.
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { NtmBackend } from '@ntm/backend';
import { createTfjsBackend } from '@ntm/backend-tfjs';
import { decodeCheckpoint, encodeCheckpoint } from '@ntm/machine';
import { Random } from '@ntm/random';
import { createTask } from '@ntm/tasks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Trainer, type GradientWorkersFactory, type ReplicaSpec, type ShardGradients, type TrainingConfig } from '../index.js';
import { buildTestProgram } from './__fixtures__/build-test-program.js';
import { tinyCopy } from './__fixtures__/tiny-copy.js';
import { NodeGradientWorkers, nodeGradientWorkers } from './node-gradient-workers.js';

let script: string;
let backend: NtmBackend;
const started: NodeGradientWorkers[] = [];
const trainers: Trainer[] = [];

beforeAll(async () => {
  script = await buildTestProgram();
  backend = await createTfjsBackend('wasm');
}, 120_000);

afterAll(() => {
  if (script !== undefined) rmSync(dirname(script), { recursive: true, force: true });
});

afterEach(() => {
  for (const trainer of trainers.splice(0)) trainer.dispose();
  for (const workers of started.splice(0)) workers.dispose();
});

/** Node gradient workers on the test program, remembered so every test can check (and free) them. */
function workersOnTestProgram(): GradientWorkersFactory {
  const factory = nodeGradientWorkers({ script });
  return (replica, threads) => {
    const workers = factory(replica, threads) as NodeGradientWorkers;
    started.push(workers);
    return workers;
  };
}

function trainer(config: TrainingConfig): Trainer {
  const made = Trainer.create(backend, config, { gradientWorkers: workersOnTestProgram() });
  trainers.push(made);
  return made;
}

function weightsOf(model: Trainer): Float32Array[] {
  return model.model.parameters.list().map(({ variable }) => Float32Array.from(model.backend.readSync(variable)));
}

/** Every gradient of `actual` within float32 rounding of `expected`'s, relative to the parameter's largest. */
function expectSameGradients(actual: ShardGradients, expected: ShardGradients): void {
  expect(actual.gradients.length).toBe(expected.gradients.length);
  expected.gradients.forEach((values, parameter) => {
    const other = actual.gradients[parameter] as Float32Array;
    expect(other.length).toBe(values.length);
    const scale = Math.max(...values.map(Math.abs));
    let worst = 0;
    values.forEach((value, index) => {
      worst = Math.max(worst, Math.abs(value - (other[index] as number)));
    });
    expect(worst).toBeLessThanOrEqual(1e-5 * scale + 1e-9);
  });
  expect(actual.cost).toBeCloseTo(expected.cost, 4);
  expect(actual.bitErrors).toBeCloseTo(expected.bitErrors, 10); // thresholded at 0.5: rounding never flips a bit here
}

const batch = () => createTask('copy', { bits: 4, minLength: 1, maxLength: 3 }).sample(new Random(21), 16);

/** Bit-for-bit equal gradients, cost and bit errors. */
function expectIdenticalGradients(actual: ShardGradients, expected: ShardGradients): void {
  expect(actual.sequences).toBe(expected.sequences);
  expect(actual.cost).toBe(expected.cost);
  expect(actual.bitErrors).toBe(expected.bitErrors);
  expect(actual.gradients.length).toBe(expected.gradients.length);
  actual.gradients.forEach((values, parameter) => expect(values).toEqual(expected.gradients[parameter]));
}

describe('data-parallel gradients', () => {
  it('two workers give the one-worker gradients of the same batch, bit for bit (the default two shards)', async () => {
    const single = trainer(tinyCopy);
    const parallel = trainer({ ...tinyCopy, workers: 2 });
    expect([single.config.gradientShards, parallel.config.gradientShards]).toEqual([2, 2]);
    const sample = batch();
    const expected = await single.computeGradients(sample);
    const actual = await parallel.computeGradients(sample);
    // A real gradient: not all zero.
    expect(expected.gradients.some((values) => values.some((value) => Math.abs(value) > 1e-3))).toBe(true);
    expect(actual.sequences).toBe(16);
    expectIdenticalGradients(actual, expected);
  }, 60_000);

  it('three workers on uneven shards (6, 5, 5), and two workers on four shards (one thread computing two), give them too', async () => {
    const sample = batch();
    expectIdenticalGradients(
      await trainer({ ...tinyCopy, gradientShards: 3, workers: 3 }).computeGradients(sample),
      await trainer({ ...tinyCopy, gradientShards: 3 }).computeGradients(sample),
    );
    expectIdenticalGradients(
      await trainer({ ...tinyCopy, gradientShards: 4, workers: 2 }).computeGradients(sample),
      await trainer({ ...tinyCopy, gradientShards: 4 }).computeGradients(sample),
    );
  }, 60_000);

  it('shards change the gradients only by float32 rounding: two shards against the whole batch', async () => {
    const sample = batch();
    const whole = await trainer({ ...tinyCopy, gradientShards: 1 }).computeGradients(sample);
    const sharded = await trainer({ ...tinyCopy, gradientShards: 2, workers: 2 }).computeGradients(sample);
    expectSameGradients(sharded, whole);
    // Really two shards: the rounding differs somewhere.
    expect(sharded.gradients.some((values, parameter) => values.some((value, i) => value !== whole.gradients[parameter]?.[i]))).toBe(true);
  }, 60_000);

  it('a seed trains to the same weights, bit for bit, with one worker or two', async () => {
    const single = trainer(tinyCopy);
    const parallel = trainer({ ...tinyCopy, workers: 2 });
    for (let step = 0; step < 5; step++) {
      const [one, two] = [single.trainStep(), await parallel.trainStepAsync()];
      expect(two.cost).toBe(one.cost);
      expect(two.gradientNorm).toBe(one.gradientNorm);
    }
    const expected = weightsOf(single);
    weightsOf(parallel).forEach((values, index) => expect(values).toEqual(expected[index]));
    // And training did move the weights.
    const initial = weightsOf(trainer(tinyCopy));
    expect(expected.some((values, index) => values.some((value, i) => value !== initial[index]?.[i]))).toBe(true);
  }, 60_000);

  it('evaluates on both threads to the one-thread result, bit for bit, quick and full', async () => {
    // Sets of several batches of 64, so that the worker thread scores some of them.
    const config = { ...tinyCopy, evaluation: { every: 25, sequences: 300, quickSequences: 150 }, stopAtBitErrors: 0.1 };
    const single = trainer(config);
    const parallel = trainer({ ...config, workers: 2 });
    for (let round = 0; round < 3; round++) {
      for (let step = 0; step < 3; step++) {
        single.trainStep();
        await parallel.trainStepAsync();
      }
      const [one, two] = [single.evaluate(), await parallel.evaluateAsync()];
      expect(two).toEqual(one);
      expect(two.sequences).toBe(150); // far from 0.1 bit errors: quick
    }
    const full = { ...config, evaluation: { every: 25, sequences: 300 } };
    const [one, two] = [trainer(full), trainer({ ...full, workers: 2 })];
    expect(await two.evaluateAsync()).toEqual(one.evaluate());
    expect(two.lastEvaluation?.sequences).toBe(300);
  }, 60_000);

  it('an interrupted and resumed two-worker run ends with the same weights as an uninterrupted one', async () => {
    const uninterrupted = trainer({ ...tinyCopy, workers: 2 });
    for (let step = 0; step < 4; step++) await uninterrupted.trainStepAsync();
    const first = trainer({ ...tinyCopy, workers: 2 });
    for (let step = 0; step < 2; step++) await first.trainStepAsync();
    const bytes = encodeCheckpoint(first.checkpoint());
    const resumed = Trainer.resume(backend, decodeCheckpoint(bytes), 'checkpoint', { gradientWorkers: workersOnTestProgram() });
    trainers.push(resumed);
    expect(resumed.config.workers).toBe(2);
    for (let step = 0; step < 2; step++) await resumed.trainStepAsync();
    const expected = weightsOf(uninterrupted);
    weightsOf(resumed).forEach((values, index) => expect(values).toEqual(expected[index]));
  }, 60_000);

  it('run() trains with the workers', async () => {
    const parallel = trainer({ ...tinyCopy, workers: 2, maxSteps: 3 });
    expect(await parallel.run()).toBe('max-steps');
    expect(parallel.step).toBe(3);
  }, 60_000);

  it('the synchronous step refuses to run a multi-worker trainer, and says what to call', () => {
    const parallel = trainer({ ...tinyCopy, workers: 2 });
    expect(() => parallel.trainStep()).toThrow('Trainer.trainStep runs on one thread, but this trainer has workers 2: use await trainer.trainStepAsync()');
    expect(() => parallel.trainOnBatch(batch())).toThrow(/use await trainer.trainOnBatchAsync\(\)/);
  });

  it('keeps the tensor count of the trainer’s thread flat over many steps', async () => {
    const parallel = trainer({ ...tinyCopy, workers: 2 });
    await parallel.trainStepAsync(); // the optimiser creates its slots on the first update
    parallel.evaluate();
    const before = backend.numTensors();
    for (let step = 0; step < 20; step++) await parallel.trainStepAsync();
    parallel.evaluate();
    expect(backend.numTensors()).toBe(before);
  }, 60_000);
});

describe('gradient worker threads end', () => {
  it('when the trainer is disposed', async () => {
    const parallel = trainer({ ...tinyCopy, gradientShards: 3, workers: 3 });
    await parallel.trainStepAsync();
    const [workers] = started as [NodeGradientWorkers];
    expect(workers.threads).toBe(2);
    parallel.dispose();
    trainers.splice(trainers.indexOf(parallel), 1);
    await expect(withTimeout(workers.exited, 10_000)).resolves.toBeUndefined();
    await expect(workers.computeShards([], [])).rejects.toThrow('the gradient workers were disposed');
  }, 60_000);

  it('so that a program exits after training, whether it disposed the trainer or not', async () => {
    for (const mode of ['dispose', 'forget']) {
      const result = await runProgram(['train', mode]);
      expect(result, mode).toEqual({ code: 0, stdout: '{"steps":[1,2]}\n', stderr: '' });
    }
  }, 120_000);
});

describe('a gradient worker that fails is an Error on the trainer’s thread, not a hang', () => {
  const replica = (): ReplicaSpec => {
    const model = trainer(tinyCopy).model;
    return {
      backendName: 'tfjs-wasm',
      model: model.config,
      parameterPaths: model.parameters.list().map(({ path }) => path),
      trainablePaths: model.parameters.trainable().map(({ path }) => path),
      evaluationSets: { validation: [batch(), batch()] },
    };
  };
  const parametersOf = (model: Trainer) => model.model.parameters.list().map(({ variable }) => Float32Array.from(backend.readSync(variable)));

  it('a script that does not exist', async () => {
    const parallel = Trainer.create(backend, { ...tinyCopy, workers: 2 }, { gradientWorkers: nodeGradientWorkers({ script: `${script}.missing.js` }) });
    trainers.push(parallel);
    await expect(withTimeout(parallel.trainStepAsync(), 20_000)).rejects.toThrow(/^gradient worker 1 of 1 failed: Cannot find module/);
    expect(parallel.step).toBe(0);
  }, 30_000);

  it('a backend the worker cannot create', async () => {
    const workers = new NodeGradientWorkers({ ...replica(), backendName: 'tfjs-gpu' }, 1, { script });
    started.push(workers);
    await expect(withTimeout(workers.computeShards(parametersOf(trainers[0] as Trainer), [batch()]), 20_000)).rejects.toThrow(
      'gradient worker 1 of 1 could not start: Unknown backend "tfjs-gpu". Should be one of: "tfjs-wasm", "tfjs-cpu"',
    );
    await withTimeout(workers.exited, 10_000);
  }, 30_000);

  it('a shard the replica cannot compute; the worker then goes on serving', async () => {
    const workers = new NodeGradientWorkers(replica(), 1, { script });
    started.push(workers);
    const parameters = parametersOf(trainers[0] as Trainer);
    const wrongTask = createTask('copy', { bits: 6, minLength: 1, maxLength: 3 }).sample(new Random(1), 4); // 7 inputs, the model takes 5
    await expect(withTimeout(workers.computeShards(parameters, [wrongTask]), 20_000)).rejects.toThrow(
      /^gradient worker 1 of 1 failed to compute its shard's gradients: /,
    );
    const [result] = await withTimeout(workers.computeShards(parameters, [batch()]), 20_000);
    expect(result?.sequences).toBe(16);
  }, 30_000);

  it('evaluation batches it does not have, naming the set and the batch', async () => {
    const workers = new NodeGradientWorkers(replica(), 1, { script });
    started.push(workers);
    const parameters = parametersOf(trainers[0] as Trainer);
    await expect(withTimeout(workers.scoreBatches(parameters, 'validation', [5]), 20_000)).rejects.toThrow(
      'gradient worker 1 of 1 failed to score evaluation batches of set "validation": evaluation set "validation" has 2 batches, the request asked for batch 5',
    );
    await expect(withTimeout(workers.scoreBatches(parameters, 'test', [0]), 20_000)).rejects.toThrow(
      'gradient worker 1 of 1 failed to score evaluation batches of set "test": no evaluation set "test" (the replica has validation)',
    );
    const scores = await withTimeout(workers.scoreBatches(parameters, 'validation', [1, 0]), 20_000);
    expect(scores.map((score) => score.sequences)).toEqual([16, 16]);
  }, 30_000);

  it('a worker that exits in the middle of a step', async () => {
    process.env['NTM_TEST_GRADIENT_WORKER'] = 'exit-on-request'; // the workers copy the environment when they start
    let parallel: Trainer;
    try {
      parallel = trainer({ ...tinyCopy, workers: 2 });
    } finally {
      delete process.env['NTM_TEST_GRADIENT_WORKER'];
    }
    await expect(withTimeout(parallel.trainStepAsync(), 20_000)).rejects.toThrow('gradient worker 1 of 1 exited unexpectedly (exit code 3)');
    // Broken for good: the next step fails at once with the same error.
    await expect(withTimeout(parallel.trainStepAsync(), 5_000)).rejects.toThrow(/exited unexpectedly/);
  }, 30_000);
});

function withTimeout<T>(promise: Promise<T>, milliseconds: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${milliseconds} ms: it hangs`)), milliseconds);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function runProgram(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // The timeout turns a process that hangs on its workers into a failure (killed: code null).
    execFile(process.execPath, [script, ...argv], { encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}
