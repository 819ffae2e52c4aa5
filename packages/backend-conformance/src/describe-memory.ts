import type { Tensor } from '@ntm/backend';
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from './conformance-context.js';

/** `tidy`, `keep`, `dispose` and `numTensors`: what the leak tests of every package rely on. */
export function describeMemory(context: ConformanceContext): void {
  describe('memory: tidy, keep, dispose, numTensors', () => {
    it('tidy frees intermediates and keeps the returned tensor', () => {
      const backend = context.backend();
      const baseline = backend.numTensors();
      const result = backend.tidy(() => {
        const x = backend.tensor([1, 2, 3, 4], [2, 2]);
        const doubled = backend.add(x, x);
        return backend.sum(backend.mul(doubled, x), 0);
      });
      expect(backend.numTensors()).toBe(baseline + 1);
      expect(Array.from(backend.readSync(result))).toEqual([20, 40]);
      backend.dispose(result);
      expect(backend.numTensors()).toBe(baseline);
    });

    it('tidy keeps every tensor inside a returned container', () => {
      const backend = context.backend();
      const baseline = backend.numTensors();
      const result = backend.tidy(() => {
        const x = backend.fill([3], 2);
        backend.exp(x); // an intermediate that is not returned
        return { first: backend.neg(x), rest: [backend.square(x), { deep: backend.sqrt(x) }], count: 3 };
      });
      expect(backend.numTensors()).toBe(baseline + 3);
      expect(result.count).toBe(3);
      const deep = result.rest[1] as { deep: Tensor };
      expect(Array.from(backend.readSync(result.first))).toEqual([-2, -2, -2]);
      expect(Array.from(backend.readSync(result.rest[0] as Tensor))).toEqual([4, 4, 4]);
      backend.dispose([result.first, result.rest[0] as Tensor, deep.deep]);
      expect(backend.numTensors()).toBe(baseline);
    });

    it('nested tidy: the outer scope frees what the inner one returned, unless returned too', () => {
      const backend = context.backend();
      const baseline = backend.numTensors();
      const result = backend.tidy(() => {
        const atStart = backend.numTensors();
        const inner = backend.tidy(() => backend.exp(backend.fill([2], 0)));
        // Only the inner result survives the inner scope.
        expect(backend.numTensors()).toBe(atStart + 1);
        const kept = backend.tidy(() => backend.add(inner, backend.fill([2], 1)));
        expect(backend.numTensors()).toBe(atStart + 2);
        return kept;
      });
      expect(backend.numTensors()).toBe(baseline + 1);
      expect(Array.from(backend.readSync(result))).toEqual([2, 2]);
      backend.dispose(result);
      expect(backend.numTensors()).toBe(baseline);
    });

    it('keep lets a tensor survive its tidy', () => {
      const backend = context.backend();
      const baseline = backend.numTensors();
      let kept: Tensor | undefined;
      backend.tidy(() => {
        kept = backend.keep(backend.fill([2], 5));
        backend.fill([2], 6);
      });
      expect(backend.numTensors()).toBe(baseline + 1);
      expect(Array.from(backend.readSync(kept as Tensor))).toEqual([5, 5]);
      backend.dispose(kept as Tensor);
      expect(backend.numTensors()).toBe(baseline);
    });

    it('tensors created before a tidy survive it, and returning one does not count it twice', () => {
      const backend = context.backend();
      const baseline = backend.numTensors();
      const outside = backend.fill([2], 3);
      const returned = backend.tidy(() => {
        backend.add(outside, outside);
        return outside;
      });
      expect(returned).toBe(outside);
      expect(backend.numTensors()).toBe(baseline + 1);
      expect(Array.from(backend.readSync(outside))).toEqual([3, 3]);
      backend.dispose(outside);
      expect(backend.numTensors()).toBe(baseline);
    });

    it('tidy frees its tensors when f throws', () => {
      const backend = context.backend();
      const baseline = backend.numTensors();
      expect(() =>
        backend.tidy(() => {
          backend.fill([2], 1);
          backend.fill([3], 1);
          throw new Error('thrown on purpose');
        }),
      ).toThrow('thrown on purpose');
      expect(backend.numTensors()).toBe(baseline);
    });

    it('dispose frees a tensor and an array of tensors; disposing twice is harmless', () => {
      const backend = context.backend();
      const baseline = backend.numTensors();
      const single = backend.fill([2], 1);
      const pair = [backend.fill([2], 2), backend.fill([1], 3)];
      expect(backend.numTensors()).toBe(baseline + 3);
      backend.dispose(single);
      expect(backend.numTensors()).toBe(baseline + 2);
      backend.dispose(pair);
      expect(backend.numTensors()).toBe(baseline);
      expect(() => {
        backend.dispose(single);
        backend.dispose(pair);
      }).not.toThrow();
      expect(backend.numTensors()).toBe(baseline);
    });

    it('every operation under tidy leaves numTensors where it was', () => {
      const backend = context.backend();
      const baseline = backend.numTensors();
      const total = backend.tidy(() => {
        const x = backend.tensor([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [1, 2, 3]);
        const w = backend.softmax(backend.matMul(x, x, false, true));
        backend.gather(backend.tile(backend.concat([x, x], 1), [2, 1, 1]), [2, 0], -1);
        backend.slice(backend.transpose(backend.reshape(w, [2, 2, 1]), [2, 0, 1]), [0, 0, 0], [-1, 1, -1]);
        backend.clip(backend.logSigmoid(backend.softplus(backend.prod(backend.max(x, -1, true), 0))), -1, 1);
        return backend.sumAll(x);
      });
      expect(backend.numTensors()).toBe(baseline + 1);
      backend.dispose(total);
      expect(backend.numTensors()).toBe(baseline);
    });
  });
}
