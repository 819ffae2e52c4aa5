import type { NtmBackend, Tensor } from '@ntm/backend';

/**
 * A tensor's values as float64, for comparing with float64 references.
 * @example readValues(backend, backend.tensor([1, 2], [2])) // Float64Array [1, 2]
 */
export function readValues(backend: NtmBackend, x: Tensor): Float64Array {
  return Float64Array.from(backend.readSync(x));
}

/**
 * Runs `f` inside `backend.tidy` and returns what it computed from the tensors (values read
 * back, never tensors): every tensor `f` made is freed, so the tests can count leaks.
 *
 * @example const values = inTidy(backend, () => readValues(backend, backend.add(a, b)));
 */
export function inTidy<T>(backend: NtmBackend, f: () => T): T {
  let result: T | undefined;
  backend.tidy(() => {
    result = f();
  });
  return result as T;
}
