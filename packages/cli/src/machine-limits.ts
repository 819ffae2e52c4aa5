import { totalmem } from 'node:os';
import { estimateTrainingFootprint, type ResolvedTrainingConfig, type TrainingFootprint } from '@ntm/trainer';
import { UsageError } from './errors.js';
import { formatBytes, formatDuration } from './format.js';

/**
 * The most a tfjs-wasm backend can hold: WebAssembly's 32-bit memory, whose tfjs build grows to
 * at most 4 GiB.
 * @example WASM_MEMORY_BYTES / 2 ** 30 // 4
 */
export const WASM_MEMORY_BYTES = 4 * 2 ** 30;

/**
 * The share of the machine's memory a run may plan to use: the rest is the system's, the other
 * programs' and Node's own.
 * @example MEMORY_SHARE * totalmem() // the most a tfjs-cpu run may need
 */
export const MEMORY_SHARE = 0.75;

/**
 * A generous rate of floating-point operations for one CPU thread (a laptop core with SIMD
 * manages 5–20 GFLOP/s on these kernels): a step whose work would take longer than the time
 * budget even at this rate is refused before it starts.
 * @example estimate.stepFlops / OPTIMISTIC_FLOPS_PER_SECOND // the fewest seconds a step can take
 */
export const OPTIMISTIC_FLOPS_PER_SECOND = 50e9;

/** What {@link checkTrainingLimits} compares a run with: the backend and the machine. */
export interface MachineLimits {
  /** `--backend`, or undefined for the default (tfjs-wasm where it starts). */
  readonly backend: string | undefined;
  /** Bytes of memory of the machine (default `os.totalmem()`). */
  readonly totalMemory?: number;
}

/**
 * Refuses, before anything is allocated, a run whose sizes the machine cannot hold, and one
 * whose first step cannot finish within `--time-budget`: the estimate of
 * `estimateTrainingFootprint` against the backend's limit (tfjs-wasm's 4 GiB, or
 * {@link MEMORY_SHARE} of the machine's memory, whichever is less), with the estimate, the limit
 * and the sizes that make it up in the message.
 *
 * @example
 * ```ts
 * checkTrainingLimits(resolveTrainingConfig({ task: 'copy', batchSize: 1e9 }), { backend: undefined });
 * // UsageError: a training run of these sizes needs about 3.24 PiB (…) but tfjs-wasm can hold at most 4.00 GiB; …
 * ```
 */
export function checkTrainingLimits(config: ResolvedTrainingConfig, machine: MachineLimits): void {
  const footprint = checkMemoryFits(config, machine);
  const fewestSeconds = footprint.stepFlops / OPTIMISTIC_FLOPS_PER_SECOND;
  if (config.timeBudgetSeconds !== null && fewestSeconds > config.timeBudgetSeconds) {
    throw new UsageError(
      `one training step of these sizes takes at least ${formatDuration(fewestSeconds)} (${footprint.stepFlops.toExponential(1)} floating-point operations ` +
        `at ${OPTIMISTIC_FLOPS_PER_SECOND / 1e9} GFLOP/s, faster than one thread runs), longer than --time-budget ${formatDuration(config.timeBudgetSeconds)}; ${describeSizes(config)}`,
    );
  }
}

/**
 * The memory half of {@link checkTrainingLimits}, which `eval` and `show` use too (a checkpoint
 * whose config was edited to a memory of 10⁸ slots must not get as far as allocating it);
 * returns the estimate.
 *
 * @example checkMemoryFits(info.trainer.config, { backend: 'tfjs-cpu' }).totalBytes
 */
export function checkMemoryFits(config: ResolvedTrainingConfig, machine: MachineLimits): TrainingFootprint {
  const footprint = estimateTrainingFootprint(config);
  const share = MEMORY_SHARE * (machine.totalMemory ?? totalmem());
  const onWasm = machine.backend === undefined || machine.backend === 'tfjs-wasm';
  const limit =
    onWasm && WASM_MEMORY_BYTES < share
      ? { bytes: WASM_MEMORY_BYTES, what: 'tfjs-wasm can hold at most' }
      : { bytes: share, what: `${Math.round(MEMORY_SHARE * 100)}% of this machine's memory is` };
  if (footprint.totalBytes > limit.bytes) {
    throw new UsageError(
      `a training run of these sizes needs about ${formatBytes(footprint.totalBytes)} (weights and optimiser ${formatBytes(footprint.stateBytes)}, ` +
        `one step's batch and activations ${formatBytes(footprint.stepBytes)}, held-out set ${formatBytes(footprint.evaluationBytes)}) ` +
        `but ${limit.what} ${formatBytes(limit.bytes)}; ${describeSizes(config)}: make them smaller`,
    );
  }
  return footprint;
}

/** The sizes a user can change, as the flags that set them. */
function describeSizes(config: ResolvedTrainingConfig): string {
  const model = config.model as {
    memory?: { slots?: number; wordSize?: number };
    controller?: { layerSizes?: number[]; hiddenSizes?: number[] };
    heads?: { readHeads?: number; writeHeads?: number };
    layerSizes?: number[];
  };
  const controller = model.controller?.layerSizes ?? model.controller?.hiddenSizes ?? model.layerSizes;
  return [
    `--batch-size ${config.batchSize}`,
    model.memory?.slots === undefined ? null : `--memory-slots ${model.memory.slots}`,
    model.memory?.wordSize === undefined ? null : `--word-size ${model.memory.wordSize}`,
    controller === undefined ? null : `--controller-size ${controller.join(',')}`,
    model.heads?.readHeads === undefined || model.heads.readHeads !== model.heads.writeHeads ? null : `--heads ${model.heads.readHeads}`,
    `--eval-sequences ${config.evaluation.sequences}`,
    `--task-config '${JSON.stringify(config.taskConfig)}'`,
  ]
    .filter((size) => size !== null)
    .join(', ');
}
