/**
 * How far a computed value may be from the expected one: `|actual − expected| ≤ absolute +
 * relative · scale`, where `scale` is `|expected|` unless a comparison supplies a better one
 * (the sum of the magnitudes of the terms, for a reduction).
 */
export interface Tolerance {
  readonly relative: number;
  readonly absolute: number;
}

/**
 * A tolerance as callers may give it: a full {@link Tolerance}, part of one (the rest from the
 * default), or a number `t`, meaning `{ relative: t, absolute: t / 10 }`.
 */
export type ToleranceInput = number | Partial<Tolerance>;

/**
 * Forward values of a float32 backend against the float64 reference: a few dozen float32 ulps
 * relative, and an absolute floor for values that should be (nearly) zero.
 * @example expectClose(backend.readSync(y), expected, FLOAT32_TOLERANCE, 'softmax');
 */
export const FLOAT32_TOLERANCE: Tolerance = Object.freeze({ relative: 1e-5, absolute: 1e-6 });

/**
 * Gradients of a float32 backend against float64 central differences. Looser than values:
 * a backward pass chains several float32 roundings, and the gradient comparison scales by the
 * largest gradient entry (see {@link compareWithTolerance}'s `scale`).
 * @example expectClose(gradient, finiteDifferences, FLOAT32_GRADIENT_TOLERANCE, 'd/dx', largestEntry);
 */
export const FLOAT32_GRADIENT_TOLERANCE: Tolerance = Object.freeze({ relative: 2e-4, absolute: 1e-5 });

/**
 * Forward values of a float64 backend against the reference: only summation order and library
 * rounding (`Math.exp` and kin) may differ.
 * @example expectClose(reference.readSync(y), [0.25, 0.75], FLOAT64_TOLERANCE, 'softmax([0, ln 3])');
 */
export const FLOAT64_TOLERANCE: Tolerance = Object.freeze({ relative: 1e-12, absolute: 1e-12 });

/**
 * Gradients of a float64 backend against float64 central differences, whose own truncation
 * error (≈ h² · f‴ with h = 1e-5) sets the floor.
 * @example describeBackendConformance('my-float64', create, { gradientTolerance: FLOAT64_GRADIENT_TOLERANCE });
 */
export const FLOAT64_GRADIENT_TOLERANCE: Tolerance = Object.freeze({ relative: 1e-6, absolute: 1e-8 });

/**
 * A full tolerance from a {@link ToleranceInput}.
 * @example resolveTolerance(1e-4, FLOAT32_TOLERANCE) // { relative: 1e-4, absolute: 1e-5 }
 */
export function resolveTolerance(input: ToleranceInput | undefined, fallback: Tolerance): Tolerance {
  if (input === undefined) return fallback;
  const tolerance = typeof input === 'number' ? { relative: input, absolute: input / 10 } : { ...fallback, ...input };
  if (!(tolerance.relative >= 0) || !(tolerance.absolute >= 0)) {
    throw new RangeError(`tolerance must have relative >= 0 and absolute >= 0, got ${JSON.stringify(input)}`);
  }
  return tolerance;
}

/** What {@link compareWithTolerance} found. */
export interface ComparisonResult {
  /** Every element is within tolerance (and the lengths match). */
  readonly pass: boolean;
  /** The largest |actual − expected| over finite pairs (NaN/∞ mismatches are reported by `worstIndex`). */
  readonly maxAbsoluteError: number;
  /** The element furthest outside its tolerance (or the first non-finite mismatch); −1 if all pass. */
  readonly worstIndex: number;
  /** A sentence a person can read: the worst element, its values and its allowed error. */
  readonly message: string;
}

/**
 * Compares two arrays elementwise: `|actual[i] − expected[i]| ≤ absolute + relative · scale[i]`.
 * NaN matches NaN and ±∞ matches the same infinity; anything else non-finite is a mismatch.
 *
 * @param scale the magnitude each element's error is measured against: an array (e.g. the same
 *   reduction over |inputs|, which bounds its rounding error), a number for every element, or
 *   `|expected[i]|` when omitted.
 *
 * @example
 * ```ts
 * const result = compareWithTolerance([1.000001, 2], [1, 2], { relative: 1e-5, absolute: 1e-6 });
 * result.pass; // true
 * ```
 */
export function compareWithTolerance(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: ToleranceInput,
  scale?: ArrayLike<number> | number,
): ComparisonResult {
  const { relative, absolute } = resolveTolerance(tolerance, { relative: 0, absolute: 0 });
  if (actual.length !== expected.length) {
    return {
      pass: false,
      maxAbsoluteError: NaN,
      worstIndex: -1,
      message: `got ${actual.length} values, expected ${expected.length}`,
    };
  }
  if (typeof scale === 'object' && scale.length !== expected.length) {
    throw new RangeError(`compareWithTolerance: scale has ${scale.length} values, expected ${expected.length} (one per element)`);
  }
  let maxAbsoluteError = 0;
  let worstIndex = -1;
  let worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    if (!Number.isFinite(a) || !Number.isFinite(e)) {
      const same = Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)) || a === e;
      if (!same && worstExcess !== Infinity) {
        worstIndex = i;
        worstExcess = Infinity;
      }
      continue;
    }
    const error = Math.abs(a - e);
    maxAbsoluteError = Math.max(maxAbsoluteError, error);
    const magnitude = scale === undefined ? Math.abs(e) : typeof scale === 'number' ? scale : Math.abs(scale[i] as number);
    const allowed = absolute + relative * magnitude;
    if (error > allowed && error - allowed > worstExcess) {
      worstIndex = i;
      worstExcess = error - allowed;
    }
  }
  if (worstIndex === -1) {
    return { pass: true, maxAbsoluteError, worstIndex, message: `all ${expected.length} values within tolerance` };
  }
  const a = actual[worstIndex] as number;
  const e = expected[worstIndex] as number;
  const magnitude = scale === undefined ? Math.abs(e) : typeof scale === 'number' ? scale : Math.abs(scale[worstIndex] as number);
  return {
    pass: false,
    maxAbsoluteError,
    worstIndex,
    message:
      `element ${worstIndex} is ${a}, expected ${e} (error ${Math.abs(a - e)}, allowed ${absolute} + ${relative} × ${magnitude}); ` +
      `max absolute error ${maxAbsoluteError}; actual [${preview(actual)}], expected [${preview(expected)}]`,
  };
}

/**
 * Throws an `Error` starting with `label` unless `actual` is within tolerance of `expected`
 * (see {@link compareWithTolerance}); works under any test runner.
 *
 * @example
 * ```ts
 * expectClose(backend.readSync(y), [0.25, 0.75], FLOAT32_TOLERANCE, 'softmax([0, ln 3])');
 * ```
 */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: ToleranceInput,
  label: string,
  scale?: ArrayLike<number> | number,
): void {
  const result = compareWithTolerance(actual, expected, tolerance, scale);
  if (!result.pass) throw new Error(`${label}: ${result.message}`);
}

function preview(values: ArrayLike<number>): string {
  const shown = Array.from({ length: Math.min(values.length, 8) }, (_, i) => values[i] as number);
  return shown.join(', ') + (values.length > 8 ? `, … (${values.length} values)` : '');
}
