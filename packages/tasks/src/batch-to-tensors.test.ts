import type { NtmBackend, Shape } from '@ntm/backend';
import { createReferenceBackend } from '@ntm/backend-reference';
import { Random } from '@ntm/random';
import { describe, expect, it } from 'vitest';
import { batchToTensors } from './batch-to-tensors.js';
import { createCopyTask } from './copy.js';

describe('batchToTensors', () => {
  const batch = createCopyTask({ maxLength: 5 }).sample(new Random(1), 3);
  const { steps } = batch.shape;

  it('hands each array to backend.tensor with its time-major shape', () => {
    const calls: { values: ArrayLike<number>; shape: Shape }[] = [];
    const fake = {
      tensor: (values: ArrayLike<number>, shape: Shape) => {
        calls.push({ values, shape });
        return { shape };
      },
    } as unknown as NtmBackend;
    const tensors = batchToTensors(fake, batch);
    expect(calls.map((call) => call.shape)).toEqual([
      [steps, 3, 9],
      [steps, 3, 8],
      [steps, 3],
    ]);
    expect(calls.map((call) => call.values)).toEqual([batch.inputs, batch.targets, batch.mask]);
    expect(tensors.mask.shape).toEqual([steps, 3]);
  });

  it('round-trips the values through the reference backend', () => {
    const backend = createReferenceBackend();
    const { inputs, targets, mask } = batchToTensors(backend, batch);
    expect(inputs.shape).toEqual([steps, 3, 9]);
    expect(Array.from(backend.readSync(inputs))).toEqual(Array.from(batch.inputs));
    expect(Array.from(backend.readSync(targets))).toEqual(Array.from(batch.targets));
    expect(Array.from(backend.readSync(mask))).toEqual(Array.from(batch.mask));
    backend.dispose([inputs, targets, mask]);
  });
});
