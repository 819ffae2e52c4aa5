import { describeValue } from '@ntm/backend';
import { CheckpointError, resolveModelConfig, type CheckpointContents } from '@ntm/machine';
import { Random, type RandomState } from '@ntm/random';
import type { CurriculumState } from './curriculum.js';
import type { EvaluationResult } from './evaluation.js';
import type { OptimizerState } from './optimizers/index.js';
import { resolveTrainingConfig, type ResolvedTrainingConfig } from './training-config.js';

/**
 * The version of the trainer's part of a checkpoint that this package writes and reads.
 * @example checkpoint.metadata.trainer.formatVersion === TRAINER_FORMAT_VERSION
 */
export const TRAINER_FORMAT_VERSION = 1;

/** The trainer's part of a checkpoint's metadata (`metadata.trainer`), as `Trainer.checkpoint` writes it. */
export interface TrainerMetadata {
  readonly formatVersion: typeof TRAINER_FORMAT_VERSION;
  readonly config: ResolvedTrainingConfig;
  readonly step: number;
  readonly sequencesSeen: number;
  readonly nanEvents: number;
  readonly wallSeconds: number;
  readonly random: RandomState;
  readonly curriculum: CurriculumState | null;
  readonly optimizer: { readonly kind: OptimizerState['kind']; readonly iterations: number };
  readonly lastEvaluation: EvaluationResult | null;
  /** Evaluations in a row below the stop criterion so far (absent in checkpoints made before the rule: 0). */
  readonly evaluationsBelowCriterion?: number;
  /** When the stop criteria were first met (absent in older checkpoints: never). */
  readonly criterionReached?: { readonly step: number; readonly sequencesSeen: number } | null;
  /** Sequences seen when a decay from progress began (absent in older checkpoints, or none yet: null). */
  readonly learningRateDecayStartedAt?: number | null;
  /** The best validation result so far (absent in older checkpoints: none). */
  readonly bestEvaluation?: (EvaluationResult & { readonly step: number; readonly sequencesSeen: number }) | null;
}

/**
 * Checks the meaning of a checkpoint's trainer state, which its CRC cannot: a known format
 * version, counts that are integers ≥ 0 (a step of −5 passes a CRC that was recomputed), a
 * config that resolves and describes the very model the checkpoint holds, a usable generator
 * state, an optimiser of the config's kind. Returns null for a checkpoint without trainer state
 * (a model alone); throws a `CheckpointError` naming the source, the field, its value and what
 * was expected.
 *
 * @example
 * ```ts
 * checkTrainerMetadata(readCheckpointFile('runs/copy/checkpoint.ntm'), 'runs/copy/checkpoint.ntm')?.step; // 2000
 * ```
 */
export function checkTrainerMetadata(contents: CheckpointContents, source = 'checkpoint'): TrainerMetadata | null {
  const state: unknown = contents.metadata['trainer'];
  if (state === undefined) return null;
  const fail = (field: string, value: unknown, expected: string): never => {
    throw new CheckpointError(`${source}: trainer.${field} is ${describeValue(value)}; expected ${expected}`);
  };
  if (state === null || typeof state !== 'object' || Array.isArray(state)) {
    throw new CheckpointError(`${source}: trainer is ${describeValue(state)}; expected an object`);
  }
  const given = state as Record<string, unknown>;
  if (given['formatVersion'] !== TRAINER_FORMAT_VERSION) {
    fail('formatVersion', given['formatVersion'], `${TRAINER_FORMAT_VERSION} (the version this @ntm/trainer reads)`);
  }
  let config: ResolvedTrainingConfig;
  try {
    config = resolveTrainingConfig(withGradientShards(given['config']));
  } catch (error) {
    throw new CheckpointError(`${source}: trainer.config is not a valid training config: ${(error as Error).message}`);
  }
  for (const field of ['step', 'sequencesSeen', 'nanEvents']) {
    const value = given[field];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) fail(field, value, 'an integer >= 0');
  }
  const wallSeconds = given['wallSeconds'];
  if (typeof wallSeconds !== 'number' || !Number.isFinite(wallSeconds) || wallSeconds < 0) fail('wallSeconds', wallSeconds, 'a finite number >= 0');
  try {
    Random.fromState(given['random'] as RandomState);
  } catch (error) {
    fail('random', given['random'], `a generator state (${(error as Error).message})`);
  }
  const optimizer = given['optimizer'] as { kind?: unknown; iterations?: unknown } | null;
  if (optimizer?.kind !== config.optimizer.kind) fail('optimizer.kind', optimizer?.kind, `"${config.optimizer.kind}", the config's optimiser`);
  const iterations = optimizer?.iterations;
  if (typeof iterations !== 'number' || !Number.isSafeInteger(iterations) || iterations < 0) fail('optimizer.iterations', iterations, 'an integer >= 0');
  const curriculum = given['curriculum'];
  if (curriculum !== null && (typeof curriculum !== 'object' || Array.isArray(curriculum))) fail('curriculum', curriculum, 'null or a curriculum state');
  const below = given['evaluationsBelowCriterion'];
  if (below !== undefined && (typeof below !== 'number' || !Number.isSafeInteger(below) || below < 0))
    fail('evaluationsBelowCriterion', below, 'an integer >= 0');
  const decayStart = given['learningRateDecayStartedAt'];
  if (decayStart !== undefined && decayStart !== null && (typeof decayStart !== 'number' || !Number.isSafeInteger(decayStart) || decayStart < 0))
    fail('learningRateDecayStartedAt', decayStart, 'null or an integer >= 0');
  for (const field of ['criterionReached', 'bestEvaluation']) {
    const value = given[field] as Record<string, unknown> | null | undefined;
    if (value === undefined || value === null) continue;
    const step = typeof value === 'object' && !Array.isArray(value) ? value['step'] : undefined;
    if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 0) fail(field, value, 'null or an object with an integer step >= 0');
  }
  const lastEvaluation = given['lastEvaluation'];
  if (lastEvaluation !== null && (typeof lastEvaluation !== 'object' || Array.isArray(lastEvaluation)))
    fail('lastEvaluation', lastEvaluation, 'null or an evaluation');
  // The model the tensors belong to is the manifest's; the config must describe the same one.
  let model: string;
  try {
    model = JSON.stringify(resolveModelConfig(contents.model));
  } catch (error) {
    throw new CheckpointError(`${source} holds an invalid model config: ${(error as Error).message}`);
  }
  if (model !== JSON.stringify(resolveModelConfig(config.model))) {
    throw new CheckpointError(`${source}: trainer.config.model describes another model than the checkpoint's (${model})`);
  }
  return { ...(given as unknown as TrainerMetadata), config };
}

/**
 * A config saved before `gradientShards` existed computed one shard per worker: resuming it
 * with that many shards continues it exactly as it ran.
 */
function withGradientShards(config: unknown): unknown {
  if (config === null || typeof config !== 'object' || Array.isArray(config) || 'gradientShards' in config) return config;
  const workers = (config as { workers?: unknown }).workers;
  return { ...config, gradientShards: workers === undefined ? 1 : workers };
}
