import { ParameterStore, type NtmBackend, type Tensor, type Variable } from '@ntm/backend';
import { Random } from '@ntm/random';
import type { HeadsConfig } from '../heads-config.js';
import { createHeads, type HeadParameters, type Heads, type WriteHeadParameters } from '../heads.js';

/** Heads in a fresh store, with their two variables at hand. */
export interface TestHeads {
  readonly heads: Heads;
  readonly store: ParameterStore;
  readonly kernel: Variable;
  readonly bias: Variable;
}

export function makeHeads(backend: NtmBackend, config: HeadsConfig, seed = 1): TestHeads {
  const store = new ParameterStore(backend);
  const heads = createHeads(store.scope('heads'), new Random(seed), config);
  const kernel = store.get('heads/kernel')?.variable;
  const bias = store.get('heads/bias')?.variable;
  if (!kernel || !bias) throw new Error(`expected heads/kernel and heads/bias in the store, got ${store.list().map((p) => p.path).join(', ')}`);
  return { heads, store, kernel, bias };
}

/** Values uniform in [−scale, scale), rounded to float32 so every backend gets the same numbers. */
export function randomArray(seed: number, length: number, scale = 1): Float64Array {
  const random = new Random(seed);
  return Float64Array.from({ length }, () => Math.fround(random.uniform(-scale, scale)));
}

export type GroupValues = Record<string, Float64Array>;

/** Reads every tensor of a projection, disposing them. */
export function readProjection(
  backend: NtmBackend,
  projection: { read: HeadParameters | null; write: WriteHeadParameters | null },
): { read: GroupValues | null; write: GroupValues | null } {
  const readGroup = (group: HeadParameters | null): GroupValues | null => {
    if (!group) return null;
    const entries = Object.entries(group as unknown as Record<string, Tensor>);
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
  const projection = backend.tidy(() => {
    const input = backend.tensor(controllerOutput, [batch, heads.config.controllerSize]);
    return heads.project(input) as unknown as Record<string, Record<string, Tensor> | null>;
  });
  return readProjection(backend, projection as unknown as { read: HeadParameters | null; write: WriteHeadParameters | null });
}
