import type { NtmBackend } from '@ntm/backend';
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from './conformance-context.js';

/** Arguments a backend must refuse with an error rather than answer with garbage. */
const badCalls: readonly (readonly [string, (backend: NtmBackend) => unknown])[] = [
  ['tensor with fewer values than the shape holds', (backend) => backend.tensor([1, 2, 3], [2, 2])],
  ['add of shapes that do not broadcast: [2, 3] and [4]', (backend) => backend.add(backend.fill([2, 3], 1), backend.fill([4], 1))],
  ['mul of shapes that do not broadcast: [2, 3, 4] and [2, 2, 4]', (backend) => backend.mul(backend.fill([2, 3, 4], 1), backend.fill([2, 2, 4], 1))],
  ['reshape to a different number of elements', (backend) => backend.reshape(backend.fill([2, 3], 1), [4, 2])],
  ['matMul with mismatched inner dimensions', (backend) => backend.matMul(backend.fill([2, 3], 1), backend.fill([2, 3], 1))],
  [
    'batched matMul with mismatched inner dimensions under transposeB',
    (backend) => backend.matMul(backend.fill([2, 3, 4], 1), backend.fill([2, 5, 3], 1), false, true),
  ],
  ['sum over an axis out of range', (backend) => backend.sum(backend.fill([2, 3], 1), 2)],
  ['concat of tensors whose other axes differ', (backend) => backend.concat([backend.fill([2, 3], 1), backend.fill([3, 3], 1)], 1)],
  ['transpose with a permutation of the wrong length', (backend) => backend.transpose(backend.fill([2, 3], 1), [0, 1, 2])],
  ['slice past the end of an axis', (backend) => backend.slice(backend.fill([2, 3], 1), [0, 2], [2, 2])],
];

/** Bad input throws (any message) and leaves no tensor behind when done under tidy. */
export function describeErrors(context: ConformanceContext): void {
  describe('bad arguments throw', () => {
    for (const [name, call] of badCalls) {
      it(name, () => {
        const backend = context.backend();
        const baseline = backend.numTensors();
        expect(() => backend.tidy(() => void call(backend))).toThrow();
        expect(backend.numTensors()).toBe(baseline);
      });
    }
  });
}
