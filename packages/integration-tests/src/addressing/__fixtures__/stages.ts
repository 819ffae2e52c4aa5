import type { NtmBackend, Tensor } from '@ntm/backend';
import { address, circularShift, contentWeighting, cosineSimilarity, interpolate, readMemory, sharpen, writeMemory } from '@ntm/addressing';
import {
  oracleAddress,
  oracleContent,
  oracleCosine,
  oracleInterpolate,
  oracleRead,
  oracleSharpen,
  oracleShift,
  oracleWrite,
  type OracleField,
  type OracleInputs,
} from './addressing-oracle.js';

/** One stage of the pipeline: how to run it on a backend and on the oracle. */
export interface Stage {
  readonly name: string;
  /** The fields it reads (and that its gradient is taken with respect to). */
  readonly inputs: readonly OracleField[];
  run(backend: NtmBackend, tensors: Record<OracleField, Tensor>): Tensor;
  oracle(inputs: OracleInputs): Float64Array;
}

export const stages: readonly Stage[] = [
  {
    name: 'cosineSimilarity',
    inputs: ['memory', 'key'],
    run: (backend, t) => cosineSimilarity(backend, t.memory, t.key),
    oracle: (p) => oracleCosine(p),
  },
  {
    name: 'contentWeighting',
    inputs: ['memory', 'key', 'keyStrength'],
    run: (backend, t) => contentWeighting(backend, t.memory, t.key, t.keyStrength),
    oracle: (p) => oracleContent(p),
  },
  {
    name: 'interpolate',
    inputs: ['weighting', 'previousWeighting', 'interpolationGate'],
    run: (backend, t) => interpolate(backend, t.weighting, t.previousWeighting, t.interpolationGate),
    oracle: (p) => oracleInterpolate(p, p.weighting),
  },
  {
    name: 'circularShift',
    inputs: ['weighting', 'shiftWeighting'],
    run: (backend, t) => circularShift(backend, t.weighting, t.shiftWeighting),
    oracle: (p) => oracleShift(p, p.weighting),
  },
  {
    name: 'sharpen',
    inputs: ['weighting', 'sharpening'],
    run: (backend, t) => sharpen(backend, t.weighting, t.sharpening),
    oracle: (p) => oracleSharpen(p, p.weighting),
  },
  {
    name: 'address (whole pipeline)',
    inputs: ['memory', 'key', 'keyStrength', 'interpolationGate', 'shiftWeighting', 'sharpening', 'previousWeighting'],
    run: (backend, t) => address(backend, t),
    oracle: (p) => oracleAddress(p),
  },
  {
    name: 'readMemory',
    inputs: ['memory', 'weighting'],
    run: (backend, t) => readMemory(backend, t.memory, t.weighting),
    oracle: (p) => oracleRead(p, p.weighting),
  },
  {
    name: 'writeMemory',
    inputs: ['memory', 'weighting', 'erase', 'add'],
    run: (backend, t) => writeMemory(backend, t.memory, t.weighting, t.erase, t.add),
    oracle: (p) => oracleWrite(p, p.weighting, p.erase, p.add),
  },
];
