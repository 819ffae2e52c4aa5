import { createReferenceBackend } from '@ntm/backend-reference';
import { describe, expect, it } from 'vitest';
import { stackTime, unstackTime } from './time-steps.js';

describe('unstackTime / stackTime', () => {
  it('splits [time, batch, features] into time slices and joins them back', () => {
    const backend = createReferenceBackend();
    const values = Array.from({ length: 3 * 2 * 4 }, (_, i) => i);
    const sequence = backend.tensor(values, [3, 2, 4]);
    const steps = unstackTime(backend, sequence);
    expect(steps.map((step) => step.shape)).toEqual([
      [2, 4],
      [2, 4],
      [2, 4],
    ]);
    expect(Array.from(backend.readSync(steps[1] as never))).toEqual(values.slice(8, 16));
    const joined = stackTime(backend, steps);
    expect(joined.shape).toEqual([3, 2, 4]);
    expect(Array.from(backend.readSync(joined))).toEqual(values);
  });

  it('refuses to stack no steps', () => {
    expect(() => stackTime(createReferenceBackend(), [])).toThrow('stackTime: no steps to stack (a sequence needs at least one step)');
  });
});
