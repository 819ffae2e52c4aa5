import { ShapeError, type HeadActivationBlock, type NtmBackend, type Tensor } from '@ntm/backend';
import { expectClose, finiteDifferenceGradients, FLOAT32_GRADIENT_TOLERANCE, type Tolerance } from '@ntm/backend-conformance';
import { createReferenceBackend } from '@ntm/backend-reference';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTfjsBackend, type TfjsBackend, type TfjsFlavor } from '../index.js';
import { SeededValues } from './seeded-values.js';
import { inTidy, readValues } from './tidy-reads.js';

/**
 * The head activations as `@ntm/heads` composes them without a fused kernel, on any backend:
 * clip(preActivations + bias), then per block a slice of the activated columns, reshaped per
 * head, softmax per head for a softmax block.
 */
function headActivationsGeneric(backend: NtmBackend, preActivations: Tensor, bias: Tensor, blocks: readonly HeadActivationBlock[], clip: number): Tensor[] {
  const batch = preActivations.shape[0] as number;
  const linear = backend.add(preActivations, bias); // [B, C]
  const clipped = Number.isFinite(clip) ? backend.clip(linear, -clip, clip) : linear;
  return blocks.map(({ offset, heads, sizePerHead, activation, vector }) => {
    const columns = backend.slice(clipped, [0, offset], [batch, heads * sizePerHead]);
    const activated =
      activation === 'tanh'
        ? backend.tanh(columns)
        : activation === 'sigmoid'
          ? backend.sigmoid(columns)
          : activation === 'softplus'
            ? backend.softplus(columns)
            : activation === 'onePlusSoftplus'
              ? backend.add(backend.softplus(columns), backend.scalar(1))
              : columns;
    if (!vector) return activated;
    const perHead = backend.reshape(activated, [batch, heads, sizePerHead]);
    return activation === 'softmax' ? backend.softmax(perHead) : perHead;
  });
}

/** The paper's heads (one read, one write, M = 20, n = 1) in the layout of `@ntm/heads`: 92 columns. */
function paperBlocks(wordSize = 20, shifts = 3): HeadActivationBlock[] {
  const blocks: HeadActivationBlock[] = [];
  let offset = 0;
  const add = (sizePerHead: number, activation: HeadActivationBlock['activation'], vector: boolean, heads = 1) => {
    blocks.push({ offset, heads, sizePerHead, activation, vector });
    offset += heads * sizePerHead;
  };
  for (const group of ['read', 'write']) {
    add(wordSize, 'tanh', true);
    add(1, 'softplus', false);
    add(1, 'sigmoid', false);
    add(shifts, 'softmax', true);
    add(1, 'onePlusSoftplus', false);
    if (group === 'write') {
      add(wordSize, 'sigmoid', true);
      add(wordSize, 'identity', true);
    }
  }
  return blocks;
}

/** Several heads per block, shift width 5. */
const multiHeadBlocks: HeadActivationBlock[] = [
  { offset: 0, heads: 3, sizePerHead: 2, activation: 'identity', vector: true },
  { offset: 6, heads: 3, sizePerHead: 1, activation: 'softplus', vector: false },
  { offset: 9, heads: 3, sizePerHead: 5, activation: 'softmax', vector: true },
  { offset: 24, heads: 3, sizePerHead: 1, activation: 'onePlusSoftplus', vector: false },
  { offset: 27, heads: 2, sizePerHead: 2, activation: 'tanh', vector: true },
  { offset: 31, heads: 2, sizePerHead: 1, activation: 'sigmoid', vector: false },
];

const columnsOf = (blocks: readonly HeadActivationBlock[]): number => Math.max(...blocks.map((b) => b.offset + b.heads * b.sizePerHead));
const valueTolerance: Tolerance = { absolute: 1e-6, relative: 1e-5 };
const gradientTolerance: Tolerance = { absolute: 0, relative: 1e-4 };

function largestMagnitude(values: ArrayLike<number>): number {
  let largest = 1e-6;
  for (let i = 0; i < values.length; i++) largest = Math.max(largest, Math.abs(values[i] as number));
  return largest;
}

/**
 * `fused.headActivations` of one tfjs flavor against the generic composition (values, tfjs
 * gradients), float64 central differences on the reference backend, kernel counts, leaks and
 * argument errors. One flavor per test file: tfjs has one active backend per process.
 */
export function describeFusedHeadActivations(flavor: TfjsFlavor): void {
  describe(`fused.headActivations on tfjs-${flavor}`, () => {
    let backend: TfjsBackend;
    const read = (x: Tensor): Float64Array => readValues(backend, x);
    const scoped = <T>(f: () => T): T => inTidy(backend, f);
    type Activations = typeof headActivationsGeneric;
    const fusedActivations: Activations = (_, ...rest) => (backend.fused.headActivations as NonNullable<TfjsBackend['fused']['headActivations']>)(...rest);

    beforeAll(async () => {
      backend = await createTfjsBackend(flavor);
    });

    function inputs(seed: number, batch: number, blocks: readonly HeadActivationBlock[], scale: number) {
      const values = new SeededValues(seed);
      const columns = columnsOf(blocks);
      return {
        preActivations: values.uniform(batch * columns, -scale, scale),
        bias: values.uniform(columns, -0.5, 0.5),
        weights: blocks.map(({ heads, sizePerHead }) => values.uniform(batch * heads * sizePerHead, -1, 1)),
        columns,
      };
    }

    /** Σ_k Σ R_k ⊙ block_k: every output reaches the loss with its own weight. */
    function loss(
      target: NtmBackend,
      activations: Activations,
      x: Tensor,
      bias: Tensor,
      blocks: readonly HeadActivationBlock[],
      clip: number,
      weights: Float64Array[],
    ): Tensor {
      return activations(target, x, bias, blocks, clip)
        .map((output, k) => target.sumAll(target.mul(output, target.tensor(weights[k] as Float64Array, output.shape))))
        .reduce((total, term) => target.add(total, term));
    }

    function valuesAndGradients(activations: Activations, seed: number, batch: number, blocks: readonly HeadActivationBlock[], clip: number, scale: number) {
      const { preActivations, bias, weights, columns } = inputs(seed, batch, blocks, scale);
      return scoped(() => {
        const x = backend.tensor(preActivations, [batch, columns]);
        const b = backend.tensor(bias, [columns]);
        const outputs = activations(backend, x, b, blocks, clip);
        const { gradients } = backend.valueAndGradients((xs, bs) => loss(backend, activations, xs as Tensor, bs as Tensor, blocks, clip, weights), [x, b]);
        return { shapes: outputs.map((output) => [...output.shape]), values: outputs.map(read), gradients: gradients.map(read) };
      });
    }

    for (const [name, blocks, clip, scale] of [
      ['the paper’s heads, clip 20', paperBlocks(), 20, 3],
      ['the paper’s heads, clip 1 (about half the columns clipped)', paperBlocks(), 1, 2],
      ['several heads per block, no clip', multiHeadBlocks, Infinity, 4],
      ['pre-activations of ±50 against clip 20 (saturated)', paperBlocks(4, 5), 20, 50],
    ] as const) {
      it(`values, shapes and gradients equal the generic composition: ${name}`, () => {
        const batch = 5;
        const fused = valuesAndGradients(fusedActivations, 17, batch, blocks, clip, scale);
        const generic = valuesAndGradients(headActivationsGeneric, 17, batch, blocks, clip, scale);
        expect(fused.shapes).toEqual(generic.shapes);
        fused.values.forEach((values, k) => expectClose(values, generic.values[k] as Float64Array, valueTolerance, `block ${k}`));
        ['preActivations', 'bias'].forEach((label, index) => {
          const expected = generic.gradients[index] as Float64Array;
          expect(fused.gradients[index]?.every(Number.isFinite)).toBe(true);
          expectClose(fused.gradients[index] as Float64Array, expected, { ...gradientTolerance, absolute: 1e-6 }, `d/d${label}`, largestMagnitude(expected));
        });
      });
    }

    it('gradients equal float64 central differences of the generic composition on the reference backend', () => {
      const [batch, clip] = [2, 1.2];
      const blocks = paperBlocks(2, 3);
      const { preActivations, bias, weights, columns } = inputs(5, batch, blocks, 2);
      // Keep every value away from the clip's kinks at ±1.2, where a difference straddles two slopes.
      const point = preActivations.map((x) => (Math.abs(Math.abs(x) - clip) < 0.01 ? x + 0.05 : x));
      const reference = createReferenceBackend();
      const expected = finiteDifferenceGradients(
        reference,
        (x, b) => loss(reference, headActivationsGeneric, x as Tensor, b as Tensor, blocks, clip, weights),
        [
          { values: point, shape: [batch, columns] },
          { values: new Float64Array(columns), shape: [columns] },
        ],
      );
      const fused = scoped(() => {
        const { gradients } = backend.valueAndGradients(
          (x, b) => loss(backend, fusedActivations, x as Tensor, b as Tensor, blocks, clip, weights),
          [backend.tensor(point, [batch, columns]), backend.fill([columns], 0)],
        );
        return gradients.map(read);
      });
      expect(bias.length).toBe(columns);
      ['preActivations', 'bias'].forEach((label, index) => {
        const numeric = expected[index] as Float64Array;
        expectClose(fused[index] as Float64Array, numeric, FLOAT32_GRADIENT_TOLERANCE, `d/d${label}`, largestMagnitude(numeric));
      });
    });

    it('gives the right gradients when some outputs are not used', () => {
      const blocks = paperBlocks(3, 3);
      const { preActivations, bias, weights, columns } = inputs(9, 2, blocks, 2);
      const run = (activations: Activations) =>
        scoped(() => {
          const { gradients } = backend.valueAndGradients(
            (x, b) => {
              const outputs = activations(backend, x as Tensor, b as Tensor, blocks, 20);
              // Only the read key and the write add reach the loss.
              return backend.add(
                backend.sumAll(backend.mul(outputs[0] as Tensor, backend.tensor(weights[0] as Float64Array, (outputs[0] as Tensor).shape))),
                backend.sumAll(outputs[11] as Tensor),
              );
            },
            [backend.tensor(preActivations, [2, columns]), backend.tensor(bias, [columns])],
          );
          return gradients.map(read);
        });
      const [fused, generic] = [run(fusedActivations), run(headActivationsGeneric)];
      fused.forEach((gradient, index) =>
        expectClose(gradient, generic[index] as Float64Array, gradientTolerance, `input ${index}`, largestMagnitude(generic[index] as Float64Array)),
      );
    });

    it('is one kernel call forward and one backward, and leaves no tensor behind', async () => {
      const blocks = paperBlocks();
      const x = backend.fill([4, 92], 0.2);
      const b = backend.fill([92], 0.1);
      const forward = await backend.countKernels(() => fusedActivations(backend, x, b, blocks, 20));
      expect(forward).toEqual({ kernelCalls: 1, byKernel: { NtmHeadActivations: 1 } });
      const both = await backend.countKernels(() =>
        backend.valueAndGradients((xs, bs) => backend.sumAll(fusedActivations(backend, xs as Tensor, bs as Tensor, blocks, 20)[3] as Tensor), [x, b]),
      );
      expect(both.byKernel['NtmHeadActivations']).toBe(1);
      expect(both.byKernel['NtmHeadActivationsGradient']).toBe(1);
      const before = backend.numTensors();
      for (let i = 0; i < 3; i++) {
        backend.dispose(fusedActivations(backend, x, b, blocks, 20));
        backend.tidy(() => {
          backend.valueAndGradients(
            (xs, bs) => loss(backend, fusedActivations, xs as Tensor, bs as Tensor, blocks, 20, inputs(1, 4, blocks, 1).weights),
            [x, b],
          );
        });
      }
      expect(backend.numTensors()).toBe(before);
      backend.dispose([x, b]);
    });

    it('refuses blocks and arguments that do not fit, naming them', () => {
      const headActivations = backend.fused.headActivations as NonNullable<TfjsBackend['fused']['headActivations']>;
      const x = backend.fill([2, 10], 0.2);
      const b = backend.fill([10], 0.1);
      const block: HeadActivationBlock = { offset: 0, heads: 2, sizePerHead: 3, activation: 'tanh', vector: true };
      const shortBias = backend.fill([9], 0);
      expect(() => headActivations(x, shortBias, [block], 20)).toThrow(ShapeError);
      expect(() => headActivations(x, b, [{ ...block, offset: 5 }], 20)).toThrow(
        'fused.headActivations: blocks[0] ends at column 11 but preActivations has 10 columns',
      );
      expect(() => headActivations(x, b, [block, { ...block, offset: 4, heads: 1 }], 20)).toThrow(
        'fused.headActivations: blocks[1] starts at column 4, inside the block before it (which ends at 6); expected blocks that do not overlap',
      );
      expect(() => headActivations(x, b, [{ ...block, vector: false }], 20)).toThrow(
        'fused.headActivations: blocks[0] is not a vector but has sizePerHead 3; expected 1',
      );
      expect(() => headActivations(x, b, [{ ...block, activation: 'relu' as never }], 20)).toThrow(/blocks\[0\]\.activation must be one of "tanh"/);
      expect(() => headActivations(x, b, [{ ...block, heads: 0 }], 20)).toThrow('fused.headActivations: blocks[0].heads must be an integer >= 1, got 0');
      expect(() => headActivations(x, b, [], 20)).toThrow(
        'fused.headActivations: blocks must be a non-empty array of head activation blocks, got an empty array',
      );
      expect(() => headActivations(x, b, [block], 0)).toThrow('fused.headActivations: clip must be a number > 0 (Infinity for none), got 0');
      expect(() => headActivations(x, 'bias' as never, [block], 20)).toThrow('fused.headActivations: bias must be a tensor made by a tfjs backend, got bias');
      backend.dispose([x, b, shortBias]);
    });
  });
}
