/**
 * The controllers' equations written again in plain float64 JavaScript on nested arrays, with no
 * backend at all: the independent oracle the controller tests compare against.
 */

/** A row-major matrix as nested arrays: `matrix[row][column]`. */
export type PlainMatrix = number[][];

/** Turns row-major `values` of shape `[rows, columns]` into nested arrays. */
export function toMatrix(values: ArrayLike<number>, rows: number, columns: number): PlainMatrix {
  if (values.length !== rows * columns) {
    throw new Error(`toMatrix: ${values.length} values do not fill [${rows}, ${columns}]`);
  }
  return Array.from({ length: rows }, (_, row) => Array.from({ length: columns }, (_, column) => values[row * columns + column] as number));
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** `input · kernel + bias` for one row. */
function affine(input: readonly number[], kernel: PlainMatrix, bias: ArrayLike<number>): number[] {
  const columns = bias.length;
  const result = Array.from({ length: columns }, (_, column) => bias[column] as number);
  input.forEach((value, row) => {
    const weights = kernel[row] as number[];
    for (let column = 0; column < columns; column++) result[column] = (result[column] as number) + value * (weights[column] as number);
  });
  return result;
}

/** The weights of one LSTM layer, read back from a backend. */
export interface PlainLstmLayer {
  /** `[inputs + units, 4·units]`, blocks i, f, g, o. */
  readonly kernel: PlainMatrix;
  /** `[4·units]`. */
  readonly bias: ArrayLike<number>;
}

/**
 * One LSTM step for one batch row, straight from the textbook equations:
 * i = σ(·), f = σ(·), g = tanh(·), o = σ(·) on `[x, h] W + b`; c' = f c + i g; h' = o tanh(c').
 */
export function plainLstmStep(
  layer: PlainLstmLayer,
  input: readonly number[],
  hidden: readonly number[],
  cell: readonly number[],
): { hidden: number[]; cell: number[] } {
  const units = hidden.length;
  const gates = affine([...input, ...hidden], layer.kernel, layer.bias);
  const block = (index: number) => gates.slice(index * units, (index + 1) * units);
  const inputGate = block(0).map(sigmoid);
  const forgetGate = block(1).map(sigmoid);
  const candidate = block(2).map(Math.tanh);
  const outputGate = block(3).map(sigmoid);
  const nextCell = cell.map((c, unit) => (forgetGate[unit] as number) * c + (inputGate[unit] as number) * (candidate[unit] as number));
  const nextHidden = nextCell.map((c, unit) => (outputGate[unit] as number) * Math.tanh(c));
  return { hidden: nextHidden, cell: nextCell };
}

/** The weights of one dense layer, read back from a backend. */
export interface PlainDenseLayer {
  /** `[inputs, units]`. */
  readonly kernel: PlainMatrix;
  /** `[units]`. */
  readonly bias: ArrayLike<number>;
}

const activations = {
  tanh: Math.tanh,
  sigmoid,
  relu: (x: number) => Math.max(0, x),
};

/** A feed-forward controller's output for one batch row, before the clip. */
export function plainFeedForward(layers: readonly PlainDenseLayer[], activation: keyof typeof activations, input: readonly number[]): number[] {
  let values = [...input];
  for (const layer of layers) values = affine(values, layer.kernel, layer.bias).map(activations[activation]);
  return values;
}
