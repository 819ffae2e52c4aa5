import type { Tensor } from '@ntm/backend';
import { describe, expect, it } from 'vitest';
import { createReferenceBackend } from './reference-backend.js';
import { ReferenceTensor } from './reference-tensor.js';

describe('reference backend: tidy, keep, dispose, numTensors', () => {
  it('counts every live tensor and returns to its start after tidy and dispose', () => {
    const backend = createReferenceBackend();
    expect(backend.numTensors()).toBe(0);
    const result = backend.tidy(() => {
      const x = backend.tensor([1, 2, 3], [3]);
      const y = backend.exp(x);
      expect(backend.numTensors()).toBe(2);
      return backend.sum(backend.mul(x, y), 0);
    });
    expect(backend.numTensors()).toBe(1);
    backend.dispose(result);
    expect(backend.numTensors()).toBe(0);
  });

  it('frees the intermediates for real: they cannot be used after the tidy', () => {
    const backend = createReferenceBackend();
    let intermediate: Tensor | undefined;
    backend.tidy(() => {
      intermediate = backend.fill([2], 1);
    });
    expect((intermediate as ReferenceTensor).disposed).toBe(true);
    expect(() => backend.readSync(intermediate as Tensor)).toThrow('readSync: x (shape [2]) was already disposed');
  });

  it('keeps tensors found anywhere in the returned container', () => {
    const backend = createReferenceBackend();
    const result = backend.tidy(() => {
      backend.fill([1], 0);
      return { a: backend.fill([1], 1), list: [backend.fill([1], 2), { b: backend.fill([1], 3) }], note: 'text', n: null };
    });
    expect(backend.numTensors()).toBe(3);
    const nested = result.list[1] as { b: Tensor };
    expect(Array.from(backend.readSync(nested.b))).toEqual([3]);
    backend.dispose([result.a, result.list[0] as Tensor, nested.b]);
    expect(backend.numTensors()).toBe(0);
  });

  it('a result of an inner tidy belongs to the outer scope', () => {
    const backend = createReferenceBackend();
    let inner: Tensor | undefined;
    const outer = backend.tidy(() => {
      inner = backend.tidy(() => backend.fill([1], 1));
      expect(backend.numTensors()).toBe(1);
      return backend.neg(inner);
    });
    expect(backend.numTensors()).toBe(1);
    expect((inner as ReferenceTensor).disposed).toBe(true);
    backend.dispose(outer);
  });

  it('keep survives every enclosing tidy; tensors made before the tidy are left alone', () => {
    const backend = createReferenceBackend();
    const before = backend.fill([1], 9);
    let kept: Tensor | undefined;
    backend.tidy(() => {
      backend.tidy(() => {
        kept = backend.keep(backend.fill([1], 1));
        backend.add(before, before);
      });
    });
    expect(backend.numTensors()).toBe(2);
    expect(Array.from(backend.readSync(kept as Tensor))).toEqual([1]);
    expect(Array.from(backend.readSync(before))).toEqual([9]);
    backend.dispose([kept as Tensor, before]);
    expect(backend.numTensors()).toBe(0);
  });

  it('frees everything the scope made when f throws, and refuses async functions', () => {
    const backend = createReferenceBackend();
    expect(() =>
      backend.tidy(() => {
        backend.fill([2], 1);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(backend.numTensors()).toBe(0);
    // @ts-expect-error a Promise is not a TensorContainer: this is the mistake being caught
    expect(() => backend.tidy(async () => backend.fill([1], 1))).toThrow('tidy: f returned a Promise; f must be synchronous');
    expect(backend.numTensors()).toBe(0);
  });

  it('dispose twice is harmless; dispose of a foreign object is an error', () => {
    const backend = createReferenceBackend();
    const x = backend.fill([1], 1);
    backend.dispose(x);
    backend.dispose(x);
    backend.dispose([x, x]);
    expect(backend.numTensors()).toBe(0);
    expect(() => backend.dispose({ shape: [1] })).toThrow('dispose: x must be a tensor made by this reference backend');
  });

  it('tidy does not free variables; dispose does', () => {
    const backend = createReferenceBackend();
    let variable: Tensor | undefined;
    backend.tidy(() => {
      variable = backend.variable(backend.fill([2], 4), 'inside');
    });
    expect(backend.numTensors()).toBe(1);
    expect(Array.from(backend.readSync(variable as Tensor))).toEqual([4, 4]);
    backend.dispose(variable as Tensor);
    expect(backend.numTensors()).toBe(0);
    expect(variable).toBeInstanceOf(ReferenceTensor);
  });
});
