import type { NtmBackend } from '@ntm/backend';
import { createReferenceBackend } from '@ntm/backend-reference';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceContext } from './conformance-context.js';
import { describeErrors } from './describe-errors.js';
import { describeFusedKernels } from './describe-fused.js';
import { describeGradients } from './describe-gradients.js';
import { describeIdentity } from './describe-identity.js';
import { describeMemory } from './describe-memory.js';
import { describeOperations } from './describe-operations.js';
import { describeOptimizerUpdate } from './describe-optimizer-update.js';
import { describeVariables } from './describe-variables.js';
import {
  FLOAT32_GRADIENT_TOLERANCE,
  FLOAT32_TOLERANCE,
  FLOAT64_GRADIENT_TOLERANCE,
  FLOAT64_TOLERANCE,
  resolveTolerance,
  type ToleranceInput,
} from './tolerance.js';

/** Options of {@link describeBackendConformance}. */
export interface BackendConformanceOptions {
  /**
   * Forward values against the float64 reference, scaled up for long reductions. Default by the
   * backend's `capabilities.precision`: {@link FLOAT32_TOLERANCE} (relative 1e-5, absolute
   * 1e-6) or {@link FLOAT64_TOLERANCE}. A number `t` means `{ relative: t, absolute: t / 10 }`;
   * a partial object fills in from the default.
   */
  readonly tolerance?: ToleranceInput;
  /**
   * Gradients against float64 finite differences, relative to the largest entry of each
   * gradient. Default {@link FLOAT32_GRADIENT_TOLERANCE} or {@link FLOAT64_GRADIENT_TOLERANCE}.
   */
  readonly gradientTolerance?: ToleranceInput;
  /** Seed of the random inputs (default 20141020, the NTM paper's arXiv date). */
  readonly seed?: number;
}

/**
 * Registers the conformance suite of the backend contract as vitest `describe`/`it` blocks:
 * identity and capabilities; every operation on hand-computed values and on seeded random
 * inputs against the float64 reference (the NTM's broadcasting patterns, batched matMul with
 * transposes, softmax near ±1000, softplus/logSigmoid at ±80, …); tidy/keep/dispose/numTensors
 * bookkeeping; variables; errors on bad arguments; and, when `capabilities.gradients` is true,
 * `valueAndGradients`/`variableGradients` against float64 central differences; and the fused
 * hooks a backend offers (`backend.fused.memoryStep`, `backend.fused.ntmSequence`, `backend.fused.optimizerUpdate`) against their
 * generic composition on the float64 reference backend, values and gradients.
 *
 * Call it at the top level of a test file, as tfjs's `setTestEnvs` runs one suite on every
 * backend. The backend is created once, in `beforeAll`.
 *
 * @example
 * ```ts
 * // packages/backend-tfjs/src/tfjs-wasm.conformance.test.ts
 * import { describeBackendConformance } from '@ntm/backend-conformance';
 * import { createTfjsBackend } from './create-tfjs-backend.js';
 *
 * describeBackendConformance('tfjs-wasm', () => createTfjsBackend('wasm'));
 * ```
 */
export function describeBackendConformance(
  label: string,
  createBackend: () => Promise<NtmBackend> | NtmBackend,
  options: BackendConformanceOptions = {},
): void {
  let backend: NtmBackend | undefined;
  // Tolerances are settled in beforeAll, once the backend says its precision.
  const context: { -readonly [K in keyof ConformanceContext]: ConformanceContext[K] } = {
    backend: () => {
      if (!backend) throw new Error(`backend conformance "${label}": the backend is not created yet (its factory failed, or this ran outside a test)`);
      return backend;
    },
    reference: createReferenceBackend(),
    tolerance: FLOAT32_TOLERANCE,
    gradientTolerance: FLOAT32_GRADIENT_TOLERANCE,
    seed: options.seed ?? 20141020,
    variablePrefix: `conformance/${label}`,
  };

  describe(`backend conformance: ${label}`, () => {
    let baseline = 0;
    beforeAll(async () => {
      backend = await createBackend();
      const float64 = backend.capabilities?.precision === 'float64';
      context.tolerance = resolveTolerance(options.tolerance, float64 ? FLOAT64_TOLERANCE : FLOAT32_TOLERANCE);
      context.gradientTolerance = resolveTolerance(options.gradientTolerance, float64 ? FLOAT64_GRADIENT_TOLERANCE : FLOAT32_GRADIENT_TOLERANCE);
      baseline = backend.numTensors();
    });
    describeIdentity(context);
    describeOperations(context);
    describeMemory(context);
    describeVariables(context);
    describeErrors(context);
    describeGradients(context);
    describeFusedKernels(context);
    describeOptimizerUpdate(context);
    // Runs last (vitest runs a file's tests in order): every test above must clean up after itself.
    it('the whole suite leaves numTensors where it started', () => {
      expect(context.backend().numTensors()).toBe(baseline);
    });
  });
}
