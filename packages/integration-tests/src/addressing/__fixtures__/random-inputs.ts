import type { NtmBackend, Tensor } from '@ntm/backend';
import { Random } from '@ntm/random';
import type { OracleField, OracleInputs } from './addressing-oracle.js';

export interface Dimensions {
  batch: number;
  heads: number;
  slots: number;
  wordSize: number;
  kernelWidth: number;
}

function distributionRows(random: Random, rows: number, length: number, spread: number): Float64Array {
  const out = new Float64Array(rows * length);
  for (let row = 0; row < rows; row++) {
    let sum = 0;
    for (let i = 0; i < length; i++) {
      const value = Math.exp(spread * random.normal());
      out[row * length + i] = value;
      sum += value;
    }
    for (let i = 0; i < length; i++) out[row * length + i] = (out[row * length + i] as number) / sum;
  }
  return out;
}

function fill(random: Random, length: number, draw: (random: Random) => number): Float64Array {
  return Float64Array.from({ length }, () => draw(random));
}

/** Seeded random inputs in the ranges the heads produce (β ≥ 0, g ∈ [0,1], γ ≥ 1, …). */
export function randomInputs(seed: number, d: Dimensions): OracleInputs {
  const random = new Random(seed);
  const rows = d.batch * d.heads;
  return {
    ...d,
    memory: fill(random, d.batch * d.slots * d.wordSize, (r) => r.normal(0, 0.5)),
    key: fill(random, rows * d.wordSize, (r) => r.normal(0, 0.5)),
    keyStrength: fill(random, rows, (r) => r.uniform(0.5, 8)),
    interpolationGate: fill(random, rows, (r) => r.uniform(0.05, 0.95)),
    shiftWeighting: distributionRows(random, rows, d.kernelWidth, 1),
    sharpening: fill(random, rows, (r) => r.uniform(1, 4)),
    previousWeighting: distributionRows(random, rows, d.slots, 1),
    weighting: distributionRows(random, rows, d.slots, 1),
    erase: fill(random, rows * d.wordSize, (r) => r.uniform(0, 1)),
    add: fill(random, rows * d.wordSize, (r) => r.normal(0, 0.5)),
  };
}

/** The shape of each tensor-valued field. */
export function fieldShape(p: Dimensions, field: OracleField): number[] {
  switch (field) {
    case 'memory':
      return [p.batch, p.slots, p.wordSize];
    case 'key':
    case 'erase':
    case 'add':
      return [p.batch, p.heads, p.wordSize];
    case 'keyStrength':
    case 'interpolationGate':
    case 'sharpening':
      return [p.batch, p.heads];
    case 'shiftWeighting':
      return [p.batch, p.heads, p.kernelWidth];
    case 'previousWeighting':
    case 'weighting':
      return [p.batch, p.heads, p.slots];
  }
}

export const allFields: readonly OracleField[] = [
  'memory',
  'key',
  'keyStrength',
  'interpolationGate',
  'shiftWeighting',
  'sharpening',
  'previousWeighting',
  'weighting',
  'erase',
  'add',
];

/** Every field as a backend tensor. */
export function toTensors(backend: NtmBackend, p: OracleInputs): Record<OracleField, Tensor> {
  const out = {} as Record<OracleField, Tensor>;
  for (const field of allFields) out[field] = backend.tensor(p[field], fieldShape(p, field));
  return out;
}
