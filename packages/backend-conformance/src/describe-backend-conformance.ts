import type { NtmBackend } from '@ntm/backend';
import { createReferenceBackend } from '@ntm/backend-reference';
import { beforeAll, describe } from 'vitest';
import type { ConformanceContext } from './conformance-context.js';
import { describeErrors } from './describe-errors.js';
import { describeFusedKernels } from './describe-fused.js';
import { describeGradients } from './describe-gradients.js';
import { describeIdentity } from './describe-identity.js';
import { describeMemory } from './describe-memory.js';
import { describeOperations } from './describe-operations.js';
import { describeVariables } from './describe-variables.js';
import { FLOAT32_GRADIENT_TOLERANCE, FLOAT32_TOLERANCE, resolveTolerance, type ToleranceInput } from './tolerance.js';

/** Options of {@link describeBackendConformance}. */
export interface BackendConformanceOptions {
  /**
   * Forward values against the float64 reference. Default {@link FLOAT32_TOLERANCE}
   * (relative 1e-5, absolute 1e-6), scaled up for long reductions; a number `t` means
   * `{ relative: t, absolute: t / 10 }`.
   */
  readonly tolerance?: ToleranceInput;
  /** Gradients against float64 finite differences. Default {@link FLOAT32_GRADIENT_TOLERANCE}. */
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
 * `valueAndGradients`/`variableGradients` against float64 central differences; and any fused
 * kernels (`backend.fused`) against plain loops of NTM-SPEC §2, values and gradients.
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
  const context: ConformanceContext = {
    backend: () => {
      if (!backend) throw new Error(`backend conformance "${label}": the backend is not created yet (its factory failed, or this ran outside a test)`);
      return backend;
    },
    reference: createReferenceBackend(),
    tolerance: resolveTolerance(options.tolerance, FLOAT32_TOLERANCE),
    gradientTolerance: resolveTolerance(options.gradientTolerance, FLOAT32_GRADIENT_TOLERANCE),
    seed: options.seed ?? 20141020,
    variablePrefix: `conformance/${label}`,
  };

  describe(`backend conformance: ${label}`, () => {
    beforeAll(async () => {
      backend = await createBackend();
    });
    describeIdentity(context);
    describeOperations(context);
    describeMemory(context);
    describeVariables(context);
    describeErrors(context);
    describeGradients(context);
    describeFusedKernels(context);
  });
}
