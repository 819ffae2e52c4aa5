import { sigmoid, tanh } from './activation-functions.js';
import type { FloatArray } from './address-loops.js';

/** The sizes of one LSTM cell update: `B` batch rows of `U` units. */
export interface LstmCellSizes {
  readonly batch: number;
  readonly units: number;
}

/**
 * What the forward pass leaves for the backward pass, `[B, 6U]`: per batch row the activated
 * gates σ(i), σ(f), tanh(g), σ(o), then tanh(c_t) and c_{t−1}, `U` each. Keeping c_{t−1} here
 * rather than saving the input spares tfjs a tensor clone (a kernel call) per step.
 */
export const LSTM_TAPE_BLOCKS = 6;

/**
 * The LSTM cell from its pre-activation gates (Hochreiter & Schmidhuber 1997, the form with a
 * forget gate), for every batch row:
 * ```
 * [i, f, g, o] = gates + bias          (blocks of U columns in this order)
 * c_t = σ(f) ⊙ c_{t−1} + σ(i) ⊙ tanh(g)
 * h_t = σ(o) ⊙ tanh(c_t)
 * ```
 * Writes h `[B, U]`, c `[B, U]` and the tape `[B, 6U]` ({@link LSTM_TAPE_BLOCKS}).
 *
 * @example lstmCellForward({ batch, units }, gates, bias, previousCell, hidden, cell, tape);
 */
export function lstmCellForward(
  sizes: LstmCellSizes,
  gates: FloatArray,
  bias: FloatArray,
  previousCell: FloatArray,
  hidden: FloatArray,
  cell: FloatArray,
  tape: FloatArray,
): void {
  const { batch, units } = sizes;
  for (let b = 0; b < batch; b++) {
    const gateRow = b * 4 * units;
    const stateRow = b * units;
    const tapeRow = b * LSTM_TAPE_BLOCKS * units;
    for (let u = 0; u < units; u++) {
      const input = sigmoid((gates[gateRow + u] as number) + (bias[u] as number));
      const forget = sigmoid((gates[gateRow + units + u] as number) + (bias[units + u] as number));
      const candidate = tanh((gates[gateRow + 2 * units + u] as number) + (bias[2 * units + u] as number));
      const output = sigmoid((gates[gateRow + 3 * units + u] as number) + (bias[3 * units + u] as number));
      const previous = previousCell[stateRow + u] as number;
      const next = forget * previous + input * candidate;
      const squashed = tanh(next);
      cell[stateRow + u] = next;
      hidden[stateRow + u] = output * squashed;
      tape[tapeRow + u] = input;
      tape[tapeRow + units + u] = forget;
      tape[tapeRow + 2 * units + u] = candidate;
      tape[tapeRow + 3 * units + u] = output;
      tape[tapeRow + 4 * units + u] = squashed;
      tape[tapeRow + 5 * units + u] = previous;
    }
  }
}

/**
 * The backward pass of {@link lstmCellForward}, from the tape and dL/dh, dL/dc `[B, U]`:
 * ```
 * dc  = dL/dc + dL/dh ⊙ σ(o) ⊙ (1 − tanh²(c_t))      (c_t feeds h_t and the next step)
 * d(pre i) = dc ⊙ tanh(g) ⊙ σ(i)(1 − σ(i))     d(pre f) = dc ⊙ c_{t−1} ⊙ σ(f)(1 − σ(f))
 * d(pre g) = dc ⊙ σ(i) ⊙ (1 − tanh²(g))        d(pre o) = dL/dh ⊙ tanh(c_t) ⊙ σ(o)(1 − σ(o))
 * dL/dc_{t−1} = dc ⊙ σ(f)                       dL/dbias = Σ_batch dL/dgates
 * ```
 * Writes every element of `gatesGradient` `[B, 4U]`, `biasGradient` `[4U]` and
 * `previousCellGradient` `[B, U]`.
 *
 * @example lstmCellBackward({ batch, units }, tape, hiddenGradient, cellGradient, gatesGradient, biasGradient, previousCellGradient);
 */
export function lstmCellBackward(
  sizes: LstmCellSizes,
  tape: FloatArray,
  hiddenGradient: FloatArray,
  cellGradient: FloatArray,
  gatesGradient: FloatArray,
  biasGradient: FloatArray,
  previousCellGradient: FloatArray,
): void {
  const { batch, units } = sizes;
  biasGradient.fill(0);
  for (let b = 0; b < batch; b++) {
    const gateRow = b * 4 * units;
    const stateRow = b * units;
    const tapeRow = b * LSTM_TAPE_BLOCKS * units;
    for (let u = 0; u < units; u++) {
      const input = tape[tapeRow + u] as number;
      const forget = tape[tapeRow + units + u] as number;
      const candidate = tape[tapeRow + 2 * units + u] as number;
      const output = tape[tapeRow + 3 * units + u] as number;
      const squashed = tape[tapeRow + 4 * units + u] as number;
      const previous = tape[tapeRow + 5 * units + u] as number;
      const dHidden = hiddenGradient[stateRow + u] as number;
      const dCell = (cellGradient[stateRow + u] as number) + dHidden * output * (1 - squashed * squashed);
      const dInput = dCell * candidate * input * (1 - input);
      const dForget = dCell * previous * forget * (1 - forget);
      const dCandidate = dCell * input * (1 - candidate * candidate);
      const dOutput = dHidden * squashed * output * (1 - output);
      gatesGradient[gateRow + u] = dInput;
      gatesGradient[gateRow + units + u] = dForget;
      gatesGradient[gateRow + 2 * units + u] = dCandidate;
      gatesGradient[gateRow + 3 * units + u] = dOutput;
      biasGradient[u] = (biasGradient[u] as number) + dInput;
      biasGradient[units + u] = (biasGradient[units + u] as number) + dForget;
      biasGradient[2 * units + u] = (biasGradient[2 * units + u] as number) + dCandidate;
      biasGradient[3 * units + u] = (biasGradient[3 * units + u] as number) + dOutput;
      previousCellGradient[stateRow + u] = dCell * forget;
    }
  }
}
