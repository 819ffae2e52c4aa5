import { describe, expect, it } from 'vitest';
import { helpText, parseCommandArguments } from '../arguments.js';
import { UsageError } from '../errors.js';
import { parseLearningRateDecayFlag, planTraining, trainSpec, type TrainingPlan } from './train-options.js';

const plan = (...argv: string[]): TrainingPlan => planTraining(parseCommandArguments(trainSpec, argv));
const newRun = (...argv: string[]) => {
  const result = plan(...argv);
  if (result.kind !== 'new') throw new Error('expected a new run');
  return result.resolved;
};

describe('planTraining', () => {
  it("makes `ntm train copy` the paper's NTM-LSTM copy run, stopping at 0.1 held-out bit errors", () => {
    const config = newRun('copy');
    expect(config.task).toBe('copy');
    expect(config.model).toMatchObject({
      kind: 'ntm',
      inputSize: 9,
      outputSize: 8,
      memory: { slots: 128, wordSize: 20 },
      controller: { kind: 'lstm', layerSizes: [100] },
    });
    expect(config.optimizer).toMatchObject({ kind: 'adam', learningRate: 1.5e-3 });
    expect(config.batchSize).toBe(8);
    expect(config.seed).toBe(1);
    expect(config.stopAtBitErrors).toBe(0.1);
    expect(config.maxSteps).toBeNull();
    expect(config.timeBudgetSeconds).toBeNull();
    expect(config.curriculum).toEqual({ kind: 'none' });
    const whole = plan('copy');
    expect(whole.checkpointEvery).toBe(500);
    expect(whole.plain).toBe(false);
  });

  it('sets the quick evaluations: a count, or none', () => {
    expect(newRun('copy').evaluation).toMatchObject({ sequences: 2048, quickSequences: 256 });
    expect(newRun('copy', '--quick-eval-sequences', '512').evaluation).toMatchObject({ sequences: 2048, quickSequences: 512 });
    expect(newRun('copy', '--quick-eval-sequences', 'none').evaluation.quickSequences).toBeNull();
    expect(newRun('copy', '--eval-sequences', '1024').evaluation.quickSequences).toBeNull();
    expect(newRun('copy', '--eval-sequences', '1024', '--quick-eval-sequences', '128').evaluation).toMatchObject({ sequences: 1024, quickSequences: 128 });
    expect(() => plan('copy', '--quick-eval-sequences', '4096')).toThrow(
      new UsageError('evaluation.quickSequences must be fewer than evaluation.sequences (2048), got 4096'),
    );
    expect(() => plan('copy', '--quick-eval-sequences', 'some')).toThrow(new UsageError('--quick-eval-sequences must be none or an integer >= 1, got "some"'));
  });

  it("takes the paper's learning rate for rmsprop from the preset, and an explicit one over it", () => {
    expect(newRun('copy', '--optimizer', 'rmsprop').optimizer).toMatchObject({ kind: 'rmsprop', learningRate: 1e-4, momentum: 0.9 });
    expect(newRun('copy', '--preset', 'lstm', '--optimizer', 'rmsprop').optimizer.learningRate).toBe(3e-5);
    expect(newRun('copy', '--optimizer', 'rmsprop', '--learning-rate', '3e-4').optimizer.learningRate).toBe(3e-4);
  });

  it('applies task and model overrides on the preset', () => {
    const config = newRun(
      'copy',
      '--task-config',
      '{"bits":4}',
      '--max-length',
      '5',
      '--memory-slots',
      '16',
      '--word-size',
      '6',
      '--controller-size',
      '32',
      '--memory-init',
      'learned',
      '--steps',
      '200',
      '--time-budget',
      '10m',
      '--stop-at',
      'none',
      '--eval-every',
      '25',
      '--eval-sequences',
      '40',
      '--batch-size',
      '8',
      '--seed',
      '0',
      '--curriculum',
      'length',
    );
    expect(config.taskConfig).toEqual({ bits: 4, maxLength: 5 });
    expect(config.model).toMatchObject({
      inputSize: 5,
      outputSize: 4,
      memory: { slots: 16, wordSize: 6, initialization: 'learned' },
      controller: { layerSizes: [32] },
    });
    expect(config).toMatchObject({ maxSteps: 200, timeBudgetSeconds: 600, stopAtBitErrors: null, batchSize: 8, seed: 0 });
    expect(config.evaluation).toMatchObject({ every: 25, sequences: 40 });
    expect(config.curriculum).toMatchObject({ kind: 'length' });
  });

  it('sets the fields of a length curriculum, and refuses what is not one, naming it', () => {
    expect(newRun('repeat-copy', '--curriculum', 'length:start=4,fullRangeShare=0.2').curriculum).toEqual({
      kind: 'length',
      start: 4,
      increment: 1,
      threshold: 1,
      window: 20,
      fullRangeShare: 0.2,
    });
    expect(newRun('repeat-copy', '--curriculum', 'none').curriculum).toEqual({ kind: 'none' });
    const refusal = (text: string) => () => newRun('repeat-copy', '--curriculum', text);
    expect(refusal('length:start=4,speed=2')).toThrow(
      '--curriculum length:KEY=VALUE,… takes the numbers start, increment, threshold, window, fullRangeShare; "speed=2" in "length:start=4,speed=2" is not one',
    );
    expect(refusal('length:start=')).toThrow(/"start=" in "length:start=" is not one/);
    expect(refusal('none:start=2')).toThrow('--curriculum none takes no fields, got "none:start=2"');
    expect(refusal('length:fullRangeShare=1.5')).toThrow(
      '--curriculum length:fullRangeShare=1.5: curriculum.fullRangeShare must be a number in [0, 1) (the share of batches drawn from the full range), got 1.5',
    );
    expect(refusal('length:window=0')).toThrow(/--curriculum length:window=0: curriculum.window must be a positive integer/);
  });

  it("sets every layer of a preset's controller, and the items of associative recall", () => {
    expect(newRun('priority-sort', '--controller-size', '64').model).toMatchObject({ controller: { layerSizes: [64, 64] } });
    expect(newRun('copy', '--preset', 'ntm-feed-forward', '--controller-size', '50').model).toMatchObject({ controller: { hiddenSizes: [50] } });
    expect(newRun('associative-recall', '--max-length', '4').taskConfig).toEqual({ maxItems: 4 });
  });

  it("sets both head groups with --heads, keeping the task's shift kernel and head bias, and refuses it for the LSTM", () => {
    const sort = newRun('priority-sort', '--heads', '1').model;
    expect(sort).toMatchObject({ heads: { readHeads: 1, writeHeads: 1, shiftRadius: 3, initialBias: { read: { shiftWeighting: [0, 0, 0, 0, 5, 0, 0] } } } });
    expect(newRun('copy', '--heads', '3').model).toMatchObject({ heads: { readHeads: 3, writeHeads: 3, shiftRadius: 1 } });
    expect(() => newRun('copy', '--heads', '0')).toThrow('--heads must be an integer >= 1, got "0"');
    expect(() => newRun('copy', '--preset', 'lstm', '--heads', '2')).toThrow(
      '--memory-slots, --word-size, --heads, --shift-radius, --memory-init and --head-bias do not apply to --preset lstm (an LSTM has no memory)',
    );
  });

  it("starts each task's NTM from the task's initial memory unless --memory-init says otherwise", () => {
    expect(newRun('dynamic-ngrams').model).toMatchObject({ memory: { initialization: 'random' } });
    expect(newRun('dynamic-ngrams', '--preset', 'ntm-feed-forward').model).toMatchObject({ memory: { initialization: 'random' } });
    expect(newRun('dynamic-ngrams', '--memory-init', 'constant').model).toMatchObject({ memory: { initialization: 'constant' } });
    expect(newRun('copy').model).toMatchObject({ memory: { slots: 128, wordSize: 20 } });
    expect(newRun('copy').model).not.toHaveProperty('memory.initialization');
  });

  it("starts the heads as the task says unless --head-bias says otherwise (none: the paper's zero bias)", () => {
    const walking = { write: { interpolationGate: -3, shiftWeighting: [0, 0, 3], sharpening: 2 } };
    expect(newRun('dynamic-ngrams').model).toMatchObject({ heads: { initialBias: walking } });
    expect(newRun('dynamic-ngrams', '--head-bias', 'none').model).toMatchObject({ heads: { initialBias: {} } });
    expect(newRun('copy', '--head-bias', '{"read":{"keyStrength":2}}').model).toMatchObject({ heads: { initialBias: { read: { keyStrength: 2 } } } });
    expect(newRun('copy').model).not.toHaveProperty('heads.initialBias');
  });

  it("widens the shift kernel with --shift-radius, re-centring the task's head bias so that a walk stays a walk", () => {
    // Priority sort's heads shift −3…3 by default; narrowed to the paper's −1…1, its read heads still walk +1.
    expect(newRun('priority-sort').model).toMatchObject({
      heads: { shiftRadius: 3, initialBias: { read: { interpolationGate: -3, shiftWeighting: [0, 0, 0, 0, 5, 0, 0], sharpening: 2 } } },
    });
    expect(newRun('priority-sort', '--shift-radius', '1').model).toMatchObject({
      heads: { shiftRadius: 1, initialBias: { read: { interpolationGate: -3, shiftWeighting: [0, 0, 5], sharpening: 2 } } },
    });
    expect(newRun('dynamic-ngrams', '--shift-radius', '2').model).toMatchObject({
      heads: { shiftRadius: 2, initialBias: { write: { interpolationGate: -3, shiftWeighting: [0, 0, 0, 3, 0], sharpening: 2 } } },
    });
    expect(newRun('copy', '--shift-radius', '0').model).toMatchObject({ heads: { shiftRadius: 0, initialBias: {} } });
    // A bias given too replaces the task's and is checked at the new radius.
    expect(newRun('copy', '--shift-radius', '2', '--head-bias', '{"write":{"shiftWeighting":[0,0,0,3,0]}}').model).toMatchObject({
      heads: { shiftRadius: 2, initialBias: { write: { shiftWeighting: [0, 0, 0, 3, 0] } } },
    });
  });

  it('plans a resume with only the stop conditions', () => {
    const result = plan('--resume', 'runs/x/checkpoint.ntm', '--steps', '60', '--stop-at', '0.5', '--stop-after', '3');
    expect(result).toMatchObject({
      kind: 'resume',
      checkpoint: 'runs/x/checkpoint.ntm',
      task: undefined,
      overrides: { maxSteps: 60, stopAt: 0.5, stopAfterEvaluations: 3 },
    });
  });

  it("stops after the task's evaluations in a row by default (3), or after --stop-after", () => {
    expect((plan('copy') as Extract<TrainingPlan, { kind: 'new' }>).resolved.stopAfterEvaluations).toBe(3);
    expect((plan('copy', '--stop-after', '1') as Extract<TrainingPlan, { kind: 'new' }>).resolved.stopAfterEvaluations).toBe(1);
  });

  it("lists each task's defaults in the help, from the trainer's table", () => {
    const help = helpText(trainSpec);
    expect(help).toContain(
      '  repeat-copy         batch 8, adam 0.003, curriculum length (0.2 of batches from the full range), validation 512; stop at bit errors per sequence < 0.1 ×3, then lr ×0.3',
    );
    expect(help).toContain(
      '  dynamic-ngrams      batch 8, adam 0.005 decaying to ×0.1 over 15,000 sequences once the criterion holds at 0.05, M_0 random, 200 memory slots, head bias {"write":{"interpolationGate":-3,"shiftWeighting":[0,0,3],"sharpening":2}}, validation 512; stop at cost within 1 % of the Bayes-optimal cost',
    );
    expect(help).toContain(
      '  priority-sort       batch 8, adam 0.003 decaying to ×0.1 over 80,000 sequences once the criterion holds at 50, M_0 sinusoidal, shifts −3…3, head bias {"read":{"interpolationGate":-3,"shiftWeighting":[0,0,0,0,5,0,0],"sharpening":2}}, validation 512; stop at cost < 20 bits per sequence ×3',
    );
  });

  it("--learning-rate-decay A,B,F sets a decay, none turns the task's off, and bad values are named", () => {
    expect(parseLearningRateDecayFlag('30000, 48000, 0.1')).toEqual({ startSequences: 30000, endSequences: 48000, floor: 0.1 });
    expect(parseLearningRateDecayFlag('none')).toBeNull();
    expect(parseLearningRateDecayFlag('at:0.03,10000,0.1')).toEqual({ startAtCriterion: 0.03, sequences: 10000, floor: 0.1 });
    expect(() => parseLearningRateDecayFlag('at:0,10000,0.1')).toThrow(
      "--learning-rate-decay at:0,10000,0.1: learningRateDecay.startAtCriterion must be a number > 0 (the task's criterion's threshold), got 0",
    );
    expect(() => parseLearningRateDecayFlag('30000,48000')).toThrow(
      '--learning-rate-decay must be none, three numbers A,B,F (sequences A < B, a factor 0 < F <= 1) or at:T,S,F (a criterion threshold T, S sequences, a factor F), got "30000,48000"',
    );
    expect(() => parseLearningRateDecayFlag('5,5,0.1')).toThrow(
      '--learning-rate-decay 5,5,0.1: learningRateDecay.endSequences must be greater than startSequences (5), got 5',
    );
    expect(() => parseLearningRateDecayFlag('0,10,2')).toThrow(/learningRateDecay\.floor must be a number in \(0, 1\], got 2/);
  });

  it("takes each task's own criterion, and --stop-at sets its threshold", () => {
    const resolved = (...argv: string[]) => (plan(...argv) as Extract<TrainingPlan, { kind: 'new' }>).resolved;
    expect(resolved('dynamic-ngrams')).toMatchObject({ stopAtBitErrors: null, stopAtCost: null, stopAtCostOverOptimal: 0.01 });
    expect(resolved('dynamic-ngrams', '--stop-at', '0.02')).toMatchObject({ stopAtBitErrors: null, stopAtCostOverOptimal: 0.02 });
    expect(resolved('priority-sort')).toMatchObject({ stopAtBitErrors: null, stopAtCost: 20 });
    expect(resolved('repeat-copy', '--stop-at', '0.5')).toMatchObject({ stopAtBitErrors: 0.5, stopAtCost: null });
    expect(resolved('copy', '--stop-at', 'none')).toMatchObject({ stopAtBitErrors: null, stopAtCost: null, stopAtCostOverOptimal: null });
  });

  it.each([
    [['nope'], 'unknown task "nope"; expected one of copy, repeat-copy, associative-recall, dynamic-ngrams, priority-sort'],
    [[], 'missing <task> (usage: ntm train <task> [options]); tasks: copy, repeat-copy, associative-recall, dynamic-ngrams, priority-sort'],
    [['copy', '--batch-size', '0'], '--batch-size must be an integer >= 1, got "0"'],
    [['copy', '--stop-after', '0'], '--stop-after must be an integer >= 1, got "0"'],
    [['copy', '--preset', 'gru'], '--preset must be one of ntm-lstm, ntm-feed-forward, lstm, got "gru"'],
    [['copy', '--optimizer', 'sgd'], '--optimizer must be one of adam, rmsprop, got "sgd"'],
    [['copy', '--backend', 'tfjs-gpu'], '--backend must be one of tfjs-wasm, tfjs-cpu, reference, got "tfjs-gpu"'],
    [['copy', '--min-length', '5', '--max-length', '3'], 'copy.minLength must be <= copy.maxLength, got 5 > 3'],
    [['copy', '--task-config', '{"maxLenght":5}'], 'copy.maxLenght is not a copy option; expected one of bits, minLength, maxLength'],
    [['priority-sort', '--max-length', '5'], '--max-length does not apply to task priority-sort (it has no length range); use --task-config'],
    [
      ['copy', '--preset', 'lstm', '--memory-slots', '8'],
      '--memory-slots, --word-size, --heads, --shift-radius, --memory-init and --head-bias do not apply to --preset lstm (an LSTM has no memory)',
    ],
    [
      ['copy', '--shift-radius', '2', '--head-bias', '{"write":{"shiftWeighting":[0,0,3]}}'],
      'heads.initialBias.write.shiftWeighting must be 5 finite numbers (one per shift −2…2), got [0, 0, 3]',
    ],
    [['copy', '--shift-radius', 'two'], '--shift-radius must be an integer >= 0, got "two"'],
    [['copy', '--memory-init', 'zeros'], '--memory-init must be one of constant, learned, random, sinusoidal, got "zeros"'],
    [
      ['copy', '--head-bias', '{"write":{"shiftWeighting":[0,3]}}'],
      'heads.initialBias.write.shiftWeighting must be 3 finite numbers (one per shift −1…1), got [0, 3]',
    ],
    [
      ['copy', '--head-bias', '{"write":{"key":1}}'],
      'heads.initialBias.write has an unknown field "key"; expected one of keyStrength, interpolationGate, shiftWeighting, sharpening, erase',
    ],
    [['copy', '--memory-slots', '2'], 'heads.shiftRadius 1 gives a shift kernel of width 3, wider than memory.slots 2; expected 2·shiftRadius + 1 <= 2'],
    [['--resume', 'x.ntm', '--batch-size', '4'], '--batch-size cannot be combined with --resume: a resumed run keeps its config (see ntm train --help)'],
    [['copy', '--out', ''], '--out must name a run directory, got ""'],
    [['copy', '--seed', '4294967296'], '--seed must be an integer from 0 to 4294967295 (seeds are 32-bit), got "4294967296"'],
    [['copy', '--seed', '-1'], '--seed must be an integer from 0 to 4294967295 (seeds are 32-bit), got "-1"'],
    [['copy', '--steps', '100', '--steps', '10'], 'option --steps is given twice ("100" and "10"); give it once'],
    [['--resume', 'x.ntm', '--out', ' '], '--out must name a run directory, got " "'],
  ])('refuses %j with one clear message', (argv, message) => {
    let error: unknown;
    try {
      plan(...argv);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(message);
  });
});
