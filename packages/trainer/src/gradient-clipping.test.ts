import type { NtmBackend, Tensor } from '@ntm/backend';
import { createReferenceBackend } from '@ntm/backend-reference';
import { createTfjsBackend } from '@ntm/backend-tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { allFinite, clipGradientsByGlobalNorm, clipGradientsElementwise, globalNorm } from './gradient-clipping.js';

// One tfjs flavour in this file (tfjs has one active backend per process), beside the reference.
describe.each([
  { name: 'reference', create: async (): Promise<NtmBackend> => createReferenceBackend() },
  { name: 'tfjs-wasm', create: (): Promise<NtmBackend> => createTfjsBackend('wasm') },
])('gradient clipping on $name', ({ create }) => {
  let backend: NtmBackend;
  beforeAll(async () => {
    backend = await create();
  });

  /** Runs `f` on fresh tensors, then checks nothing but what it returned is still alive. */
  function withTensors<R>(values: readonly number[][], f: (tensors: Tensor[]) => R, returned: (result: R) => Tensor[]): R {
    const tensors = values.map((list) => backend.tensor(list, [list.length]));
    const before = backend.numTensors();
    const result = f(tensors);
    const kept = returned(result);
    expect(backend.numTensors()).toBe(before + kept.length);
    backend.dispose([...tensors, ...kept]);
    return result;
  }
  const read = (tensors: Tensor[]) => tensors.map((tensor) => Array.from(backend.readSync(tensor)));

  it('clips every element to ±limit and leaves the others alone', () => {
    withTensors(
      [[-25, -10, -3.5, 0, 9.75, 10, 11], [100]],
      (tensors) => {
        const clipped = clipGradientsElementwise(backend, tensors, 10);
        expect(read(clipped)).toEqual([[-10, -10, -3.5, 0, 9.75, 10, 10], [10]]);
        expect(read(tensors)[0]).toEqual([-25, -10, -3.5, 0, 9.75, 10, 11]); // inputs untouched
        return clipped;
      },
      (clipped) => clipped,
    );
  });

  it('computes the global norm over all tensors together', () => {
    withTensors(
      [[3, 0], [4], [12]],
      (tensors) => expect(globalNorm(backend, tensors)).toBeCloseTo(13, 5),
      () => [],
    );
    expect(globalNorm(backend, [])).toBe(0);
  });

  it('leaves gradients below the norm unchanged', () => {
    withTensors(
      [[3, 0], [4]],
      (tensors) => {
        const result = clipGradientsByGlobalNorm(backend, tensors, 6);
        expect(result.globalNorm).toBeCloseTo(5, 6);
        expect(read(result.gradients)).toEqual([[3, 0], [4]]);
        return result;
      },
      (result) => result.gradients,
    );
  });

  it('rescales gradients above the norm to exactly maxNorm, keeping their direction', () => {
    withTensors(
      [
        [30, -40],
        [0, 120],
      ],
      (tensors) => {
        const result = clipGradientsByGlobalNorm(backend, tensors, 50);
        expect(result.globalNorm).toBeCloseTo(130, 4);
        const clipped = read(result.gradients);
        const scale = 50 / 130;
        [
          [30, -40],
          [0, 120],
        ].forEach((list, p) => {
          list.forEach((value, i) => {
            expect(clipped[p]?.[i]).toBeCloseTo(value * scale, 5);
          });
        });
        expect(globalNorm(backend, result.gradients)).toBeCloseTo(50, 4);
        return result;
      },
      (result) => result.gradients,
    );
  });

  it('returns non-finite gradients unscaled and reports the non-finite norm', () => {
    withTensors(
      [[1, Number.NaN], [2]],
      (tensors) => {
        const result = clipGradientsByGlobalNorm(backend, tensors, 1);
        expect(result.globalNorm).toBeNaN();
        expect(read(result.gradients)[1]).toEqual([2]);
        return result;
      },
      (result) => result.gradients,
    );
    withTensors(
      [[1, Number.NEGATIVE_INFINITY]],
      (tensors) => {
        const result = clipGradientsByGlobalNorm(backend, tensors, 1);
        expect(result.globalNorm).toBe(Number.POSITIVE_INFINITY);
        return result;
      },
      (result) => result.gradients,
    );
  });

  it.each([
    ['NaN', Number.NaN],
    ['+Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
  ])('allFinite finds a %s in any tensor', (_, bad) => {
    for (let position = 0; position < 3; position += 1) {
      const values = [[1, 2], [3, 4, 5], [6]];
      const target = values[position] as number[];
      target[target.length - 1] = bad;
      withTensors(
        values,
        (tensors) => expect(allFinite(backend, tensors)).toBe(false),
        () => [],
      );
    }
  });

  it('allFinite accepts finite tensors, including values whose sum would overflow', () => {
    withTensors(
      [[1, -2], [3e38, 3e38, -0], [0]],
      (tensors) => expect(allFinite(backend, tensors)).toBe(true),
      () => [],
    );
    expect(allFinite(backend, [])).toBe(true);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('rejects the limit %s with a clear error', (limit) => {
    expect(() => clipGradientsElementwise(backend, [], limit)).toThrow(/clipGradientsElementwise: limit must be a finite number > 0, got/);
    expect(() => clipGradientsByGlobalNorm(backend, [], limit)).toThrow(/clipGradientsByGlobalNorm: maxNorm must be a finite number > 0, got/);
  });

  it('rejects something that is not a list of tensors', () => {
    expect(() => globalNorm(backend, [5 as unknown as Tensor])).toThrow(/globalNorm: element 0 must be a tensor, got 5/);
  });
});
