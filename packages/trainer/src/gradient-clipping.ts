import { describeValue, type NtmBackend, type Tensor } from '@ntm/backend';

/**
 * Clips every gradient element to [−limit, limit], as the paper does with limit 10
 * (docs/math.md §3). One kernel call per tensor. NaN elements stay NaN, so the trainer's NaN
 * guard still sees them.
 *
 * @returns new tensors, one per gradient, in the same order; the caller disposes them (and
 * still owns the inputs).
 *
 * @example
 * ```ts
 * const clipped = clipGradientsElementwise(backend, gradients, 10);
 * optimizer.apply(parameters, clipped);
 * backend.dispose(clipped);
 * ```
 */
export function clipGradientsElementwise(backend: NtmBackend, gradients: readonly Tensor[], limit: number): Tensor[] {
  checkGradients('clipGradientsElementwise', gradients);
  checkPositive('clipGradientsElementwise', 'limit', limit);
  return gradients.map((gradient) => backend.clip(gradient, -limit, limit));
}

/**
 * ‖g‖ over all gradients together: √(Σ over every tensor and element of g²), the quantity
 * global-norm clipping bounds. Cost: three kernel calls per tensor and one read back to JS
 * (the read waits for the pending kernels, so call it once per step).
 *
 * It is NaN if any element is NaN and +∞ if any is ±∞ (or a square overflows float32, i.e.
 * |g| > 1.8e19), so a trainer that clips by norm gets a NaN check for free from it.
 *
 * @example
 * ```ts
 * globalNorm(backend, [backend.tensor([3, 0], [2]), backend.tensor([4], [1])]); // 5
 * ```
 */
export function globalNorm(backend: NtmBackend, gradients: readonly Tensor[]): number {
  checkGradients('globalNorm', gradients);
  if (gradients.length === 0) return 0;
  const sumOfSquares = backend.tidy(() =>
    gradients.map((gradient) => backend.sumAll(backend.square(gradient))).reduce((total, partial) => backend.add(total, partial)),
  );
  try {
    return Math.sqrt(readScalar(backend, sumOfSquares));
  } finally {
    backend.dispose(sumOfSquares);
  }
}

/**
 * Rescales all gradients by one factor, maxNorm/‖g‖, when their global norm ‖g‖ exceeds
 * `maxNorm`, and leaves them as they are otherwise, so the update keeps its direction
 * (Pascanu et al. 2013; Collier & Beel clip at 50, docs/math.md §5).
 *
 * When the norm is not finite (a NaN or ±∞ gradient) the gradients are returned unscaled:
 * scaling would only spread the NaN; check `globalNorm` and skip the update instead.
 *
 * @returns new tensors (the caller disposes them) and the norm before clipping.
 *
 * @example
 * ```ts
 * const { gradients: clipped, globalNorm: norm } = clipGradientsByGlobalNorm(backend, gradients, 50);
 * if (Number.isFinite(norm)) optimizer.apply(parameters, clipped);
 * backend.dispose(clipped);
 * ```
 */
export function clipGradientsByGlobalNorm(backend: NtmBackend, gradients: readonly Tensor[], maxNorm: number): { gradients: Tensor[]; globalNorm: number } {
  checkGradients('clipGradientsByGlobalNorm', gradients);
  checkPositive('clipGradientsByGlobalNorm', 'maxNorm', maxNorm);
  const norm = globalNorm(backend, gradients);
  if (!(norm > maxNorm) || !Number.isFinite(norm)) {
    // A reshape to the same shape is a new handle on the same data on tfjs (no copy), so the
    // caller can dispose what it gets back in every case.
    return { gradients: gradients.map((gradient) => backend.reshape(gradient, gradient.shape)), globalNorm: norm };
  }
  const clipped = backend.tidy(() => {
    const scale = backend.scalar(maxNorm / norm);
    return gradients.map((gradient) => backend.mul(gradient, scale));
  });
  return { gradients: clipped, globalNorm: norm };
}

/**
 * Whether every element of every tensor is finite (no NaN, no ±∞): the trainer's NaN guard
 * (docs/math.md §3). Cost: three kernel calls per tensor (x − x, a sum, an add into the running
 * total) and one read back to JS for all of them, which waits for pending kernels.
 * x − x is 0 for finite x and NaN for NaN and ±∞, so the total is 0 exactly when all are
 * finite, with no risk of a large but finite sum overflowing.
 *
 * @example
 * ```ts
 * allFinite(backend, gradients); // false if any gradient holds a NaN or ±∞
 * ```
 */
export function allFinite(backend: NtmBackend, tensors: readonly Tensor[]): boolean {
  checkGradients('allFinite', tensors);
  if (tensors.length === 0) return true;
  const total = backend.tidy(() => tensors.map((tensor) => backend.sumAll(backend.sub(tensor, tensor))).reduce((sum, partial) => backend.add(sum, partial)));
  try {
    return readScalar(backend, total) === 0;
  } finally {
    backend.dispose(total);
  }
}

function readScalar(backend: NtmBackend, scalar: Tensor): number {
  return backend.readSync(scalar)[0] as number;
}

function checkGradients(functionName: string, tensors: readonly Tensor[]): void {
  if (!Array.isArray(tensors)) {
    throw new TypeError(`${functionName}: expected an array of tensors, got ${describeValue(tensors)}`);
  }
  tensors.forEach((tensor, index) => {
    if (tensor === null || typeof tensor !== 'object' || !Array.isArray(tensor.shape)) {
      throw new TypeError(`${functionName}: element ${index} must be a tensor, got ${describeValue(tensor)}`);
    }
  });
}

function checkPositive(functionName: string, argument: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${functionName}: ${argument} must be a finite number > 0, got ${describeValue(value)}`);
  }
}
