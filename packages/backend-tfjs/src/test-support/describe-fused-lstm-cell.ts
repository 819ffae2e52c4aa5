import { ShapeError, type LstmCellState, type NtmBackend, type Tensor } from '@ntm/backend';
import { expectClose, finiteDifferenceGradients, FLOAT32_GRADIENT_TOLERANCE, type Tolerance } from '@ntm/backend-conformance';
import { createReferenceBackend } from '@ntm/backend-reference';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTfjsBackend, type TfjsBackend, type TfjsFlavor } from '../index.js';
import { SeededValues } from './seeded-values.js';
import { inTidy, readValues } from './tidy-reads.js';

/**
 * The LSTM cell as `@ntm/controllers` composes it without a fused kernel, on any backend:
 * [i, f, g, o] = gates + bias, c = σ(f) c_{t−1} + σ(i) tanh(g), h = σ(o) tanh(c).
 */
function lstmCellGeneric(backend: NtmBackend, gates: Tensor, bias: Tensor, previousCell: Tensor): LstmCellState {
  const units = previousCell.shape[1] as number;
  const z = backend.add(gates, bias); // [B, 4U]
  const block = (index: number): Tensor => backend.slice(z, [0, index * units], [-1, units]); // [B, U]
  const cell = backend.add(backend.mul(backend.sigmoid(block(1)), previousCell), backend.mul(backend.sigmoid(block(0)), backend.tanh(block(2))));
  return { hidden: backend.mul(backend.sigmoid(block(3)), backend.tanh(cell)), cell };
}

// Fused (float64 arithmetic, rounded once) against a chain of float32 kernels.
const valueTolerance: Tolerance = { absolute: 1e-6, relative: 1e-5 };
const gradientTolerance: Tolerance = { absolute: 1e-6, relative: 1e-4 };

function largestMagnitude(values: ArrayLike<number>): number {
  let largest = 1e-6;
  for (let i = 0; i < values.length; i++) largest = Math.max(largest, Math.abs(values[i] as number));
  return largest;
}

interface CellValues {
  readonly gates: Float64Array;
  readonly bias: Float64Array;
  readonly previousCell: Float64Array;
  readonly hiddenWeights: Float64Array;
  readonly cellWeights: Float64Array;
}

function cellValues(seed: number, batch: number, units: number, scale = 3): CellValues {
  const values = new SeededValues(seed);
  return {
    gates: values.uniform(batch * 4 * units, -scale, scale),
    bias: values.uniform(4 * units, -1, 1),
    previousCell: values.uniform(batch * units, -2, 2),
    hiddenWeights: values.uniform(batch * units, -1, 1),
    cellWeights: values.uniform(batch * units, -1, 1),
  };
}

/**
 * `fused.lstmCell` of one tfjs flavor against the generic composition (values, tfjs gradients),
 * float64 central differences on the reference backend, kernel counts, leaks and argument errors.
 * One flavor per test file: tfjs has one active backend per process.
 */
export function describeFusedLstmCell(flavor: TfjsFlavor): void {
  describe(`fused.lstmCell on tfjs-${flavor}`, () => {
    let backend: TfjsBackend;
    const read = (x: Tensor): Float64Array => readValues(backend, x);
    const scoped = <T>(f: () => T): T => inTidy(backend, f);
    const lstmCell = (): NonNullable<TfjsBackend['fused']['lstmCell']> => backend.fused.lstmCell as NonNullable<TfjsBackend['fused']['lstmCell']>;

    beforeAll(async () => {
      backend = await createTfjsBackend(flavor);
    });

    /** Σ R_h ⊙ h + Σ R_c ⊙ c (or only the h term) and its gradients to gates, bias and c_{t−1}. */
    function cellGradients(target: NtmBackend, values: CellValues, batch: number, units: number, cell: typeof lstmCellGeneric, useCell = true) {
      const inputs = [
        target.tensor(values.gates, [batch, 4 * units]),
        target.tensor(values.bias, [4 * units]),
        target.tensor(values.previousCell, [batch, units]),
      ];
      const loss = (gates: Tensor, bias: Tensor, previousCell: Tensor): Tensor => {
        const next = cell(target, gates, bias, previousCell);
        const hiddenTerm = target.sumAll(target.mul(next.hidden, target.tensor(values.hiddenWeights, [batch, units])));
        return useCell ? target.add(hiddenTerm, target.sumAll(target.mul(next.cell, target.tensor(values.cellWeights, [batch, units])))) : hiddenTerm;
      };
      return { inputs, loss };
    }

    function tfjsGradients(values: CellValues, batch: number, units: number, useFused: boolean, useCell = true): Float64Array[] {
      return scoped(() => {
        const { inputs, loss } = cellGradients(backend, values, batch, units, useFused ? (_, ...xs) => lstmCell()(...xs) : lstmCellGeneric, useCell);
        const { gradients } = backend.valueAndGradients((gates, bias, previousCell) => loss(gates as Tensor, bias as Tensor, previousCell as Tensor), inputs);
        return gradients.map(read);
      });
    }

    for (const [batch, units] of [
      [1, 1],
      [2, 5],
      [32, 100],
    ] as const) {
      it(`values and gradients equal the generic composition (B ${batch}, U ${units})`, () => {
        const values = cellValues(batch * 1000 + units, batch, units);
        const [fused, generic] = scoped(() => {
          const gates = backend.tensor(values.gates, [batch, 4 * units]);
          const bias = backend.tensor(values.bias, [4 * units]);
          const previousCell = backend.tensor(values.previousCell, [batch, units]);
          const one = lstmCell()(gates, bias, previousCell);
          const other = lstmCellGeneric(backend, gates, bias, previousCell);
          return [
            [read(one.hidden), read(one.cell)],
            [read(other.hidden), read(other.cell)],
          ];
        });
        expectClose(fused[0] as Float64Array, generic[0] as Float64Array, valueTolerance, 'h');
        expectClose(fused[1] as Float64Array, generic[1] as Float64Array, valueTolerance, 'c');
        const fusedGradients = tfjsGradients(values, batch, units, true);
        const genericGradients = tfjsGradients(values, batch, units, false);
        ['gates', 'bias', 'previousCell'].forEach((label, index) => {
          const expected = genericGradients[index] as Float64Array;
          expectClose(fusedGradients[index] as Float64Array, expected, gradientTolerance, `d/d${label}`, largestMagnitude(expected));
        });
      });
    }

    it('gradients equal float64 central differences of the generic composition on the reference backend', () => {
      const [batch, units] = [2, 3];
      const values = cellValues(77, batch, units);
      const reference = createReferenceBackend();
      const { loss } = cellGradients(reference, values, batch, units, lstmCellGeneric);
      const expected = finiteDifferenceGradients(reference, (gates, bias, previousCell) => loss(gates as Tensor, bias as Tensor, previousCell as Tensor), [
        { values: values.gates, shape: [batch, 4 * units] },
        { values: values.bias, shape: [4 * units] },
        { values: values.previousCell, shape: [batch, units] },
      ]);
      const fused = tfjsGradients(values, batch, units, true);
      ['gates', 'bias', 'previousCell'].forEach((label, index) => {
        const numeric = expected[index] as Float64Array;
        expectClose(fused[index] as Float64Array, numeric, FLOAT32_GRADIENT_TOLERANCE, `d/d${label}`, largestMagnitude(numeric));
      });
    });

    it('gives the right gradients when only h is used (the cell output gets no gradient)', () => {
      const values = cellValues(78, 3, 4);
      const fused = tfjsGradients(values, 3, 4, true, false);
      const generic = tfjsGradients(values, 3, 4, false, false);
      fused.forEach((gradient, index) => {
        expectClose(gradient, generic[index] as Float64Array, gradientTolerance, `input ${index}`, largestMagnitude(generic[index] as Float64Array));
      });
    });

    it('saturated gates (pre-activations ±60) give finite values and gradients equal to the generic ones', () => {
      const values = cellValues(79, 2, 3, 60);
      const [fused, generic] = [tfjsGradients(values, 2, 3, true), tfjsGradients(values, 2, 3, false)];
      fused.forEach((gradient, index) => {
        expect(gradient.every(Number.isFinite)).toBe(true);
        expectClose(gradient, generic[index] as Float64Array, gradientTolerance, `input ${index}`, largestMagnitude(generic[index] as Float64Array));
      });
    });

    it('is one kernel call forward and one backward, and leaves no tensor behind', async () => {
      const gates = backend.fill([2, 8], 0.3);
      const bias = backend.fill([8], 0.1);
      const previousCell = backend.fill([2, 2], -0.5);
      expect(await backend.countKernels(() => lstmCell()(gates, bias, previousCell))).toEqual({ kernelCalls: 1, byKernel: { NtmLstmCell: 1 } });
      const countBoth = (cell: typeof lstmCellGeneric) =>
        backend.countKernels(() =>
          backend.valueAndGradients(
            (x, b, c) => {
              const next = cell(backend, x as Tensor, b as Tensor, c as Tensor);
              return backend.add(backend.sumAll(next.hidden), backend.sumAll(next.cell));
            },
            [gates, bias, previousCell],
          ),
        );
      const both = await countBoth((_, x, b, c) => lstmCell()(x, b, c));
      expect(both.byKernel['NtmLstmCell']).toBe(1);
      expect(both.byKernel['NtmLstmCellGradient']).toBe(1);
      // Only the tape is saved for the backward pass (tfjs clones every saved tensor, an
      // Identity call each), where the composition saves nearly every intermediate.
      const generic = await countBoth(lstmCellGeneric);
      expect((both.byKernel['Identity'] ?? 0) + 10).toBeLessThan(generic.byKernel['Identity'] ?? 0);
      expect(both.kernelCalls + 30).toBeLessThan(generic.kernelCalls);
      const before = backend.numTensors();
      for (let i = 0; i < 5; i++) {
        backend.tidy(() => {
          backend.valueAndGradients((x, b, c) => backend.sumAll(lstmCell()(x as Tensor, b as Tensor, c as Tensor).hidden), [gates, bias, previousCell]);
        });
        backend.dispose(Object.values(lstmCell()(gates, bias, previousCell)));
      }
      expect(backend.numTensors()).toBe(before);
      backend.dispose([gates, bias, previousCell]);
    });

    it('names the argument whose shape does not fit, and refuses what is not a live tensor', () => {
      const gates = backend.fill([2, 8], 0.3);
      const bias = backend.fill([6], 0.1);
      const previousCell = backend.fill([2, 2], -0.5);
      expect(() => lstmCell()(gates, bias, previousCell)).toThrow(ShapeError);
      expect(() => lstmCell()(gates, bias, previousCell)).toThrow(
        'fused.lstmCell: bias has shape [6] but expected [gateColumns] = [8] (gateColumns = 8 from 4 × units of previousCell)',
      );
      const otherBatch = backend.fill([3, 8], 0);
      const rightBias = backend.fill([8], 0);
      expect(() => lstmCell()(otherBatch, rightBias, previousCell)).toThrow(/fused\.lstmCell: gates has shape \[3, 8\]/);
      expect(() => lstmCell()(gates, [1, 2] as never, previousCell)).toThrow('fused.lstmCell: bias must be a tensor made by a tfjs backend');
      backend.dispose(previousCell);
      expect(() => lstmCell()(gates, bias, previousCell)).toThrow('fused.lstmCell: previousCell (shape [2, 2]) was already disposed');
      backend.dispose([gates, bias, otherBatch, rightBias]);
    });
  });
}
