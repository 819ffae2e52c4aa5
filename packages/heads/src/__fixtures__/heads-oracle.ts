import type { HeadsConfig } from '../heads-config.js';

/** A parameter's values, row-major, as the projection would return them. */
export type OracleGroup = Record<string, Float64Array>;

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const softplus = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

/**
 * The documented column layout, re-derived from the JSDoc formula on its own (not from
 * `headsLayout`): group start + kind start + head · size + element.
 */
export function documentedColumn(config: Required<HeadsConfig>, group: 'read' | 'write', parameter: string, head: number, element: number): number {
  const { readHeads: R, writeHeads: W, wordSize: M, shiftRadius: n } = config;
  const K = 2 * n + 1;
  const H = group === 'read' ? R : W;
  const groupStart = group === 'read' ? 0 : R * (M + 2 * n + 4);
  const kindStart: Record<string, number> = {
    key: 0,
    keyStrength: H * M,
    interpolationGate: H * M + H,
    shiftWeighting: H * M + 2 * H,
    sharpening: H * M + 2 * H + H * K,
    erase: H * M + 3 * H + H * K,
    add: 2 * H * M + 3 * H + H * K,
  };
  const size: Record<string, number> = { key: M, keyStrength: 1, interpolationGate: 1, shiftWeighting: K, sharpening: 1, erase: M, add: M };
  return groupStart + (kindStart[parameter] as number) + head * (size[parameter] as number) + element;
}

/**
 * Every head's parameters in plain float64 JavaScript: `clip(h · W + b)` then the activations
 * of docs/math.md §1, read off the documented layout.
 */
export function oracleProject(
  config: Required<HeadsConfig>,
  kernel: ArrayLike<number>, // [controllerSize, C] row-major
  bias: ArrayLike<number>, // [C]
  controllerOutput: ArrayLike<number>, // [batch, controllerSize]
  batch: number,
): { read: OracleGroup | null; write: OracleGroup | null } {
  const columns = bias.length;
  const size = config.controllerSize;
  const clip = config.preActivationClip;
  const pre = new Float64Array(batch * columns);
  for (let b = 0; b < batch; b++) {
    for (let c = 0; c < columns; c++) {
      let total = bias[c] as number;
      for (let i = 0; i < size; i++) total += (controllerOutput[b * size + i] as number) * (kernel[i * columns + c] as number);
      pre[b * columns + c] = Math.min(clip, Math.max(-clip, total));
    }
  }
  const at = (b: number, column: number): number => pre[b * columns + column] as number;
  const vectorActivation = (name: 'tanh' | 'identity') => (name === 'tanh' ? Math.tanh : (x: number) => x);
  const group = (name: 'read' | 'write', heads: number): OracleGroup | null => {
    if (heads === 0) return null;
    const { wordSize: M, shiftRadius: n } = config;
    const K = 2 * n + 1;
    const vector = (parameter: string, activation: (x: number) => number): Float64Array => {
      const out = new Float64Array(batch * heads * M);
      for (let b = 0; b < batch; b++)
        for (let h = 0; h < heads; h++)
          for (let j = 0; j < M; j++) out[(b * heads + h) * M + j] = activation(at(b, documentedColumn(config, name, parameter, h, 0) + j));
      return out;
    };
    const scalar = (parameter: string, activation: (x: number) => number): Float64Array => {
      const out = new Float64Array(batch * heads);
      for (let b = 0; b < batch; b++) for (let h = 0; h < heads; h++) out[b * heads + h] = activation(at(b, documentedColumn(config, name, parameter, h, 0)));
      return out;
    };
    const shift = new Float64Array(batch * heads * K);
    for (let b = 0; b < batch; b++) {
      for (let h = 0; h < heads; h++) {
        const first = documentedColumn(config, name, 'shiftWeighting', h, 0);
        const exps = Array.from({ length: K }, (_, k) => Math.exp(at(b, first + k)));
        const sum = exps.reduce((a, e) => a + e, 0);
        exps.forEach((e, k) => {
          shift[(b * heads + h) * K + k] = e / sum;
        });
      }
    }
    const result: OracleGroup = {
      key: vector('key', vectorActivation(config.keyActivation)),
      keyStrength: scalar('keyStrength', softplus),
      interpolationGate: scalar('interpolationGate', sigmoid),
      shiftWeighting: shift,
      sharpening: scalar('sharpening', (x) => 1 + softplus(x)),
    };
    if (name === 'write') {
      result.erase = vector('erase', sigmoid);
      result.add = vector('add', vectorActivation(config.addActivation));
    }
    return result;
  };
  return { read: group('read', config.readHeads), write: group('write', config.writeHeads) };
}
