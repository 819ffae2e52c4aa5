import { describe, expect, it } from 'vitest';
import { evaluateOn, randomInputs, scaledForReduction, type ConformanceContext } from './conformance-context.js';
import { knownValueCases } from './known-value-cases.js';
import { referenceCases } from './reference-cases.js';
import { expectClose } from './tolerance.js';

/** Every operation on hand-computed values, then on random values against the reference. */
export function describeOperations(context: ConformanceContext): void {
  describe('operations on hand-computed values', () => {
    for (const testCase of knownValueCases) {
      it(testCase.name, () => {
        const backend = context.backend();
        const before = backend.numTensors();
        const actual = evaluateOn(backend, testCase.run, testCase.inputs);
        expect(actual.shape, `${testCase.name}: shape`).toEqual([...testCase.expected.shape]);
        expectClose(actual.values, testCase.expected.values, context.tolerance, testCase.name);
        expect(backend.numTensors(), `${testCase.name}: tensors left after tidy`).toBe(before);
      });
    }
  });

  describe('operations on random values, against the float64 reference', () => {
    referenceCases.forEach((testCase, caseIndex) => {
      it(testCase.name, () => {
        const backend = context.backend();
        const inputs = randomInputs(context.seed, caseIndex, testCase.inputs);
        const before = backend.numTensors();
        const actual = evaluateOn(backend, testCase.run, inputs);
        expect(backend.numTensors(), `${testCase.name}: tensors left after tidy`).toBe(before);
        const expected = evaluateOn(context.reference, testCase.run, inputs);
        expect(actual.shape, `${testCase.name}: shape`).toEqual(expected.shape);
        const magnitude = testCase.magnitude ? evaluateOn(context.reference, testCase.magnitude, inputs).values : undefined;
        expectClose(actual.values, expected.values, scaledForReduction(context.tolerance, testCase.reductionLength), testCase.name, magnitude);
      });
    });

    it('softmax rows sum to 1, even near ±1000', () => {
      const backend = context.backend();
      const inputs = randomInputs(context.seed, -1, [
        { shape: [4, 16], min: -5, max: 5 },
        { shape: [4, 16], min: 995, max: 1005 },
        { shape: [4, 16], min: -1005, max: -995 },
      ]);
      for (const input of inputs) {
        const rowSums = evaluateOn(backend, (b, x) => b.sum(b.softmax(x), -1), [input]);
        expectClose(rowSums.values, [1, 1, 1, 1], context.tolerance, 'softmax row sums');
      }
    });
  });

  describe('reading values', () => {
    it('read resolves to the values readSync returns', async () => {
      const backend = context.backend();
      const x = backend.tensor([1, -2.5, 3, 0.125], [2, 2]);
      const values = await backend.read(x);
      expect(Array.from(values)).toEqual([1, -2.5, 3, 0.125]);
      expect(Array.from(backend.readSync(x))).toEqual([1, -2.5, 3, 0.125]);
      backend.dispose(x);
    });

    it('values round to the stated precision', () => {
      const backend = context.backend();
      const x = backend.scalar(0.1);
      const [value] = backend.readSync(x);
      backend.dispose(x);
      const expected = backend.capabilities.precision === 'float32' ? Math.fround(0.1) : 0.1;
      expect(value).toBe(expected);
    });
  });
}
