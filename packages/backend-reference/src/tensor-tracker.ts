import type { TensorContainer } from '@ntm/backend';
import { ReferenceTensor } from './reference-tensor.js';

/**
 * The live-tensor bookkeeping behind `tidy`, `keep`, `dispose` and `numTensors`, kept as close
 * to TensorFlow.js's semantics as possible so that leak tests written against the contract
 * mean the same on every backend:
 * - every tensor is live from creation until disposed;
 * - `tidy` opens a scope; when it ends, tensors created in it are freed unless returned
 *   (anywhere inside the returned container) or kept; returned ones move to the enclosing scope;
 * - variables belong to no scope: only `dispose` frees them.
 *
 * @example
 * ```ts
 * const tracker = new TensorTracker();
 * tracker.track(tensor);            // live, and in the current scope if any
 * tracker.tidy(() => tracker.track(other)); // `other` returned, so kept
 * tracker.count();                  // 2
 * ```
 */
export class TensorTracker {
  private readonly live = new Set<ReferenceTensor>();
  private readonly scopes: Set<ReferenceTensor>[] = [];

  /** Registers a new tensor; `scoped: false` (variables) keeps it out of every tidy scope. */
  track<T extends ReferenceTensor>(tensor: T, scoped = true): T {
    this.live.add(tensor);
    if (scoped) this.scopes[this.scopes.length - 1]?.add(tensor);
    return tensor;
  }

  /** The number of live tensors. */
  count(): number {
    return this.live.size;
  }

  /** Frees one tensor; freeing it again does nothing. */
  dispose(tensor: ReferenceTensor): void {
    tensor.disposed = true;
    this.live.delete(tensor);
  }

  /** Lets a tensor survive every enclosing tidy. */
  keep(tensor: ReferenceTensor): void {
    tensor.kept = true;
  }

  /** Runs `f` in a new scope and frees what it created but did not return. */
  tidy<R extends TensorContainer>(f: () => R): R {
    if (typeof f !== 'function') throw new TypeError(`tidy: f must be a function, got ${typeof f}`);
    const scope = new Set<ReferenceTensor>();
    this.scopes.push(scope);
    let result: R | undefined;
    try {
      result = f();
      if (result instanceof Promise) {
        throw new Error('tidy: f returned a Promise; f must be synchronous (await outside the tidy instead)');
      }
    } finally {
      // On a throw the result is lost, so every tensor of the scope is freed (as tfjs does).
      this.scopes.pop();
      const returned = new Set<ReferenceTensor>();
      collectTensors(result, returned);
      const parent = this.scopes[this.scopes.length - 1];
      for (const tensor of scope) {
        if (tensor.disposed || tensor.kept) continue;
        if (returned.has(tensor)) parent?.add(tensor);
        else this.dispose(tensor);
      }
    }
    return result;
  }
}

/** Every reference tensor inside a container (arrays and plain objects, nested). */
function collectTensors(container: unknown, into: Set<ReferenceTensor>, seen = new Set<unknown>()): void {
  if (container === null || typeof container !== 'object' || seen.has(container)) return;
  seen.add(container);
  if (container instanceof ReferenceTensor) {
    into.add(container);
    return;
  }
  const values = Array.isArray(container) ? container : Object.values(container);
  for (const value of values) collectTensors(value, into, seen);
}
