import type { Random } from '@ntm/random';
import type { NtmBackend, Shape, Tensor } from './contract.js';

/**
 * Seeded initialisation, done in JavaScript from the project's PRNG and handed to the backend
 * as values. Why not the backend's own random ops: the same seed must give the same weights
 * on every backend (tfjs-wasm, tfjs-cpu, the float64 reference), bit for bit.
 */

function sizeOf(shape: Shape): number {
  return shape.reduce((product, size) => product * size, 1);
}

/**
 * A tensor of independent uniform samples in [min, max).
 * @example uniformTensor(backend, [100, 20], new Random(1), -0.1, 0.1)
 */
export function uniformTensor(backend: NtmBackend, shape: Shape, random: Random, min: number, max: number): Tensor {
  const values = new Float64Array(sizeOf(shape));
  for (let i = 0; i < values.length; i++) values[i] = random.uniform(min, max);
  return backend.tensor(values, shape);
}

/**
 * A tensor of independent normal samples.
 * @example normalTensor(backend, [128, 20], new Random(1), 0, 0.5)
 */
export function normalTensor(backend: NtmBackend, shape: Shape, random: Random, mean: number, stddev: number): Tensor {
  const values = new Float64Array(sizeOf(shape));
  for (let i = 0; i < values.length; i++) values[i] = random.normal(mean, stddev);
  return backend.tensor(values, shape);
}

/**
 * Glorot/Xavier uniform initialisation for a `[fanIn, fanOut]` weight matrix: uniform in
 * ±√(6 / (fanIn + fanOut)), which keeps activations' variance steady through a layer.
 * @example glorotUniform(backend, [inputs, units], new Random(1))
 */
export function glorotUniform(backend: NtmBackend, shape: readonly [number, number], random: Random): Tensor {
  const limit = Math.sqrt(6 / (shape[0] + shape[1]));
  return uniformTensor(backend, shape, random, -limit, limit);
}
