import type { Tensor, Variable } from '@ntm/backend';
import { formatShape, type DenseArray } from './dense-array.js';

/**
 * What a tensor needs from the backend that made it: to check that a tensor given to it is valid.
 * @example owner.resolve('add', 'a', a) // a as a live ReferenceTensor, or an error naming add's argument a
 */
export interface TensorOwner {
  /** Returns `x` as a live tensor of this backend, or throws an error naming `op` and `argument`. */
  resolve(op: string, argument: string, x: Tensor): ReferenceTensor;
}

/**
 * A tensor of the reference backend: a shape and row-major float64 values, nothing more.
 *
 * @example
 * ```ts
 * const backend = createReferenceBackend();
 * const x = backend.tensor([1, 2, 3, 4], [2, 2]) as ReferenceTensor;
 * x.data; // Float64Array [1, 2, 3, 4]
 * ```
 */
export class ReferenceTensor implements Tensor, DenseArray {
  readonly shape: readonly number[];
  /** Set once the tensor is freed; any later use of it is an error. */
  disposed = false;
  /** Set by `keep`: the tensor survives every enclosing `tidy`. */
  kept = false;

  constructor(
    /** The backend that made it (a backend only accepts its own tensors). */
    readonly owner: TensorOwner,
    shape: readonly number[],
    /** The values, row-major; never shared with another tensor. */
    readonly data: Float64Array,
  ) {
    this.shape = Object.freeze([...shape]);
  }

  toString(): string {
    return `ReferenceTensor(shape ${formatShape(this.shape)}${this.disposed ? ', disposed' : ''})`;
  }
}

/**
 * A trainable tensor of the reference backend: `assign` copies new values into it, so its
 * identity (and name) stays the same. `tidy` never frees a variable; `dispose` does.
 *
 * @example
 * ```ts
 * const weights = backend.variable(backend.fill([2, 2], 0), 'weights');
 * weights.assign(backend.fill([2, 2], 1));
 * ```
 */
export class ReferenceVariable extends ReferenceTensor implements Variable {
  constructor(
    owner: TensorOwner,
    shape: readonly number[],
    data: Float64Array,
    readonly name: string,
  ) {
    super(owner, shape, data);
  }

  assign(value: Tensor): void {
    const op = `variable "${this.name}".assign`;
    this.owner.resolve(op, 'this variable', this);
    const source = this.owner.resolve(op, 'value', value);
    const sameShape = source.shape.length === this.shape.length && source.shape.every((size, axis) => size === this.shape[axis]);
    if (!sameShape) {
      throw new Error(`${op}: value has shape ${formatShape(source.shape)} but the variable has shape ${formatShape(this.shape)}; expected the same shape`);
    }
    this.data.set(source.data);
  }

  override toString(): string {
    return `ReferenceVariable("${this.name}", shape ${formatShape(this.shape)}${this.disposed ? ', disposed' : ''})`;
  }
}
