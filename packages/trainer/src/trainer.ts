import type { NamedParameter, NtmBackend, Tensor } from '@ntm/backend';
import { createModel, loadModel, modelCheckpoint, type CheckpointContents, type CheckpointTensor, type SequenceModel } from '@ntm/machine';
import { Random } from '@ntm/random';
import { createTask, type Batch, type Task } from '@ntm/tasks';
import { computeBatchGradients } from './batch-gradients.js';
import { combineShardGradients, splitBatch } from './batch-shards.js';
import { CURRICULUM_FIELDS, LengthCurriculum, curriculumLevelOverrides } from './curriculum.js';
import { evaluateModel, heldOutBatches, scoreBatch, summarizeScores, type EvaluationResult } from './evaluation.js';
import type { GradientWorkers, GradientWorkersFactory, ReplicaSpec, ShardGradients } from './gradient-workers.js';
import { allFinite, createOptimizer, type Optimizer, type OptimizerState } from './optimizers/index.js';
import { shareAmongThreads } from './share-among-threads.js';
import { isBetterEvaluation, meetsStopCriteria } from './stop-criteria.js';
import { checkTrainerMetadata, TRAINER_FORMAT_VERSION, type TrainerMetadata } from './trainer-metadata.js';
import { QUICK_EVALUATION_FACTOR, resolveTrainingConfig, type ResolvedTrainingConfig, type TrainingConfig } from './training-config.js';
import { learningRateDecayFactor } from './learning-rate-decay.js';
import { taskStopCriteria } from './task-defaults.js';

/** What one training step did. */
export interface StepReport {
  readonly step: number;
  readonly sequencesSeen: number;
  /** Training cost of the batch, bits per sequence (NaN when the step was skipped). */
  readonly cost: number;
  /** Training bit errors per sequence of the batch. */
  readonly bitErrors: number;
  /** Global gradient norm before clipping. */
  readonly gradientNorm: number;
  /**
   * True when the step made no update: a non-finite loss or gradient skipped it, or the update
   * itself gave non-finite weights or optimiser state and was undone (see `rolledBack`).
   */
  readonly skipped: boolean;
  /** True when the weights or optimiser state had gone non-finite and the last good state was restored. */
  readonly rolledBack: boolean;
  /** The curriculum's current maximum length (null without a curriculum). */
  readonly curriculumLevel: number | null;
  readonly seconds: number;
}

/** A validation result as {@link Trainer.evaluate} judges it. */
export interface ValidationResult extends EvaluationResult {
  /** The run's best so far (`Trainer.bestEvaluation`): a best checkpoint is due. */
  readonly best: boolean;
  /** It meets every stop criterion of the config. */
  readonly meetsCriteria: boolean;
  /** It is the first to meet them: the learning rate was lowered here. */
  readonly firstMetCriteria: boolean;
}

/** An event of {@link Trainer.run}, for progress bars and logs. */
export type TrainingEvent =
  | ({ readonly kind: 'step'; readonly sequencesPerSecond: number; readonly wallSeconds: number; readonly nanEvents: number } & StepReport)
  | ({ readonly kind: 'evaluation'; readonly step: number; readonly sequencesSeen: number; readonly wallSeconds: number } & Omit<
      ValidationResult,
      'firstMetCriteria'
    >)
  | { readonly kind: 'criterion'; readonly step: number; readonly sequencesSeen: number; readonly learningRateScale: number }
  | { readonly kind: 'nan'; readonly step: number; readonly action: 'skipped' | 'rolled-back'; readonly nanEvents: number }
  | { readonly kind: 'curriculum'; readonly step: number; readonly level: number };

/**
 * Why {@link Trainer.run} returned. `diverged`: {@link MAX_CONSECUTIVE_BAD_STEPS} steps in a
 * row met non-finite values, so the run cannot make progress.
 */
export type StopReason = 'max-steps' | 'time-budget' | 'converged' | 'stopped' | 'diverged';

/**
 * How many steps in a row may meet a non-finite loss, gradient or update before
 * {@link Trainer.run} gives up with `diverged`: 20.
 *
 * Why 20: a healthy run meets a bad batch now and then, and each one is independent of the
 * next; even if half of all batches were bad, 20 in a row would come once in a million steps.
 * A run whose state makes every step non-finite (a learning rate so large that one update
 * overflows, weights so large that every loss is NaN) fails the same way on every batch, and
 * more tries only grow the log. 20 steps of the tiny copy model take well under a second; of the
 * paper's copy model, a few seconds.
 *
 * @example
 * ```ts
 * const reason = await trainer.run(); // 'diverged' after MAX_CONSECUTIVE_BAD_STEPS bad steps in a row
 * ```
 */
export const MAX_CONSECUTIVE_BAD_STEPS = 20;

/** Options of {@link Trainer.run}. */
export interface RunTrainingOptions {
  /** Called for every step, evaluation, NaN event, curriculum change and the first time the criteria are met. */
  readonly onEvent?: (event: TrainingEvent) => void;
  /** Polled between steps; return true to stop (Ctrl-C, a stop button). */
  readonly shouldStop?: () => boolean;
  /** Bad steps in a row before giving up with `diverged` (default {@link MAX_CONSECUTIVE_BAD_STEPS}). */
  readonly maxConsecutiveBadSteps?: number;
  /**
   * With a time budget, do not start a step that the previous step's duration (and the last
   * evaluation's, when one would follow) predicts would end more than this fraction of the budget
   * past it: `ntm train` passes {@link TIME_BUDGET_TOLERANCE}, so that a long step cannot carry
   * a run far past `--time-budget`. Default null: every step starts while time remains, so a run
   * uses its whole budget and ends at most one step past it (what the convergence benchmark,
   * which compares runs of one budget, relies on).
   */
  readonly budgetOverrun?: number | null;
}

/** Options of {@link Trainer.create} and {@link Trainer.resume}. */
export interface TrainerOptions {
  /**
   * Starts the gradient workers of a config with `workers` > 1 (in Node: `nodeGradientWorkers`
   * of `@ntm/trainer/node`). Not needed, and not called, for one worker.
   */
  readonly gradientWorkers?: GradientWorkersFactory;
}

interface LastGoodState {
  readonly parameters: Float32Array[];
  readonly optimizer: OptimizerState;
}

/**
 * How far past `--time-budget` a step of `ntm train` may be predicted to end and still start
 * (`RunTrainingOptions.budgetOverrun`): a tenth of the budget. Why not zero: steps far shorter
 * than the budget (the usual case) then never stop a run early, so it trains for its whole
 * budget as it always did; only a step long enough to overrun by more than a tenth is not started.
 * @example await trainer.run({ budgetOverrun: TIME_BUDGET_TOLERANCE }) // a 10-minute budget ends by 11 minutes, unless a step is much slower than the one before
 */
export const TIME_BUDGET_TOLERANCE = 0.1;

const optimizerPrefix = 'optimizer/';

/** The names of the evaluation sets the gradient workers keep (`ReplicaSpec.evaluationSets`). */
const VALIDATION_SET = 'validation';
const QUICK_SET = 'quick';

/**
 * Trains a model on one of the paper's tasks: backpropagation through time over whole batched
 * episodes, gradient clipping, an optimiser, an optional length curriculum, evaluation on a
 * fixed held-out set, a NaN guard, and checkpoints that resume exactly.
 *
 * The NaN guard: non-finite values never stay in the weights or the optimiser's state, so never
 * reach a checkpoint. A non-finite loss or gradient skips the update; an update that gives
 * non-finite weights or optimiser slots (an overflow) is undone by restoring the last good
 * state (weights and optimiser, kept at every evaluation with a finite cost, and at the start);
 * weights found non-finite before a step are restored the same way. Each such step is counted
 * in `nanEvents` and does not advance `step`; {@link Trainer.run} stops with `diverged` after
 * {@link MAX_CONSECUTIVE_BAD_STEPS} of them in a row.
 *
 * Exact resume: a checkpoint holds the weights, the optimiser's slots, the batch generator's
 * state, the curriculum and the step, so a resumed run computes the same updates, bit for bit,
 * as one that never stopped (on the same backend, with any number of workers).
 *
 * Shards and data parallelism: each batch is split into `gradientShards` contiguous shards, each
 * shard's gradients are computed on their own, and they are combined as Σ (B_s / B) · g_s in
 * shard order before clipping and the optimiser, which run here only. With `workers: W` > 1,
 * this thread computes shards 0, W, 2W, … while W − 1 gradient workers (given in the options)
 * compute the others on replicas of the model: the same bits as one thread. Such a trainer
 * steps with {@link Trainer.trainStepAsync} (and {@link Trainer.run}).
 *
 * @example
 * ```ts
 * const { backend } = await createBackend();
 * const trainer = Trainer.create(backend, { task: 'copy', taskConfig: { maxLength: 5 }, stopAtBitErrors: 0.1 });
 * const reason = await trainer.run({ onEvent: (event) => console.log(event) });
 * const bytes = encodeCheckpoint(trainer.checkpoint());
 * ```
 */
export class Trainer {
  step = 0;
  sequencesSeen = 0;
  nanEvents = 0;
  /** Steps in a row that met non-finite values (0 after any good step). */
  consecutiveBadSteps = 0;
  lastEvaluation: EvaluationResult | null = null;
  /** Evaluations in a row that met the stop criteria: the run converges when it reaches `config.stopAfterEvaluations`. */
  evaluationsBelowCriterion = 0;
  /**
   * The step and sequences of the first evaluation that met the stop criteria (null before):
   * from then on the learning rate is `config.learningRateFactorAfterCriterion` of the optimiser's.
   */
  criterionReached: { readonly step: number; readonly sequencesSeen: number } | null = null;
  /**
   * Sequences seen when a decay from progress (`learningRateDecay.startAtCriterion`) began: the
   * first validation result that met the task's criterion at that threshold; null until then.
   */
  learningRateDecayStartedAt: number | null = null;
  /** The best validation result so far, by the task's primary metric (`TASK_PRIMARY_METRIC`), and when it was. */
  bestEvaluation: (EvaluationResult & { readonly step: number; readonly sequencesSeen: number }) | null = null;
  private wallSecondsBefore = 0;
  private readonly fullTask: Task;
  private readonly heldOut: Batch[];
  /** The validation set's first `evaluation.quickSequences` episodes (null without quick evaluations). */
  private readonly quickHeldOut: Batch[] | null;
  private readonly curriculum: LengthCurriculum | null;
  private curriculumTask: { level: number; task: Task } | null = null;
  /** Whether the batch being trained on was drawn at the curriculum's level (not a full-range one). */
  private batchCountsForCurriculum = true;
  private lastGood: LastGoodState | null = null;
  private readonly trainable: NamedParameter[];
  /** The other threads of a data-parallel trainer (null with one worker). */
  private readonly gradientWorkers: GradientWorkers | null;

  private constructor(
    readonly backend: NtmBackend,
    readonly config: ResolvedTrainingConfig,
    readonly model: SequenceModel,
    readonly optimizer: Optimizer,
    private readonly random: Random,
    options: TrainerOptions,
  ) {
    this.fullTask = createTask(config.task, config.taskConfig as never) as Task;
    this.heldOut = heldOutBatches(this.fullTask, config.evaluation.sequences, config.evaluation.seed, Math.max(config.batchSize, 64));
    // The same seed draws the same episodes first, so this is a subset of the full set.
    const quick = config.evaluation.quickSequences;
    this.quickHeldOut = quick === null ? null : heldOutBatches(this.fullTask, quick, config.evaluation.seed, Math.max(config.batchSize, 64));
    const curriculumField = CURRICULUM_FIELDS[config.task];
    if (config.curriculum.kind === 'length' && curriculumField) {
      const maximum = (this.fullTask.config as Record<string, number>)[curriculumField] as number;
      this.curriculum = new LengthCurriculum(config.curriculum, maximum);
    } else {
      this.curriculum = null;
    }
    this.trainable = model.parameters.trainable();
    const evaluationSets = { [VALIDATION_SET]: this.heldOut, ...(this.quickHeldOut === null ? {} : { [QUICK_SET]: this.quickHeldOut }) };
    this.gradientWorkers = config.workers > 1 ? startGradientWorkers(backend, config, model, evaluationSets, options) : null;
  }

  /**
   * A new run: builds the model from the config with the config's seed.
   * @example const trainer = Trainer.create(backend, { task: 'copy' });
   */
  static create(backend: NtmBackend, config: TrainingConfig, options: TrainerOptions = {}): Trainer {
    const resolved = resolveTrainingConfig(config);
    checkWorkersCanStart(resolved, options);
    const model = createModel(backend, resolved.model, { seed: resolved.seed });
    // The batch stream gets its own generator, seeded apart from the weights' (seed + 1 would
    // correlate runs with neighbouring seeds; a split keeps them unrelated).
    const random = new Random(resolved.seed).split();
    return new Trainer(backend, resolved, model, createOptimizer(backend, resolved.optimizer), random, options);
  }

  /**
   * Continues a run from a checkpoint made by {@link Trainer.checkpoint}.
   * @example const trainer = Trainer.resume(backend, readCheckpointFile('run/checkpoint.ntm'));
   */
  static resume(backend: NtmBackend, contents: CheckpointContents, source = 'checkpoint', options: TrainerOptions = {}): Trainer {
    const metadata = checkTrainerMetadata(contents, source);
    if (metadata === null) {
      throw new Error(`${source} holds a model but no trainer state to resume (was it saved by Trainer.checkpoint?)`);
    }
    const { config } = metadata;
    checkWorkersCanStart(config, options);
    const model = loadModel(backend, contents, source);
    const optimizer = createOptimizer(backend, config.optimizer);
    optimizer.setState({
      kind: metadata.optimizer.kind,
      iterations: metadata.optimizer.iterations,
      slots: contents.tensors
        .filter((tensor) => tensor.name.startsWith(optimizerPrefix))
        .map((tensor) => ({ name: tensor.name.slice(optimizerPrefix.length), shape: tensor.shape, values: tensor.values })),
    });
    const trainer = new Trainer(backend, config, model, optimizer, Random.fromState(metadata.random), options);
    trainer.step = metadata.step;
    trainer.sequencesSeen = metadata.sequencesSeen;
    trainer.nanEvents = metadata.nanEvents;
    trainer.wallSecondsBefore = metadata.wallSeconds;
    trainer.lastEvaluation = metadata.lastEvaluation;
    trainer.evaluationsBelowCriterion = metadata.evaluationsBelowCriterion ?? 0;
    trainer.criterionReached = metadata.criterionReached ?? null;
    trainer.learningRateDecayStartedAt = metadata.learningRateDecayStartedAt ?? null;
    trainer.bestEvaluation = metadata.bestEvaluation ?? null;
    optimizer.learningRateScale = trainer.learningRateFactor();
    if (metadata.curriculum && trainer.curriculum) trainer.curriculum.setState(metadata.curriculum);
    return trainer;
  }

  /**
   * The task the next training batch is drawn from: the curriculum's level, or the full task
   * (without a curriculum, or for the curriculum's share of full-range batches, which then do
   * not count toward the level's errors).
   */
  private trainingTask(): Task {
    this.batchCountsForCurriculum = true;
    if (!this.curriculum) return this.fullTask;
    const share = (this.config.curriculum as { readonly fullRangeShare: number }).fullRangeShare;
    // The draw is made only where the share is set, so that other runs keep their batch stream.
    if (share > 0 && !this.curriculum.atMaximum && this.random.next() < share) {
      this.batchCountsForCurriculum = false;
      return this.fullTask;
    }
    const level = this.curriculum.level;
    if (this.curriculumTask?.level !== level) {
      const overrides = { ...this.config.taskConfig, ...curriculumLevelOverrides(this.config.task, level, this.fullTask.config as Record<string, unknown>) };
      this.curriculumTask = { level, task: createTask(this.config.task, overrides as never) as Task };
    }
    return this.curriculumTask.task;
  }

  /** Draws the next training batch and trains on it (one worker only; see {@link trainStepAsync}). */
  trainStep(): StepReport {
    this.checkSingleThreaded('trainStep');
    return this.trainOnBatch(this.trainingTask().sample(this.random, this.config.batchSize));
  }

  /** Draws the next training batch and trains on it, on every worker of the config. */
  trainStepAsync(): Promise<StepReport> {
    return this.trainOnBatchAsync(this.trainingTask().sample(this.random, this.config.batchSize));
  }

  /** One update on a given batch (tests use it to inject a bad batch); one worker only. */
  trainOnBatch(batch: Batch): StepReport {
    this.checkSingleThreaded('trainOnBatch');
    const started = performance.now();
    const shards = splitBatch(batch, this.config.gradientShards);
    if (shards.length === 1) {
      // One shard: its gradients as they come, the very bits that combining one shard gives (×1 in float64).
      const { cost, bitErrors, gradients } = computeBatchGradients(this.model, batch);
      return this.applyGradients(batch, cost, bitErrors, gradients, started);
    }
    const { cost, bitErrors, gradients } = combineShardGradients(shards.map((shard) => this.gradientsAsArrays(shard)));
    return this.applyGradients(batch, cost, bitErrors, this.gradientTensors(gradients), started);
  }

  /** One update on a given batch, its gradients computed on every worker of the config. */
  async trainOnBatchAsync(batch: Batch): Promise<StepReport> {
    if (this.gradientWorkers === null) return this.trainOnBatch(batch);
    const started = performance.now();
    const { cost, bitErrors, gradients } = await this.parallelGradients(this.gradientWorkers, batch);
    return this.applyGradients(batch, cost, bitErrors, this.gradientTensors(gradients), started);
  }

  /** Gradient arrays (in `trainable()` order) as tensors of their parameters' shapes. */
  private gradientTensors(gradients: readonly Float32Array[]): Tensor[] {
    return gradients.map((values, index) => this.backend.tensor(values, (this.trainable[index] as NamedParameter).variable.shape));
  }

  /**
   * The gradients of the training loss on a batch at the current weights, its cost and bit
   * errors, computed as a step would (on every worker of the config), without updating anything.
   *
   * @example const { gradients } = await trainer.computeGradients(batch); // one Float32Array per trainable parameter
   */
  async computeGradients(batch: Batch): Promise<ShardGradients> {
    if (this.gradientWorkers !== null) return this.parallelGradients(this.gradientWorkers, batch);
    return combineShardGradients(splitBatch(batch, this.config.gradientShards).map((shard) => this.gradientsAsArrays(shard)));
  }

  private checkSingleThreaded(method: string): void {
    if (this.gradientWorkers !== null) {
      throw new Error(`Trainer.${method} runs on one thread, but this trainer has workers ${this.config.workers}: use await trainer.${method}Async()`);
    }
  }

  /** This thread's gradients of a batch (or shard), read into arrays; frees the tensors. */
  private gradientsAsArrays(batch: Batch): ShardGradients {
    const { cost, bitErrors, gradients } = computeBatchGradients(this.model, batch);
    const arrays = gradients.map((gradient) => Float32Array.from(this.backend.readSync(gradient)));
    this.backend.dispose(gradients);
    return { sequences: batch.shape.batchSize, cost, bitErrors, gradients: arrays };
  }

  /**
   * The data-parallel gradients: shard i on thread i mod W (thread 0 is this one), from the
   * current weights, combined in shard order, so they are the one-thread gradients, bit for bit.
   */
  private async parallelGradients(workers: GradientWorkers, batch: Batch): Promise<ShardGradients> {
    // Copies: the workers' messages must never hold (or detach) the backend's own storage.
    const parameters = this.model.parameters.list().map(({ variable }) => Float32Array.from(this.backend.readSync(variable)));
    const shards = await shareAmongThreads(
      splitBatch(batch, this.config.gradientShards),
      this.config.workers,
      (shard) => this.gradientsAsArrays(shard),
      (theirs) => workers.computeShards(parameters, theirs),
    );
    return combineShardGradients(shards);
  }

  /** The NaN guard, clipping and the optimiser; frees `gradients`. */
  private applyGradients(batch: Batch, cost: number, bitErrors: number, gradients: Tensor[], started: number): StepReport {
    const { backend, config } = this;
    const variables = this.trainable.map((parameter) => parameter.variable);
    let skipped = false;
    let rolledBack = false;
    let gradientNorm = Number.NaN;
    // The state to go back to must exist before the first update can spoil the weights.
    if (this.lastGood === null) this.rememberGoodState();
    if (Number.isFinite(cost)) {
      // The sequences seen before this batch decide its rate, so a resumed run takes the same steps.
      this.optimizer.learningRateScale = this.learningRateFactor();
      // The NaN guard, clipping and the update: one fused kernel on tfjs-wasm.
      const outcome = this.optimizer.step(this.trainable, gradients, config.clipping);
      gradientNorm = outcome.globalNorm;
      skipped = !outcome.gradientsFinite || !outcome.resultFinite;
      // Finite gradients can still overflow the update (a learning rate of 1e38, a slot's g²):
      // undo it here, so that no later step, evaluation or checkpoint ever sees the result.
      if (!outcome.resultFinite) rolledBack = this.restoreLastGood();
    } else {
      skipped = true;
    }
    if (skipped && !rolledBack && !allFinite(backend, variables)) rolledBack = this.restoreLastGood();
    backend.dispose(gradients);
    if (skipped) {
      this.nanEvents++;
      this.consecutiveBadSteps++;
    } else {
      this.consecutiveBadSteps = 0;
    }

    if (!skipped) {
      this.step++;
      this.sequencesSeen += batch.shape.batchSize;
      if (this.batchCountsForCurriculum) this.curriculum?.record(bitErrors);
    }
    return {
      step: this.step,
      sequencesSeen: this.sequencesSeen,
      cost: skipped ? Number.NaN : cost,
      bitErrors: skipped ? Number.NaN : bitErrors,
      gradientNorm,
      skipped,
      rolledBack,
      curriculumLevel: this.curriculum?.level ?? null,
      seconds: (performance.now() - started) / 1000,
    };
  }

  /**
   * Scores the model on the fixed validation set, judging nothing and changing nothing.
   * @example trainer.measureValidation().bitErrors // 0.04
   */
  measureValidation(): EvaluationResult {
    return evaluateModel(this.model, this.heldOut);
  }

  /**
   * Scores the model on the fixed validation set ({@link measureValidation}) and judges the result: remembers the state as
   * the last good one, keeps the best result, counts evaluations in a row that meet the stop
   * criteria, and the first time they are met lowers the learning rate by
   * `config.learningRateFactorAfterCriterion` (the steps that found the solution can also leave it).
   * With `config.evaluation.quickSequences`, while the last result was far from the criterion
   * (see `TrainingConfig.evaluation`) it scores only that many episodes, and the result counts
   * for nothing but the best checkpoint until the first full evaluation.
   *
   * @example const { bitErrors, best } = trainer.evaluate(); // best: save a best checkpoint now
   */
  evaluate(): ValidationResult {
    const quick = this.nextEvaluationIsQuick();
    return this.judge(quick ? evaluateModel(this.model, this.quickHeldOut as Batch[]) : this.measureValidation(), quick);
  }

  /**
   * {@link evaluate}, its batches scored on every worker of the config (batch i on thread
   * i mod W), added in order: the same result, bit for bit, as on this thread alone.
   *
   * @example const { bitErrors } = await trainer.evaluateAsync();
   */
  async evaluateAsync(): Promise<ValidationResult> {
    if (this.gradientWorkers === null) return this.evaluate();
    const quick = this.nextEvaluationIsQuick();
    const [set, batches] = quick ? [QUICK_SET, this.quickHeldOut as Batch[]] : [VALIDATION_SET, this.heldOut];
    const workers = this.gradientWorkers;
    const parameters = this.model.parameters.list().map(({ variable }) => Float32Array.from(this.backend.readSync(variable)));
    const scores = await shareAmongThreads(
      batches.map((_, index) => index),
      this.config.workers,
      (index) => scoreBatch(this.model, batches[index] as Batch),
      (theirs) => workers.scoreBatches(parameters, set, theirs),
    );
    return this.judge(summarizeScores(scores), quick);
  }

  private nextEvaluationIsQuick(): boolean {
    return this.quickHeldOut !== null && this.farFromCriterion();
  }

  /** Everything {@link evaluate} decides from a validation result. */
  private judge(result: EvaluationResult, quick: boolean): ValidationResult {
    const { config } = this;
    this.lastEvaluation = result;
    if (Number.isFinite(result.cost)) this.rememberGoodState();
    // A quick evaluation only says the run is still far off: it never counts towards the stop
    // rule, and keeps the best checkpoint only until the first full evaluation replaces it (so
    // that a run stopped early still has one), since the two sets' figures do not compare.
    const bestIsQuick = this.bestEvaluation !== null && this.bestEvaluation.sequences !== config.evaluation.sequences;
    const best = quick
      ? (this.bestEvaluation === null || bestIsQuick) && isBetterEvaluation(config.task, result, this.bestEvaluation)
      : isBetterEvaluation(config.task, result, bestIsQuick ? null : this.bestEvaluation);
    if (best) this.bestEvaluation = { ...result, step: this.step, sequencesSeen: this.sequencesSeen };
    const meetsCriteria = !quick && meetsStopCriteria(config, result);
    this.evaluationsBelowCriterion = meetsCriteria ? this.evaluationsBelowCriterion + 1 : 0;
    const firstMetCriteria = meetsCriteria && this.criterionReached === null;
    if (firstMetCriteria) this.criterionReached = { step: this.step, sequencesSeen: this.sequencesSeen };
    const decay = config.learningRateDecay;
    if (!quick && decay !== null && 'startAtCriterion' in decay && this.learningRateDecayStartedAt === null) {
      if (meetsStopCriteria(taskStopCriteria(config.task, decay.startAtCriterion), result)) this.learningRateDecayStartedAt = this.sequencesSeen;
    }
    this.optimizer.learningRateScale = this.learningRateFactor();
    return { ...result, best, meetsCriteria, firstMetCriteria };
  }

  /**
   * True when the last validation result (quick or full) was more than
   * {@link QUICK_EVALUATION_FACTOR} times each stop criterion's threshold away, or there is none
   * yet: the next evaluation may then be a quick one. False without stop criteria.
   */
  private farFromCriterion(): boolean {
    const { config, lastEvaluation } = this;
    const scale = (threshold: number | null) => (threshold === null ? null : threshold * QUICK_EVALUATION_FACTOR);
    const loose = {
      stopAtBitErrors: scale(config.stopAtBitErrors),
      stopAtCost: scale(config.stopAtCost),
      stopAtCostOverOptimal: scale(config.stopAtCostOverOptimal),
    };
    if (loose.stopAtBitErrors === null && loose.stopAtCost === null && loose.stopAtCostOverOptimal === null) return false;
    return lastEvaluation === null || !meetsStopCriteria(loose, lastEvaluation);
  }

  /**
   * The factor on the optimiser's learning rate now: `config.learningRateFactorAfterCriterion`
   * once the criterion has been met, times the decay over the sequences seen.
   */
  private learningRateFactor(): number {
    const { config } = this;
    const afterCriterion = this.criterionReached === null ? 1 : config.learningRateFactorAfterCriterion;
    return afterCriterion * learningRateDecayFactor(config.learningRateDecay, this.sequencesSeen, this.learningRateDecayStartedAt);
  }

  private rememberGoodState(): void {
    const parameters = this.trainable.map(({ variable }) => Float32Array.from(this.backend.readSync(variable)));
    const optimizer = this.optimizer.getState();
    // Only a finite state is worth going back to (weights poisoned from outside, say, are not).
    if (![...parameters, ...optimizer.slots.map((slot) => slot.values)].every((values) => values.every(Number.isFinite))) return;
    this.lastGood = { parameters, optimizer };
  }

  private restoreLastGood(): boolean {
    if (!this.lastGood) return false;
    this.trainable.forEach(({ variable }, index) => {
      const value = this.backend.tensor(this.lastGood?.parameters[index] as Float32Array, variable.shape);
      variable.assign(value);
      this.backend.dispose(value);
    });
    this.optimizer.setState(this.lastGood.optimizer);
    return true;
  }

  /** Wall seconds of training so far, including before a resume. */
  get wallSeconds(): number {
    return this.wallSecondsBefore + this.runSeconds;
  }
  private runSeconds = 0;

  /**
   * Trains until a stop condition of the config (steps, time budget, held-out bit errors) or
   * `shouldStop`, or until the run diverges (see {@link MAX_CONSECUTIVE_BAD_STEPS}). Yields to
   * the event loop between steps so signals and UI events get through. With a time budget, steps
   * start while time remains (but see `budgetOverrun`).
   */
  async run(options: RunTrainingOptions = {}): Promise<StopReason> {
    const { config } = this;
    const emit = options.onEvent ?? (() => {});
    const startedAt = performance.now() - this.runSeconds * 1000;
    let smoothedRate = 0;
    const maxBadSteps = options.maxConsecutiveBadSteps ?? MAX_CONSECUTIVE_BAD_STEPS;
    if (this.lastGood === null) this.rememberGoodState();
    this.consecutiveBadSteps = 0;
    // The time budget: a step starts while time remains, but with `budgetOverrun` not one that
    // the last step's duration (and the last evaluation's, when one would follow) predicts would
    // end that far past it. The steps of a run take much the same time, so a long one is seen coming.
    const budgetOverrun = options.budgetOverrun ?? null;
    let stepSeconds = 0;
    let evaluationSeconds = 0;
    for (;;) {
      if (options.shouldStop?.()) return 'stopped';
      if (config.maxSteps !== null && this.step >= config.maxSteps) return 'max-steps';
      if (config.timeBudgetSeconds !== null) {
        const elapsed = (performance.now() - startedAt) / 1000;
        const predicted = stepSeconds + ((this.step + 1) % config.evaluation.every === 0 ? evaluationSeconds : 0);
        if (elapsed >= config.timeBudgetSeconds) return 'time-budget';
        if (budgetOverrun !== null && elapsed + predicted > config.timeBudgetSeconds * (1 + budgetOverrun)) return 'time-budget';
      }
      const levelBefore = this.curriculum?.level;
      const report = await this.trainStepAsync();
      this.runSeconds = (performance.now() - startedAt) / 1000;
      stepSeconds = report.seconds;
      const rate = report.skipped ? smoothedRate : config.batchSize / report.seconds;
      smoothedRate = smoothedRate === 0 ? rate : 0.9 * smoothedRate + 0.1 * rate;
      emit({ kind: 'step', ...report, sequencesPerSecond: smoothedRate, wallSeconds: this.wallSeconds, nanEvents: this.nanEvents });
      if (report.skipped) {
        emit({ kind: 'nan', step: this.step, action: report.rolledBack ? 'rolled-back' : 'skipped', nanEvents: this.nanEvents });
        if (this.consecutiveBadSteps >= maxBadSteps) return 'diverged';
      }
      if (this.curriculum && this.curriculum.level !== levelBefore) emit({ kind: 'curriculum', step: this.step, level: this.curriculum.level });
      if (!report.skipped && this.step % config.evaluation.every === 0) {
        const evaluationStarted = performance.now();
        const { firstMetCriteria, ...result } = await this.evaluateAsync();
        evaluationSeconds = (performance.now() - evaluationStarted) / 1000;
        this.runSeconds = (performance.now() - startedAt) / 1000; // the evaluation's time counts too
        emit({ kind: 'evaluation', step: this.step, sequencesSeen: this.sequencesSeen, wallSeconds: this.wallSeconds, ...result });
        if (firstMetCriteria) {
          emit({ kind: 'criterion', step: this.step, sequencesSeen: this.sequencesSeen, learningRateScale: this.optimizer.learningRateScale });
        }
        if (this.evaluationsBelowCriterion >= config.stopAfterEvaluations) return 'converged';
      }
      await yieldToEventLoop();
    }
  }

  /**
   * Everything needed to resume exactly, ready for `encodeCheckpoint` / `saveCheckpointFile`:
   * the model (config and weights), the optimiser's slots, the batch generator, the curriculum.
   */
  checkpoint(): CheckpointContents {
    const optimizerState = this.optimizer.getState();
    const extraTensors: CheckpointTensor[] = optimizerState.slots.map((slot) => ({
      name: optimizerPrefix + slot.name,
      shape: slot.shape,
      values: slot.values,
    }));
    const trainer: TrainerMetadata = {
      formatVersion: TRAINER_FORMAT_VERSION,
      config: this.config,
      step: this.step,
      sequencesSeen: this.sequencesSeen,
      nanEvents: this.nanEvents,
      wallSeconds: this.wallSeconds,
      random: this.random.getState(),
      curriculum: this.curriculum?.getState() ?? null,
      optimizer: { kind: optimizerState.kind, iterations: optimizerState.iterations },
      lastEvaluation: this.lastEvaluation,
      evaluationsBelowCriterion: this.evaluationsBelowCriterion,
      criterionReached: this.criterionReached,
      learningRateDecayStartedAt: this.learningRateDecayStartedAt,
      bestEvaluation: this.bestEvaluation,
    };
    return modelCheckpoint(this.model, { extraTensors, metadata: { trainer } });
  }

  /** Frees the model and the optimiser, and stops the gradient workers. */
  dispose(): void {
    this.gradientWorkers?.dispose();
    this.optimizer.dispose();
    this.model.dispose();
  }
}

/** A config asking for several workers needs a way to start them: say so before building anything. */
function checkWorkersCanStart(config: ResolvedTrainingConfig, options: TrainerOptions): void {
  if (config.workers > 1 && options.gradientWorkers === undefined) {
    throw new Error(
      `workers is ${config.workers}, but no gradientWorkers were given to start them with ` +
        `(in Node: Trainer.create(backend, config, { gradientWorkers: nodeGradientWorkers({ script }) }) with nodeGradientWorkers from '@ntm/trainer/node'; or set workers: 1)`,
    );
  }
}

function startGradientWorkers(
  backend: NtmBackend,
  config: ResolvedTrainingConfig,
  model: SequenceModel,
  evaluationSets: ReplicaSpec['evaluationSets'],
  options: TrainerOptions,
): GradientWorkers {
  const replica: ReplicaSpec = {
    backendName: backend.name,
    model: config.model,
    parameterPaths: model.parameters.list().map(({ path }) => path),
    trainablePaths: model.parameters.trainable().map(({ path }) => path),
    evaluationSets,
  };
  return (options.gradientWorkers as GradientWorkersFactory)(replica, config.workers - 1);
}

function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => void }).setImmediate;
  return new Promise((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)));
}
