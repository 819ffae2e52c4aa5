import type { NtmBackend, Tensor } from '@ntm/backend';
import { Random } from '@ntm/random';
import type { RandomInput } from './reference-cases.js';
import { randomValues, readTensor, type TensorValues } from './tensor-values.js';
import type { Tolerance } from './tolerance.js';

/** What every section of the suite shares. */
export interface ConformanceContext {
  /** The backend under test; created in `beforeAll`, so only call this inside tests. */
  readonly backend: () => NtmBackend;
  /** The float64 oracle. */
  readonly reference: NtmBackend;
  readonly tolerance: Tolerance;
  readonly gradientTolerance: Tolerance;
  /** Seed of the random inputs; each case derives its own stream from it. */
  readonly seed: number;
  /** A prefix that makes variable names unique to this suite run. */
  readonly variablePrefix: string;
}

/**
 * Runs `run` on `inputs` inside a tidy and reads the result back as plain values, so a case
 * leaves no tensor behind on the backend.
 */
export function evaluateOn(
  backend: NtmBackend,
  run: (backend: NtmBackend, ...inputs: Tensor[]) => Tensor,
  inputs: readonly TensorValues[],
): { values: Float64Array; shape: number[] } {
  let result: { values: Float64Array; shape: number[] } | undefined;
  backend.tidy(() => {
    const tensors = inputs.map((input) => backend.tensor(input.values, input.shape));
    result = readTensor(backend, run(backend, ...tensors));
  });
  return result as { values: Float64Array; shape: number[] };
}

/** The random values of a case's inputs, from a stream of its own (so adding cases moves no other). */
export function randomInputs(seed: number, caseIndex: number, inputs: readonly RandomInput[]): TensorValues[] {
  const random = new Random(seed * 7919 + caseIndex);
  return inputs.map((input) => randomValues(random, input.shape, input.min, input.max));
}

/** Relative tolerance grows linearly past 32 summed terms (the worst-case float rounding bound). */
export function scaledForReduction(tolerance: Tolerance, reductionLength = 1): Tolerance {
  return { relative: tolerance.relative * Math.max(1, reductionLength / 32), absolute: tolerance.absolute };
}
