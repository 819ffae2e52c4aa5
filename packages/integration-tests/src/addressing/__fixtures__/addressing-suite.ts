import type { NtmBackend, Tensor } from '@ntm/backend';
import { Random } from '@ntm/random';
import { beforeAll, describe, expect, it } from 'vitest';
import { address, circularShift, contentWeighting, interpolate, readMemory, sharpen, writeMemory } from '@ntm/addressing';
import type { OracleField, OracleInputs } from './addressing-oracle.js';
import { expectClose, type Tolerance } from './compare.js';
import { fieldShape, randomInputs, toTensors, type Dimensions } from './random-inputs.js';
import { stages, type Stage } from './stages.js';

const small: Dimensions = { batch: 2, heads: 2, slots: 8, wordSize: 4, kernelWidth: 3 };
const paperSize: Dimensions = { batch: 2, heads: 2, slots: 128, wordSize: 20, kernelWidth: 3 };

function projection(length: number, seed: number): Float64Array {
  const random = new Random(seed);
  return Float64Array.from({ length }, () => random.normal());
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < a.length; i++) total += (a[i] as number) * (b[i] as number);
  return total;
}

/**
 * Central finite differences of `Σ stage(p) · projection` with respect to one field, in
 * float64 on the oracle. The projection makes the loss depend on every output (the plain
 * sum of a distribution is constant, and its gradient would be zero and prove nothing).
 */
function finiteDifferences(stage: Stage, p: OracleInputs, field: OracleField, weights: Float64Array, step = 1e-6): Float64Array {
  const values = p[field];
  const gradient = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const original = values[i] as number;
    values[i] = original + step;
    const plus = dot(stage.oracle(p), weights);
    values[i] = original - step;
    const minus = dot(stage.oracle(p), weights);
    values[i] = original;
    gradient[i] = (plus - minus) / (2 * step);
  }
  return gradient;
}

function maxAbs(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i] as number));
  return max;
}

/**
 * The addressing test suite, run against one backend. Each backend gets its own test file
 * (tfjs has one active backend per process, and vitest isolates files).
 */
export function defineAddressingSuite(label: string, createBackend: () => NtmBackend | Promise<NtmBackend>): void {
  describe(`addressing on ${label}`, () => {
    let backend: NtmBackend;
    let tolerance: Tolerance;
    beforeAll(async () => {
      backend = await createBackend();
      tolerance = backend.capabilities.precision === 'float64' ? { absolute: 1e-12, relative: 1e-10 } : { absolute: 3e-6, relative: 3e-4 };
    });

    const read = (tensor: Tensor) => Float64Array.from(backend.readSync(tensor));

    /** Runs a stage on the backend inside tidy and returns its values. */
    function runStage(stage: Stage, p: OracleInputs): Float64Array {
      const result = backend.tidy(() => stage.run(backend, toTensors(backend, p)));
      const values = read(result);
      backend.dispose(result);
      return values;
    }

    describe('values against the independent float64 oracle', () => {
      for (const stage of stages) {
        it(`${stage.name}, small sizes`, () => {
          const p = randomInputs(1, small);
          expectClose(runStage(stage, p), stage.oracle(p), tolerance, stage.name);
        });
        it(`${stage.name}, the paper's 128×20 memory`, () => {
          const p = randomInputs(2, paperSize);
          expectClose(runStage(stage, p), stage.oracle(p), tolerance, stage.name);
        });
      }

      for (const kernelWidth of [1, 5, 7]) {
        it(`circularShift and address with a kernel of width ${kernelWidth}`, () => {
          const p = randomInputs(3, { ...small, kernelWidth });
          for (const stage of stages.filter((s) => s.inputs.includes('shiftWeighting'))) {
            expectClose(runStage(stage, p), stage.oracle(p), tolerance, `${stage.name} (width ${kernelWidth})`);
          }
        });
      }

      it('circularShift with a kernel as wide as memory (2n + 1 = N)', () => {
        const p = randomInputs(4, { ...small, slots: 7, kernelWidth: 7 });
        const stage = stages.find((s) => s.name === 'circularShift') as Stage;
        expectClose(runStage(stage, p), stage.oracle(p), tolerance, 'circularShift (width N)');
      });

      it('writeMemory with one and with three write heads', () => {
        const stage = stages.find((s) => s.name === 'writeMemory') as Stage;
        for (const heads of [1, 3]) {
          const p = randomInputs(5 + heads, { ...small, heads });
          expectClose(runStage(stage, p), stage.oracle(p), tolerance, `writeMemory (${heads} heads)`);
        }
      });
    });

    describe('gradients against central finite differences (float64 oracle)', () => {
      for (const stage of stages) {
        it(`${stage.name}`, (context) => {
          if (!backend.capabilities.gradients) {
            context.skip();
            return;
          }
          const p = randomInputs(11, small);
          const outputLength = stage.oracle(p).length;
          const weights = projection(outputLength, 12);
          const outputShape = backend.tidy(() => stage.run(backend, toTensors(backend, p))).shape;
          const gradients = backend.tidy(() => {
            const tensors = toTensors(backend, p);
            const inputs = stage.inputs.map((field) => tensors[field]);
            const { value, gradients } = backend.valueAndGradients((...xs: Tensor[]) => {
              const named = { ...tensors };
              stage.inputs.forEach((field, index) => {
                named[field] = xs[index] as Tensor;
              });
              const output = stage.run(backend, named);
              return backend.sumAll(backend.mul(output, backend.tensor(weights, outputShape)));
            }, inputs);
            expect(backend.readSync(value)[0]).toBeCloseTo(dot(stage.oracle(p), weights), 3);
            return gradients;
          });
          stage.inputs.forEach((field, index) => {
            const expected = finiteDifferences(stage, p, field, weights);
            const actual = read(gradients[index] as Tensor);
            const scale = Math.max(1e-3, maxAbs(expected));
            expectClose(actual, expected, { absolute: 2e-3 * scale, relative: 2e-3 }, `d ${stage.name} / d ${field}`);
          });
          backend.dispose(gradients);
        });
      }
    });

    describe('properties', () => {
      it('every weighting is non-negative and sums to 1', () => {
        const p = randomInputs(21, paperSize);
        const result = backend.tidy(() => address(backend, toTensors(backend, p)));
        const values = read(result);
        backend.dispose(result);
        for (let row = 0; row < p.batch * p.heads; row++) {
          let sum = 0;
          for (let i = 0; i < p.slots; i++) {
            const w = values[row * p.slots + i] as number;
            expect(w).toBeGreaterThanOrEqual(0);
            sum += w;
          }
          expect(sum).toBeCloseTo(1, 5);
        }
      });

      it('a one-hot shift on +1 rotates the weighting forward by exactly one slot', () => {
        const slots = 6;
        const weighting = [0.5, 0.2, 0.1, 0.1, 0.05, 0.05];
        const result = backend.tidy(() => circularShift(backend, backend.tensor(weighting, [1, 1, slots]), backend.tensor([0, 0, 1], [1, 1, 3])));
        const rotated = [0.05, 0.5, 0.2, 0.1, 0.1, 0.05]; // slot j's weight now sits at slot j + 1
        expectClose(read(result), rotated, tolerance, 'shift +1');
        backend.dispose(result);
        const back = backend.tidy(() => circularShift(backend, backend.tensor(weighting, [1, 1, slots]), backend.tensor([1, 0, 0], [1, 1, 3])));
        expectClose(read(back), [0.2, 0.1, 0.1, 0.05, 0.05, 0.5], tolerance, 'shift −1');
        backend.dispose(back);
      });

      it('γ = 1 leaves a weighting unchanged', () => {
        const p = randomInputs(22, small);
        const result = backend.tidy(() => sharpen(backend, backend.tensor(p.weighting, fieldShape(p, 'weighting')), backend.fill([p.batch, p.heads], 1)));
        expectClose(read(result), p.weighting, { absolute: 1e-6, relative: 1e-5 }, 'γ = 1');
        backend.dispose(result);
      });

      it('g = 0 returns the previous weighting and g = 1 the content weighting', () => {
        const p = randomInputs(23, small);
        for (const gate of [0, 1]) {
          const result = backend.tidy(() =>
            interpolate(
              backend,
              backend.tensor(p.weighting, fieldShape(p, 'weighting')),
              backend.tensor(p.previousWeighting, fieldShape(p, 'previousWeighting')),
              backend.fill([p.batch, p.heads], gate),
            ),
          );
          expectClose(read(result), gate === 0 ? p.previousWeighting : p.weighting, tolerance, `g = ${gate}`);
          backend.dispose(result);
        }
      });

      it('w = 1 and e = 1 wipe a row, and leave the others as they were', () => {
        const memory = [1, 2, 3, 4, 5, 6, 7, 8, 9]; // 3 slots × 3
        const result = backend.tidy(() =>
          writeMemory(backend, backend.tensor(memory, [1, 3, 3]), backend.tensor([0, 1, 0], [1, 1, 3]), backend.fill([1, 1, 3], 1), backend.fill([1, 1, 3], 0)),
        );
        expectClose(read(result), [1, 2, 3, 0, 0, 0, 7, 8, 9], tolerance, 'wiped row');
        backend.dispose(result);
      });

      it('a key equal to one memory row with large β focuses on that row', () => {
        const p = randomInputs(24, { ...small, heads: 1 });
        const row = 5;
        const key = p.memory.slice(row * p.wordSize, (row + 1) * p.wordSize);
        const result = backend.tidy(() =>
          contentWeighting(
            backend,
            backend.tensor(p.memory.slice(0, p.slots * p.wordSize), [1, p.slots, p.wordSize]),
            backend.tensor(key, [1, 1, p.wordSize]),
            backend.tensor([200], [1, 1]),
          ),
        );
        expect(read(result)[row]).toBeGreaterThan(0.99);
        backend.dispose(result);
      });

      it('reads a one-hot weighting back as exactly that row', () => {
        const p = randomInputs(25, { ...small, batch: 1, heads: 1 });
        const oneHot = Array.from({ length: p.slots }, (_, i) => (i === 3 ? 1 : 0));
        const result = backend.tidy(() => readMemory(backend, backend.tensor(p.memory, [1, p.slots, p.wordSize]), backend.tensor(oneHot, [1, 1, p.slots])));
        expectClose(read(result), p.memory.slice(3 * p.wordSize, 4 * p.wordSize), tolerance, 'one-hot read');
        backend.dispose(result);
      });
    });

    describe('stability: extreme inputs give finite values and gradients', () => {
      function extremeInputs(): OracleInputs {
        const p = randomInputs(31, small);
        p.memory.fill(0, 0, p.wordSize); // slot 0 of batch row 0 is all zero
        p.key.fill(0, 0, p.wordSize); // head 0 of batch row 0 has an all-zero key
        p.keyStrength.fill(1000);
        p.sharpening.fill(50);
        p.shiftWeighting.fill(0);
        for (let row = 0; row < p.batch * p.heads; row++) p.shiftWeighting[row * p.kernelWidth + 1] = 1; // one-hot: zeros after the shift
        return p;
      }

      it('values are finite and rows still sum to 1', () => {
        const p = extremeInputs();
        const result = backend.tidy(() => address(backend, toTensors(backend, p)));
        const values = read(result);
        backend.dispose(result);
        expect(values.every(Number.isFinite)).toBe(true);
        for (let row = 0; row < p.batch * p.heads; row++) {
          expect(values.slice(row * p.slots, (row + 1) * p.slots).reduce((s, w) => s + w, 0)).toBeCloseTo(1, 5);
        }
      });

      it('gradients are finite', (context) => {
        if (!backend.capabilities.gradients) {
          context.skip();
          return;
        }
        const p = extremeInputs();
        const stage = stages.find((s) => s.name === 'address (whole pipeline)') as Stage;
        const weights = projection(p.batch * p.heads * p.slots, 32);
        const gradients = backend.tidy(() => {
          const tensors = toTensors(backend, p);
          return backend.valueAndGradients(
            (...xs: Tensor[]) => {
              const named = { ...tensors };
              stage.inputs.forEach((field, index) => {
                named[field] = xs[index] as Tensor;
              });
              return backend.sumAll(backend.mul(stage.run(backend, named), backend.tensor(weights, [p.batch, p.heads, p.slots])));
            },
            stage.inputs.map((field) => tensors[field]),
          ).gradients;
        });
        gradients.forEach((gradient, index) => {
          expect(read(gradient).every(Number.isFinite), `d address / d ${stage.inputs[index]}`).toBe(true);
        });
        backend.dispose(gradients);
      });
    });

    describe('bad input fails with a message naming the argument and the shapes', () => {
      it('mismatched word size between key and memory', () => {
        const p = randomInputs(41, small);
        const tensors = toTensors(backend, p);
        const badKey = backend.fill([2, 2, 5], 0.1);
        expect(() => address(backend, { ...tensors, key: badKey })).toThrow(
          /address: key has shape \[2, 2, 5\] but expected \[batch, heads, wordSize\] = \[2, 2, 4\] \(.*wordSize = 4 from memory\)/,
        );
        backend.dispose([...Object.values(tensors), badKey]);
      });

      it('a shift kernel wider than memory, and an even one', () => {
        const p = randomInputs(42, { ...small, slots: 4, kernelWidth: 5 });
        const tensors = toTensors(backend, p);
        expect(() => address(backend, tensors)).toThrow(/shiftWeighting has width 5 but memory has only 4 slots/);
        const even = backend.fill([1, 1, 2], 0.5);
        const weighting = backend.fill([1, 1, 4], 0.25);
        expect(() => circularShift(backend, weighting, even)).toThrow(/odd width 2n \+ 1/);
        backend.dispose([...Object.values(tensors), even, weighting]);
      });

      it('wrong rank', () => {
        const memory = backend.fill([8, 4], 0);
        const weighting = backend.fill([1, 1, 8], 0.125);
        expect(() => readMemory(backend, memory, weighting)).toThrow(
          /readMemory: memory has rank 2 \(shape \[8, 4\]\) but expected rank 3: \[batch, slots, wordSize\]/,
        );
        backend.dispose([memory, weighting]);
      });

      it('a missing argument', () => {
        const p = randomInputs(43, small);
        const tensors = toTensors(backend, p);
        const { sharpening: _unused, ...withoutSharpening } = tensors;
        expect(() => address(backend, withoutSharpening as never)).toThrow(/address: sharpening must be a tensor, got undefined/);
        backend.dispose(Object.values(tensors));
      });
    });

    it('frees every intermediate tensor', () => {
      const p = randomInputs(51, small);
      const tensors = toTensors(backend, p);
      const before = backend.numTensors();
      for (let i = 0; i < 20; i++) {
        const w = address(backend, tensors);
        const r = readMemory(backend, tensors.memory, w);
        const m = writeMemory(backend, tensors.memory, w, tensors.erase, tensors.add);
        backend.dispose([w, r, m]);
      }
      expect(backend.numTensors()).toBe(before);
      backend.dispose(Object.values(tensors));
    });
  });
}
