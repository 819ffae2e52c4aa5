import type { NtmBackend, Tensor } from '@ntm/backend';

/**
 * Splits `[time, batch, features]` into `time` tensors of `[batch, features]`.
 *
 * @example
 * ```ts
 * for (const input of unstackTime(backend, inputs)) model.step(input, state);
 * ```
 */
export function unstackTime(backend: NtmBackend, sequence: Tensor): Tensor[] {
  const [time, batch, features] = sequence.shape as [number, number, number];
  const steps: Tensor[] = [];
  for (let t = 0; t < time; t++) {
    steps.push(backend.reshape(backend.slice(sequence, [t, 0, 0], [1, batch, features]), [batch, features])); // [batch, features]
  }
  return steps;
}

/**
 * Joins `time` tensors of `[batch, features]` into `[time, batch, features]`.
 *
 * @example
 * ```ts
 * const logits = stackTime(backend, stepLogits); // [time, batch, outputSize]
 * ```
 */
export function stackTime(backend: NtmBackend, steps: readonly Tensor[]): Tensor {
  if (steps.length === 0) throw new RangeError('stackTime: no steps to stack (a sequence needs at least one step)');
  return backend.concat(
    steps.map((step) => backend.reshape(step, [1, ...step.shape])), // [1, batch, features]
    0,
  );
}
