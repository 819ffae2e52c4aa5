import { ParameterStore, type NtmBackend, type Tensor, type Variable } from '@ntm/backend';
import { Random } from '@ntm/random';
import type { HeadsConfig } from '../heads-config.js';
import { createHeads, type Heads, type HeadsProjection } from '../heads.js';

/** Heads in a fresh store, with their two variables at hand. */
export interface TestHeads {
  readonly heads: Heads;
  readonly store: ParameterStore;
  readonly kernel: Variable;
  readonly bias: Variable;
}

let madeHeads = 0;

/** Heads under a scope of their own: variable names are unique per backend, and tests make many. */
export function makeHeads(backend: NtmBackend, config: HeadsConfig, seed = 1): TestHeads {
  const store = new ParameterStore(backend);
  const scope = `heads-${madeHeads++}`;
  const heads = createHeads(store.scope(scope), new Random(seed), config);
  const kernel = store.get(`${scope}/kernel`)?.variable;
  const bias = store.get(`${scope}/bias`)?.variable;
  if (!kernel || !bias)
    throw new Error(
      `expected ${scope}/kernel and ${scope}/bias in the store, got ${store
        .list()
        .map((p) => p.path)
        .join(', ')}`,
    );
  return { heads, store, kernel, bias };
}

/** Values uniform in [−scale, scale), rounded to float32 so every backend gets the same numbers. */
export function randomArray(seed: number, length: number, scale = 1): Float64Array {
  const random = new Random(seed);
  return Float64Array.from({ length }, () => Math.fround(random.uniform(-scale, scale)));
}

export type GroupValues = Record<string, Float64Array>;

/** Reads every tensor of a projection, disposing them. */
export function readProjection(backend: NtmBackend, projection: HeadsProjection): { read: GroupValues | null; write: GroupValues | null } {
  const readGroup = (group: Record<string, Tensor> | null): GroupValues | null => {
    if (!group) return null;
    const entries = Object.entries(group);
    const values = Object.fromEntries(entries.map(([name, tensor]) => [name, Float64Array.from(backend.readSync(tensor))]));
    backend.dispose(entries.map(([, tensor]) => tensor));
    return values;
  };
  return { read: readGroup(projection.read), write: readGroup(projection.write) };
}

/** Projects `controllerOutput` values `[batch, controllerSize]` and reads the result back. */
export function projectValues(
  backend: NtmBackend,
  heads: Heads,
  controllerOutput: ArrayLike<number>,
  batch: number,
): { read: GroupValues | null; write: GroupValues | null } {
  const projection = backend.tidy(() => heads.project(backend.tensor(controllerOutput, [batch, heads.config.controllerSize])));
  return readProjection(backend, projection);
}
