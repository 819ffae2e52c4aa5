import { ShapeError } from '@ntm/backend';
import { broadcastIndexMap } from './broadcast.js';
import { formatShape, sizeOf, type DenseArray } from './dense-array.js';

/**
 * Matrix product of the last two axes, `[…, m, k] × […, k, n] → […, m, n]`, each operand
 * optionally transposed in its last two axes first. Leading (batch) axes broadcast NumPy-style,
 * which covers the contract's equal batch axes and also a rank-2 operand against a batch.
 *
 * @example
 * ```ts
 * // [[1, 2], [3, 4]] × [[5], [6]] = [[17], [39]]
 * matMulKernel({ shape: [2, 2], data: Float64Array.of(1, 2, 3, 4) }, { shape: [2, 1], data: Float64Array.of(5, 6) }, false, false);
 * ```
 */
export function matMulKernel(a: DenseArray, b: DenseArray, transposeA: boolean, transposeB: boolean): DenseArray {
  const describe = (): string => `a ${formatShape(a.shape)} (transposeA ${transposeA}) and b ${formatShape(b.shape)} (transposeB ${transposeB})`;
  if (a.shape.length < 2 || b.shape.length < 2) {
    throw new ShapeError(`matMul: both operands must have rank >= 2, got ${describe()}`);
  }
  const rowsA = a.shape[a.shape.length - 2] as number;
  const columnsA = a.shape[a.shape.length - 1] as number;
  const rowsB = b.shape[b.shape.length - 2] as number;
  const columnsB = b.shape[b.shape.length - 1] as number;
  const m = transposeA ? columnsA : rowsA;
  const innerA = transposeA ? rowsA : columnsA;
  const innerB = transposeB ? columnsB : rowsB;
  const n = transposeB ? rowsB : columnsB;
  if (innerA !== innerB) {
    throw new ShapeError(
      `matMul: inner dimensions differ for ${describe()}: a contributes ${innerA} columns but b contributes ${innerB} rows; expected them equal`,
    );
  }
  const batchShapeA = a.shape.slice(0, -2);
  const batchShapeB = b.shape.slice(0, -2);
  const batchRank = Math.max(batchShapeA.length, batchShapeB.length);
  const batchShape = new Array<number>(batchRank);
  for (let axis = 0; axis < batchRank; axis++) {
    const sizeA = batchShapeA[batchShapeA.length - batchRank + axis] ?? 1;
    const sizeB = batchShapeB[batchShapeB.length - batchRank + axis] ?? 1;
    if (sizeA !== sizeB && sizeA !== 1 && sizeB !== 1) {
      throw new ShapeError(
        `matMul: batch axes do not broadcast for ${describe()}: batch axis ${axis - batchRank} has sizes ${sizeA} and ${sizeB}; expected equal sizes or one of them 1`,
      );
    }
    batchShape[axis] = sizeA === 1 ? sizeB : sizeA;
  }
  const batchIndexA = broadcastIndexMap(batchShape, batchShapeA);
  const batchIndexB = broadcastIndexMap(batchShape, batchShapeB);
  const batches = sizeOf(batchShape);
  const data = new Float64Array(batches * m * n);
  for (let batch = 0; batch < batches; batch++) {
    const offsetA = (batchIndexA[batch] as number) * rowsA * columnsA;
    const offsetB = (batchIndexB[batch] as number) * rowsB * columnsB;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let total = 0;
        for (let p = 0; p < innerA; p++) {
          // Element (i, p) of op(A) and (p, j) of op(B), read from the stored row-major matrices.
          const valueA = a.data[offsetA + (transposeA ? p * columnsA + i : i * columnsA + p)] as number;
          const valueB = b.data[offsetB + (transposeB ? j * columnsB + p : p * columnsB + j)] as number;
          total += valueA * valueB;
        }
        data[(batch * m + i) * n + j] = total;
      }
    }
  }
  return { shape: [...batchShape, m, n], data };
}
