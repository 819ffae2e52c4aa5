import type { NtmBackend, Tensor, Variable } from './contract.js';

/** One trainable parameter: its path in the model (`controller/lstm0/kernel`) and its variable. */
export interface NamedParameter {
  readonly path: string;
  readonly variable: Variable;
  /**
   * False for state that is saved with the model but not trained (a random memory
   * initialisation drawn once, say); optimisers take {@link ParameterStore.trainable}.
   */
  readonly trainable: boolean;
}

/** Options of {@link ParameterStore.create}. */
export interface CreateParameterOptions {
  /** Whether optimisers update it (default true). */
  readonly trainable?: boolean;
}

const validSegment = /^[A-Za-z0-9_.-]+$/;

/**
 * The trainable parameters of a model, by path. Modules (controllers, heads, the machine)
 * create their variables through a store scoped to their own prefix, so a whole model's
 * parameters can be listed in a stable order for optimisers, counted, saved and loaded by path.
 *
 * @example
 * ```ts
 * const store = new ParameterStore(backend);
 * const lstm = store.scope('controller').scope('lstm0');
 * const kernel = lstm.create('kernel', glorotUniform(backend, [28, 400], random));
 * store.list().map((p) => p.path); // ['controller/lstm0/kernel']
 * store.count();                   // 11200
 * ```
 */
export class ParameterStore {
  private readonly entries: Map<string, NamedParameter>;

  constructor(
    readonly backend: NtmBackend,
    private readonly prefix = '',
    entries?: Map<string, NamedParameter>,
  ) {
    this.entries = entries ?? new Map();
  }

  /** A view of this store whose paths are prefixed with `name/`. */
  scope(name: string): ParameterStore {
    checkSegment(name);
    return new ParameterStore(this.backend, this.path(name), this.entries);
  }

  /**
   * Creates a variable at `this prefix / name` from `initial`, and disposes `initial`
   * (the variable holds its own copy). A path can be created once.
   */
  create(name: string, initial: Tensor, options: CreateParameterOptions = {}): Variable {
    checkSegment(name);
    const path = this.path(name);
    if (this.entries.has(path)) {
      this.backend.dispose(initial);
      throw new Error(`parameter "${path}" already exists`);
    }
    const variable = this.backend.variable(initial, path);
    this.backend.dispose(initial);
    this.entries.set(path, { path, variable, trainable: options.trainable ?? true });
    return variable;
  }

  /** Every parameter of the whole store (not just this scope), in creation order. */
  list(): NamedParameter[] {
    return [...this.entries.values()];
  }

  /** The parameters optimisers update, in creation order. */
  trainable(): NamedParameter[] {
    return this.list().filter((parameter) => parameter.trainable);
  }

  /** The parameter at a full path, or undefined. */
  get(path: string): NamedParameter | undefined {
    return this.entries.get(path);
  }

  /** The number of scalar parameters in the whole store (trainable ones only, unless told). */
  count(options: { includeFrozen?: boolean } = {}): number {
    let total = 0;
    for (const { variable, trainable } of this.entries.values()) {
      if (!trainable && !options.includeFrozen) continue;
      total += variable.shape.reduce((product, size) => product * size, 1);
    }
    return total;
  }

  /** Frees every variable of the whole store. */
  dispose(): void {
    for (const { variable } of this.entries.values()) this.backend.dispose(variable);
    this.entries.clear();
  }

  private path(name: string): string {
    return this.prefix === '' ? name : `${this.prefix}/${name}`;
  }
}

function checkSegment(name: string): void {
  if (typeof name !== 'string' || !validSegment.test(name)) {
    throw new TypeError(`parameter name must be letters, digits, "_", "-" or "." (no "/"), got ${JSON.stringify(name)}`);
  }
}
