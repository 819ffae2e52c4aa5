import type { ParameterStore } from '@ntm/backend';

/** Every parameter's values by path, as float64 (a float32 backend's values widen exactly). */
export function readParameters(store: ParameterStore): Map<string, Float64Array> {
  return new Map(store.list().map(({ path, variable }) => [path, Float64Array.from(store.backend.readSync(variable))]));
}

/** Assigns values by path to a store holding parameters of the same paths and sizes. */
export function writeParameters(store: ParameterStore, values: ReadonlyMap<string, ArrayLike<number>>): void {
  const { backend } = store;
  for (const { path, variable } of store.list()) {
    const source = values.get(path);
    if (!source) throw new Error(`writeParameters: no values for "${path}"`);
    backend.tidy(() => variable.assign(backend.tensor(source, variable.shape)));
  }
}
