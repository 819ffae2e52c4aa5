import { ShapeChecker, ShapeError, type NtmBackend, type Tensor } from '@ntm/backend';

/**
 * The gather indices that lay out every shift of a weighting side by side: for kernel
 * position k (shift `k − n`) and slot i, the source slot `(i − (k − n)) mod N`.
 * Length `(2n + 1) · N`, shift-major.
 *
 * @example circularShiftIndices(4, 3) // [1, 2, 3, 0, 0, 1, 2, 3, 3, 0, 1, 2]: shifts −1, 0, +1
 */
export function circularShiftIndices(slots: number, kernelWidth: number): number[] {
  const radius = (kernelWidth - 1) / 2;
  const indices: number[] = [];
  for (let position = 0; position < kernelWidth; position++) {
    const shift = position - radius;
    for (let slot = 0; slot < slots; slot++) indices.push((((slot - shift) % slots) + slots) % slots);
  }
  return indices;
}

/**
 * Checks a shift kernel width against the memory size: `2n + 1`, odd, at most N
 * (a wider kernel would wrap onto itself and count some shifts twice).
 *
 * @example
 * ```ts
 * checkShiftKernelWidth('address', 3, 128); // ok: shifts −1, 0, +1
 * checkShiftKernelWidth('address', 2, 128);
 * // ShapeError: address: shiftWeighting has 2 entries per head but expected an odd width 2n + 1 (shifts −n…n)
 * checkShiftKernelWidth('address', 5, 4);
 * // ShapeError: address: shiftWeighting has width 5 but memory has only 4 slots; expected a width 2n + 1 <= 4
 * ```
 */
export function checkShiftKernelWidth(functionName: string, kernelWidth: number, slots: number): void {
  if (!Number.isInteger(kernelWidth) || kernelWidth < 1 || kernelWidth % 2 === 0) {
    throw new ShapeError(`${functionName}: shiftWeighting has ${kernelWidth} entries per head but expected an odd width 2n + 1 (shifts −n…n)`);
  }
  if (kernelWidth > slots) {
    throw new ShapeError(`${functionName}: shiftWeighting has width ${kernelWidth} but memory has only ${slots} slots; expected a width 2n + 1 <= ${slots}`);
  }
}

/**
 * Circular convolution of a weighting with a shift weighting (Graves et al. 2014, eq. 8):
 * `w~[i] = Σ_j w^g[j] · s[(i − j) mod N]`, the kernel indexed by shift −n…n.
 *
 * Direction: a shift weighting that is one-hot on shift +1 moves the focus from slot j to
 * slot j + 1 (mod N), so a head that always shifts by +1 walks forward through memory.
 *
 * Implemented as one gather that lays every shifted copy of w^g side by side and one batched
 * product with s, so the kernel-call count does not grow with the kernel width.
 *
 * @param weighting w^g: `[batch, heads, slots]`
 * @param shiftWeighting s over shifts −n…n: `[batch, heads, 2n + 1]`
 * @returns w~: `[batch, heads, slots]`
 *
 * @example
 * ```ts
 * // s one-hot on +1 (n = 1): [0, 0, 1]
 * const shifted = circularShift(backend, weighting, shift); // focus moves one slot forward
 * ```
 */
export function circularShift(backend: NtmBackend, weighting: Tensor, shiftWeighting: Tensor): Tensor {
  const shapes = new ShapeChecker('circularShift')
    .check('weighting', weighting.shape, ['batch', 'heads', 'slots'])
    .check('shiftWeighting', shiftWeighting.shape, ['batch', 'heads', 'kernelWidth']);
  const [batch, heads, slots, kernelWidth] = ['batch', 'heads', 'slots', 'kernelWidth'].map((d) => shapes.size(d)) as [number, number, number, number];
  checkShiftKernelWidth('circularShift', kernelWidth, slots);
  return backend.tidy(() => {
    const shifted = backend.gather(weighting, circularShiftIndices(slots, kernelWidth), 2); // [batch, heads, kernelWidth·slots]
    const stacked = backend.reshape(shifted, [batch * heads, kernelWidth, slots]); // [batch·heads, kernelWidth, slots]
    const kernel = backend.reshape(shiftWeighting, [batch * heads, 1, kernelWidth]); // [batch·heads, 1, kernelWidth]
    return backend.reshape(backend.matMul(kernel, stacked), [batch, heads, slots]); // [batch, heads, slots]
  });
}
