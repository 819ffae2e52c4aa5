import type { NamedParameter, NtmBackend, Tensor } from '@ntm/backend';
import {
  createModel,
  loadModel,
  modelCheckpoint,
  type CheckpointContents,
  type CheckpointTensor,
  type SequenceModel,
} from '@ntm/machine';
import { Random, type RandomState } from '@ntm/random';
import { batchToTensors, bitErrorsPerSequence, createTask, type Batch, type Task } from '@ntm/tasks';
import { CURRICULUM_FIELDS, LengthCurriculum, type CurriculumState } from './curriculum.js';
import { evaluateModel, heldOutBatches, type EvaluationResult } from './evaluation.js';
import { sequenceLossBits } from './loss.js';
import {
  allFinite,
  clipGradientsByGlobalNorm,
  clipGradientsElementwise,
  createOptimizer,
  type Optimizer,
  type OptimizerState,
} from './optimizers/index.js';
import { resolveTrainingConfig, type ResolvedTrainingConfig, type TrainingConfig } from './training-config.js';

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
  /** True when a non-finite loss or gradient made the trainer skip the update. */
  readonly skipped: boolean;
  /** True when the weights themselves had gone non-finite and the last good state was restored. */
  readonly rolledBack: boolean;
  /** The curriculum's current maximum length (null without a curriculum). */
  readonly curriculumLevel: number | null;
  readonly seconds: number;
}

/** An event of {@link Trainer.run}, for progress bars and logs. */
export type TrainingEvent =
  | ({ readonly kind: 'step'; readonly sequencesPerSecond: number; readonly wallSeconds: number; readonly nanEvents: number } & StepReport)
  | ({ readonly kind: 'evaluation'; readonly step: number; readonly sequencesSeen: number; readonly wallSeconds: number } & EvaluationResult)
  | { readonly kind: 'nan'; readonly step: number; readonly action: 'skipped' | 'rolled-back'; readonly nanEvents: number }
  | { readonly kind: 'curriculum'; readonly step: number; readonly level: number };

/** Why {@link Trainer.run} returned. */
export type StopReason = 'max-steps' | 'time-budget' | 'converged' | 'stopped';

/** Options of {@link Trainer.run}. */
export interface RunTrainingOptions {
  /** Called for every step, evaluation, NaN event and curriculum change. */
  readonly onEvent?: (event: TrainingEvent) => void;
  /** Polled between steps; return true to stop (Ctrl-C, a stop button). */
  readonly shouldStop?: () => boolean;
}

interface LastGoodState {
  readonly parameters: Float32Array[];
  readonly optimizer: OptimizerState;
}

/** The trainer's part of a checkpoint's metadata. */
interface TrainerMetadata {
  readonly formatVersion: 1;
  readonly config: ResolvedTrainingConfig;
  readonly step: number;
  readonly sequencesSeen: number;
  readonly nanEvents: number;
  readonly wallSeconds: number;
  readonly random: RandomState;
  readonly curriculum: CurriculumState | null;
  readonly optimizer: { readonly kind: OptimizerState['kind']; readonly iterations: number };
  readonly lastEvaluation: EvaluationResult | null;
}

const optimizerPrefix = 'optimizer/';

/**
 * Trains a model on one of the paper's tasks: backpropagation through time over whole batched
 * episodes, gradient clipping, an optimiser, an optional length curriculum, evaluation on a
 * fixed held-out set, a NaN guard, and checkpoints that resume exactly.
 *
 * The NaN guard: a non-finite loss or gradient never reaches the weights — the update is
 * skipped and counted. If the weights themselves are found non-finite, the last good state
 * (weights and optimiser, kept at every evaluation) is restored.
 *
 * Exact resume: a checkpoint holds the weights, the optimiser's slots, the batch generator's
 * state, the curriculum and the step, so a resumed run computes the same updates, bit for bit,
 * as one that never stopped (on the same backend).
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
  lastEvaluation: EvaluationResult | null = null;
  private wallSecondsBefore = 0;
  private readonly fullTask: Task;
  private readonly heldOut: Batch[];
  private readonly curriculum: LengthCurriculum | null;
  private curriculumTask: { level: number; task: Task } | null = null;
  private lastGood: LastGoodState | null = null;
  private readonly trainable: NamedParameter[];

  private constructor(
    readonly backend: NtmBackend,
    readonly config: ResolvedTrainingConfig,
    readonly model: SequenceModel,
    readonly optimizer: Optimizer,
    private readonly random: Random,
  ) {
    this.fullTask = createTask(config.task, config.taskConfig as never) as Task;
    this.heldOut = heldOutBatches(this.fullTask, config.evaluation.sequences, config.evaluation.seed, Math.max(config.batchSize, 64));
    const curriculumField = CURRICULUM_FIELDS[config.task];
    if (config.curriculum.kind === 'length' && curriculumField) {
      const maximum = (this.fullTask.config as Record<string, number>)[curriculumField] as number;
      this.curriculum = new LengthCurriculum(config.curriculum, maximum);
    } else {
      this.curriculum = null;
    }
    this.trainable = model.parameters.trainable();
  }

  /**
   * A new run: builds the model from the config with the config's seed.
   * @example const trainer = Trainer.create(backend, { task: 'copy' });
   */
  static create(backend: NtmBackend, config: TrainingConfig): Trainer {
    const resolved = resolveTrainingConfig(config);
    const model = createModel(backend, resolved.model, { seed: resolved.seed });
    // The batch stream gets its own generator, seeded apart from the weights' (seed + 1 would
    // correlate runs with neighbouring seeds; a split keeps them unrelated).
    const random = new Random(resolved.seed).split();
    return new Trainer(backend, resolved, model, createOptimizer(backend, resolved.optimizer), random);
  }

  /**
   * Continues a run from a checkpoint made by {@link Trainer.checkpoint}.
   * @example const trainer = Trainer.resume(backend, readCheckpointFile('run/checkpoint.ntm'));
   */
  static resume(backend: NtmBackend, contents: CheckpointContents, source = 'checkpoint'): Trainer {
    const metadata = contents.metadata['trainer'] as TrainerMetadata | undefined;
    if (metadata?.formatVersion !== 1) {
      throw new Error(`${source} holds a model but no trainer state to resume (was it saved by Trainer.checkpoint?)`);
    }
    const config = resolveTrainingConfig(metadata.config);
    const model = loadModel(backend, contents, source);
    const optimizer = createOptimizer(backend, config.optimizer);
    optimizer.setState({
      kind: metadata.optimizer.kind,
      iterations: metadata.optimizer.iterations,
      slots: contents.tensors
        .filter((tensor) => tensor.name.startsWith(optimizerPrefix))
        .map((tensor) => ({ name: tensor.name.slice(optimizerPrefix.length), shape: tensor.shape, values: tensor.values })),
    });
    const trainer = new Trainer(backend, config, model, optimizer, Random.fromState(metadata.random));
    trainer.step = metadata.step;
    trainer.sequencesSeen = metadata.sequencesSeen;
    trainer.nanEvents = metadata.nanEvents;
    trainer.wallSecondsBefore = metadata.wallSeconds;
    trainer.lastEvaluation = metadata.lastEvaluation;
    if (metadata.curriculum && trainer.curriculum) trainer.curriculum.setState(metadata.curriculum);
    return trainer;
  }

  /** The task training batches are drawn from now (the curriculum's level, or the full task). */
  private trainingTask(): Task {
    if (!this.curriculum) return this.fullTask;
    const level = this.curriculum.level;
    if (this.curriculumTask?.level !== level) {
      const field = CURRICULUM_FIELDS[this.config.task] as string;
      const overrides = { ...this.config.taskConfig, [field]: level };
      // Keep the lower bound of the range at or below the level (copy's minLength, say).
      const lower = field === 'maxItems' ? 'minItems' : 'minLength';
      const minimum = (this.fullTask.config as Record<string, number>)[lower];
      if (minimum !== undefined && minimum > level) overrides[lower] = level;
      this.curriculumTask = { level, task: createTask(this.config.task, overrides as never) as Task };
    }
    return this.curriculumTask.task;
  }

  /** Draws the next training batch and trains on it. */
  trainStep(): StepReport {
    return this.trainOnBatch(this.trainingTask().sample(this.random, this.config.batchSize));
  }

  /** One update on a given batch (tests use it to inject a bad batch). */
  trainOnBatch(batch: Batch): StepReport {
    const { backend, model, config } = this;
    const started = performance.now();
    const variables = this.trainable.map((parameter) => parameter.variable);
    // The forward pass's probabilities, kept out of the gradient scope for the bit-error metric.
    const kept: { probabilities?: Tensor } = {};
    const { value, gradients } = backend.tidy(() => {
      const { inputs, targets, mask } = batchToTensors(backend, batch);
      return backend.variableGradients(() => {
        const logits = model.run(inputs).logits; // [time, batch, outputs]
        kept.probabilities = backend.keep(backend.sigmoid(logits));
        return sequenceLossBits(backend, logits, targets, mask);
      }, variables);
    });
    const cost = backend.readSync(value)[0] as number;
    const probabilities = kept.probabilities as Tensor; // set by the forward pass above
    const bitErrors = bitErrorsPerSequence(backend.readSync(probabilities), batch).mean;
    backend.dispose([value, probabilities]);

    let skipped = false;
    let rolledBack = false;
    let gradientNorm = Number.NaN;
    if (!Number.isFinite(cost) || !allFinite(backend, gradients)) {
      skipped = true;
      this.nanEvents++;
      if (!allFinite(backend, variables)) rolledBack = this.restoreLastGood();
    } else {
      const elementwise = config.clipping.elementwise === null ? gradients : clipGradientsElementwise(backend, gradients, config.clipping.elementwise);
      const { gradients: clipped, globalNorm } =
        config.clipping.globalNorm === null
          ? { gradients: elementwise, globalNorm: Number.NaN }
          : clipGradientsByGlobalNorm(backend, elementwise, config.clipping.globalNorm);
      gradientNorm = globalNorm;
      this.optimizer.apply(this.trainable, clipped);
      const owned = new Set([...elementwise, ...clipped].filter((tensor) => !gradients.includes(tensor)));
      backend.dispose([...owned]);
    }
    backend.dispose(gradients);

    if (!skipped) {
      this.step++;
      this.sequencesSeen += batch.shape.batchSize;
      this.curriculum?.record(bitErrors);
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

  /** Scores the model on the fixed held-out set, and remembers the state as the last good one. */
  evaluate(): EvaluationResult {
    const result = evaluateModel(this.model, this.heldOut);
    this.lastEvaluation = result;
    if (Number.isFinite(result.cost)) this.rememberGoodState();
    return result;
  }

  private rememberGoodState(): void {
    this.lastGood = {
      parameters: this.trainable.map(({ variable }) => Float32Array.from(this.backend.readSync(variable))),
      optimizer: this.optimizer.getState(),
    };
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
   * `shouldStop`. Yields to the event loop between steps so signals and UI events get through.
   */
  async run(options: RunTrainingOptions = {}): Promise<StopReason> {
    const { config } = this;
    const emit = options.onEvent ?? (() => {});
    const startedAt = performance.now() - this.runSeconds * 1000;
    let smoothedRate = 0;
    if (this.lastGood === null) this.rememberGoodState();
    for (;;) {
      if (options.shouldStop?.()) return 'stopped';
      if (config.maxSteps !== null && this.step >= config.maxSteps) return 'max-steps';
      if (config.timeBudgetSeconds !== null && (performance.now() - startedAt) / 1000 >= config.timeBudgetSeconds) return 'time-budget';
      const levelBefore = this.curriculum?.level;
      const report = this.trainStep();
      this.runSeconds = (performance.now() - startedAt) / 1000;
      const rate = report.skipped ? smoothedRate : config.batchSize / report.seconds;
      smoothedRate = smoothedRate === 0 ? rate : 0.9 * smoothedRate + 0.1 * rate;
      emit({ kind: 'step', ...report, sequencesPerSecond: smoothedRate, wallSeconds: this.wallSeconds, nanEvents: this.nanEvents });
      if (report.skipped) {
        emit({ kind: 'nan', step: this.step, action: report.rolledBack ? 'rolled-back' : 'skipped', nanEvents: this.nanEvents });
      }
      if (this.curriculum && this.curriculum.level !== levelBefore) emit({ kind: 'curriculum', step: this.step, level: this.curriculum.level });
      if (!report.skipped && this.step % config.evaluation.every === 0) {
        const result = this.evaluate();
        this.runSeconds = (performance.now() - startedAt) / 1000; // the evaluation's time counts too
        emit({ kind: 'evaluation', step: this.step, sequencesSeen: this.sequencesSeen, wallSeconds: this.wallSeconds, ...result });
        if (config.stopAtBitErrors !== null && result.bitErrors < config.stopAtBitErrors) return 'converged';
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
      formatVersion: 1,
      config: this.config,
      step: this.step,
      sequencesSeen: this.sequencesSeen,
      nanEvents: this.nanEvents,
      wallSeconds: this.wallSeconds,
      random: this.random.getState(),
      curriculum: this.curriculum?.getState() ?? null,
      optimizer: { kind: optimizerState.kind, iterations: optimizerState.iterations },
      lastEvaluation: this.lastEvaluation,
    };
    return modelCheckpoint(this.model, { extraTensors, metadata: { trainer } });
  }

  /** Frees the model and the optimiser. */
  dispose(): void {
    this.optimizer.dispose();
    this.model.dispose();
  }
}

function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => void }).setImmediate;
  return new Promise((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)));
}
