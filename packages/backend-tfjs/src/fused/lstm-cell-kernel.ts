import * as tf from '@tensorflow/tfjs-core';
import { ShapeChecker, type LstmCellState, type Tensor } from '@ntm/backend';
import type { TfjsFlavor } from '../tfjs-flavor.js';
import { checkActiveFlavor, fusedInput } from './fused-input-checks.js';
import type { InputShapes, LoopKernelDefinition } from './loop-kernel.js';
import { LSTM_TAPE_BLOCKS, lstmCellBackward, lstmCellForward, type LstmCellSizes } from './lstm-cell-loops.js';

/**
 * The tfjs kernel of the fused LSTM cell (what `countKernels` reports).
 * @example await backend.countKernels(() => backend.fused.lstmCell?.(gates, bias, cell)) // { NtmLstmCell: 1 }
 */
export const LSTM_CELL_KERNEL = 'NtmLstmCell';
/**
 * Its backward kernel: the gradients to the gates, the bias and the previous cell in one call.
 * @example tf.engine().runKernel(LSTM_CELL_GRADIENT_KERNEL, { tape, hiddenGradient, cellGradient }) // 3 tensors
 */
export const LSTM_CELL_GRADIENT_KERNEL = 'NtmLstmCellGradient';

function sizesOf(gatesOrTapeShape: readonly number[], blocks: number): LstmCellSizes {
  const [batch, columns] = gatesOrTapeShape as [number, number];
  return { batch, units: columns / blocks };
}

/**
 * `NtmLstmCell`: gates `[B, 4U]`, bias `[4U]`, previous cell `[B, U]` → h `[B, U]`, c `[B, U]`
 * and the tape `[B, 6U]` the backward kernel reads.
 *
 * @example tf.registerKernel({ kernelName: LSTM_CELL_KERNEL, backendName: 'wasm', kernelFunc: loopKernelFunc('wasm', lstmCellKernel) });
 */
export const lstmCellKernel: LoopKernelDefinition = {
  kernelName: LSTM_CELL_KERNEL,
  inputNames: ['gates', 'bias', 'previousCell'],
  outputShapes: (shapes: InputShapes) => {
    const { batch, units } = sizesOf(shapes[0] as number[], 4);
    return [
      [batch, units],
      [batch, units],
      [batch, LSTM_TAPE_BLOCKS * units],
    ];
  },
  run: ([gates, bias, previousCell], [hidden, cell, tape], shapes) =>
    lstmCellForward(
      sizesOf(shapes[0] as number[], 4),
      gates as Float32Array,
      bias as Float32Array,
      previousCell as Float32Array,
      hidden as Float32Array,
      cell as Float32Array,
      tape as Float32Array,
    ),
  simd: { kernel: 'lstm_cell_forward', scalars: (shapes) => lstmScalars(sizesOf(shapes[0] as number[], 4)), stackFloats: () => 0 },
};

/** The C kernels' leading arguments: B, U. */
function lstmScalars({ batch, units }: LstmCellSizes): number[] {
  return [batch, units];
}

/**
 * `NtmLstmCellGradient`: the tape, dL/dh and dL/dc → dL/dgates `[B, 4U]`, dL/dbias `[4U]`,
 * dL/dc_{t−1} `[B, U]`.
 *
 * @example tf.registerKernel({ kernelName: LSTM_CELL_GRADIENT_KERNEL, backendName: 'cpu', kernelFunc: loopKernelFunc('cpu', lstmCellGradientKernel) });
 */
export const lstmCellGradientKernel: LoopKernelDefinition = {
  kernelName: LSTM_CELL_GRADIENT_KERNEL,
  inputNames: ['tape', 'hiddenGradient', 'cellGradient'],
  outputShapes: (shapes: InputShapes) => {
    const { batch, units } = sizesOf(shapes[0] as number[], LSTM_TAPE_BLOCKS);
    return [[batch, 4 * units], [4 * units], [batch, units]];
  },
  run: ([tape, hiddenGradient, cellGradient], [gatesGradient, biasGradient, previousCellGradient], shapes) =>
    lstmCellBackward(
      sizesOf(shapes[0] as number[], LSTM_TAPE_BLOCKS),
      tape as Float32Array,
      hiddenGradient as Float32Array,
      cellGradient as Float32Array,
      gatesGradient as Float32Array,
      biasGradient as Float32Array,
      previousCellGradient as Float32Array,
    ),
  simd: { kernel: 'lstm_cell_backward', scalars: (shapes) => lstmScalars(sizesOf(shapes[0] as number[], LSTM_TAPE_BLOCKS)), stackFloats: () => 0 },
};

/**
 * The gradient of `NtmLstmCell` for tfjs's tape: one `NtmLstmCellGradient` call. It saves only
 * the tape output (which holds c_{t−1} too), so tfjs clones one tensor per step, not three.
 *
 * @example tf.registerGradient(lstmCellGradient);
 */
export const lstmCellGradient: tf.GradConfig = {
  kernelName: LSTM_CELL_KERNEL,
  outputsToSave: [false, false, true],
  gradFunc: (dy, saved) => {
    const [tape] = saved as [tf.Tensor];
    const [hiddenGradient, cellGradient] = dy as (tf.Tensor | null)[];
    const [batch, columns] = tape.shape as [number, number];
    const stateShape = [batch, columns / LSTM_TAPE_BLOCKS];
    // An output nothing downstream used has no gradient (the last step's cell, say): zeros.
    const gradients = tf.engine().runKernel(LSTM_CELL_GRADIENT_KERNEL, {
      tape,
      hiddenGradient: hiddenGradient ?? tf.zeros(stateShape),
      cellGradient: cellGradient ?? tf.zeros(stateShape),
    }) as tf.Tensor[];
    // Run now, not inside the thunks: each thunk runs in its own tidy, which would free the others.
    return {
      gates: () => gradients[0] as tf.Tensor,
      bias: () => gradients[1] as tf.Tensor,
      previousCell: () => gradients[2] as tf.Tensor,
    };
  },
};

/**
 * `FusedKernels.lstmCell` on a tfjs flavor: the gate activations and the cell and hidden
 * updates of an LSTM layer as ONE kernel call forward and one backward, instead of 12 forward
 * (bias add, sigmoid, tanh, 4 slices, 3 multiplies, add, tanh) and about 30 backward,
 * clones of saved tensors included.
 *
 * @example
 * ```ts
 * const lstmCell = createFusedLstmCell('wasm');
 * const { hidden, cell } = lstmCell(backend.matMul(joined, kernel), bias, previousCell); // [B, U] each
 * ```
 */
export function createFusedLstmCell(flavor: TfjsFlavor): (gates: Tensor, bias: Tensor, previousCell: Tensor) => LstmCellState {
  const op = 'fused.lstmCell';
  return (gates, bias, previousCell) => {
    checkActiveFlavor(op, flavor);
    const tensors = {
      gates: fusedInput(op, 'gates', gates),
      bias: fusedInput(op, 'bias', bias),
      previousCell: fusedInput(op, 'previousCell', previousCell),
    };
    const shapes = new ShapeChecker(op).check('previousCell', previousCell.shape, ['batch', 'units']);
    shapes
      .bind('gateColumns', 4 * shapes.size('units'), '4 × units of previousCell')
      .check('gates', gates.shape, ['batch', 'gateColumns'])
      .check('bias', bias.shape, ['gateColumns']);
    const [hidden, cell, tape] = tf.engine().runKernel(LSTM_CELL_KERNEL, tensors) as [tf.Tensor, tf.Tensor, tf.Tensor];
    // The caller only sees h and c; a gradient tape under way keeps its own reference to the tape.
    tape.dispose();
    return { hidden, cell };
  };
}
