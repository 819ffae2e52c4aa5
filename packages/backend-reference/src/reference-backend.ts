import {
  BACKEND_SPECIFICATION_VERSION,
  ShapeError,
  type BackendCapabilities,
  type FusedKernels,
  type NtmBackend,
  type Shape,
  type Tensor,
  type TensorContainer,
  type ValueAndGradients,
  type Variable,
} from '@ntm/backend';
import { checkShape, formatShape, sizeOf, type DenseArray } from './dense-array.js';
import { binaryKernel, logSigmoid, sigmoid, softplus, unaryKernel } from './elementwise.js';
import { matMulKernel } from './mat-mul.js';
import { maxPropagatingNaN, reduceKernel, softmaxKernel } from './reductions.js';
import { ReferenceTensor, ReferenceVariable, type TensorOwner } from './reference-tensor.js';
import { concatKernel, gatherKernel, reshapeKernel, sliceKernel, tileKernel, transposeKernel } from './shape-kernels.js';
import { TensorTracker } from './tensor-tracker.js';

const noGradients =
  'the reference backend computes forward values only; use finite differences (finiteDifferenceGradients from @ntm/backend-conformance) or a tfjs backend for gradients';

/**
 * The float64 oracle: every operation of the contract as plain loops over `Float64Array`s.
 * Slow (no kernels, no fusion, no gradients) but simple enough to be checked by eye, which is
 * why the tests of every other backend and package compare against it.
 */
class ReferenceBackend implements NtmBackend, TensorOwner {
  readonly specificationVersion = BACKEND_SPECIFICATION_VERSION;
  readonly name = 'reference';
  readonly capabilities: BackendCapabilities = { gradients: false, precision: 'float64' };
  readonly fused: FusedKernels = {};

  private readonly tracker = new TensorTracker();
  private readonly variablesByName = new Map<string, ReferenceVariable>();

  resolve(op: string, argument: string, x: Tensor): ReferenceTensor {
    if (!(x instanceof ReferenceTensor)) {
      const got = x === null || typeof x !== 'object' ? String(x) : `a ${x.constructor?.name ?? 'object'}`;
      throw new TypeError(`${op}: ${argument} must be a tensor made by this reference backend, got ${got}`);
    }
    if (x.owner !== this) throw new TypeError(`${op}: ${argument} was made by another reference backend instance`);
    if (x.disposed) throw new Error(`${op}: ${argument} (shape ${formatShape(x.shape)}) was already disposed`);
    return x;
  }

  private wrap(result: DenseArray): ReferenceTensor {
    return this.tracker.track(new ReferenceTensor(this, result.shape, result.data));
  }

  private unary(op: string, x: Tensor, f: (value: number) => number): Tensor {
    return this.wrap(unaryKernel(this.resolve(op, 'x', x), f));
  }

  private binary(op: string, a: Tensor, b: Tensor, f: (x: number, y: number) => number): Tensor {
    return this.wrap(binaryKernel(op, this.resolve(op, 'a', a), this.resolve(op, 'b', b), f));
  }

  // ---- creation and reading ----

  tensor(values: ArrayLike<number>, shape: Shape): Tensor {
    checkShape('tensor', 'shape', shape);
    if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
      throw new TypeError(`tensor: values must be an array of numbers, got ${String(values)}`);
    }
    if (values.length !== sizeOf(shape)) {
      throw new ShapeError(`tensor: got ${values.length} values for shape ${formatShape(shape)}; expected ${sizeOf(shape)} (the product of the shape)`);
    }
    return this.wrap({ shape, data: Float64Array.from(values) });
  }

  scalar(value: number): Tensor {
    return this.tensor([value], []);
  }

  fill(shape: Shape, value: number): Tensor {
    checkShape('fill', 'shape', shape);
    return this.wrap({ shape, data: new Float64Array(sizeOf(shape)).fill(value) });
  }

  read(x: Tensor): Promise<Float64Array> {
    try {
      return Promise.resolve(this.readSync(x));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  readSync(x: Tensor): Float64Array {
    // A copy, so that a caller writing into it cannot change the tensor.
    return this.resolve('readSync', 'x', x).data.slice();
  }

  // ---- elementwise, broadcasting ----

  add(a: Tensor, b: Tensor): Tensor {
    return this.binary('add', a, b, (x, y) => x + y);
  }

  sub(a: Tensor, b: Tensor): Tensor {
    return this.binary('sub', a, b, (x, y) => x - y);
  }

  mul(a: Tensor, b: Tensor): Tensor {
    return this.binary('mul', a, b, (x, y) => x * y);
  }

  div(a: Tensor, b: Tensor): Tensor {
    return this.binary('div', a, b, (x, y) => x / y);
  }

  maximum(a: Tensor, b: Tensor): Tensor {
    return this.binary('maximum', a, b, maxPropagatingNaN);
  }

  minimum(a: Tensor, b: Tensor): Tensor {
    return this.binary('minimum', a, b, (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.min(x, y)));
  }

  // ---- elementwise, unary ----

  neg(x: Tensor): Tensor {
    return this.unary('neg', x, (value) => -value);
  }

  exp(x: Tensor): Tensor {
    return this.unary('exp', x, Math.exp);
  }

  log(x: Tensor): Tensor {
    return this.unary('log', x, Math.log);
  }

  sqrt(x: Tensor): Tensor {
    return this.unary('sqrt', x, Math.sqrt);
  }

  square(x: Tensor): Tensor {
    return this.unary('square', x, (value) => value * value);
  }

  abs(x: Tensor): Tensor {
    return this.unary('abs', x, Math.abs);
  }

  tanh(x: Tensor): Tensor {
    return this.unary('tanh', x, Math.tanh);
  }

  sigmoid(x: Tensor): Tensor {
    return this.unary('sigmoid', x, sigmoid);
  }

  softplus(x: Tensor): Tensor {
    return this.unary('softplus', x, softplus);
  }

  relu(x: Tensor): Tensor {
    return this.unary('relu', x, (value) => (Number.isNaN(value) ? NaN : Math.max(value, 0)));
  }

  clip(x: Tensor, min: number, max: number): Tensor {
    if (typeof min !== 'number' || typeof max !== 'number' || Number.isNaN(min) || Number.isNaN(max) || min > max) {
      throw new RangeError(`clip: min and max must be numbers with min <= max, got min ${String(min)}, max ${String(max)}`);
    }
    return this.unary('clip', x, (value) => (Number.isNaN(value) ? NaN : Math.min(Math.max(value, min), max)));
  }

  // ---- reductions ----

  sum(x: Tensor, axis: number, keepDims = false): Tensor {
    return this.wrap(reduceKernel('sum', this.resolve('sum', 'x', x), axis, keepDims, 0, (total, value) => total + value));
  }

  prod(x: Tensor, axis: number, keepDims = false): Tensor {
    return this.wrap(reduceKernel('prod', this.resolve('prod', 'x', x), axis, keepDims, 1, (total, value) => total * value));
  }

  max(x: Tensor, axis: number, keepDims = false): Tensor {
    return this.wrap(reduceKernel('max', this.resolve('max', 'x', x), axis, keepDims, -Infinity, maxPropagatingNaN));
  }

  sumAll(x: Tensor): Tensor {
    const values = this.resolve('sumAll', 'x', x).data;
    let total = 0;
    for (const value of values) total += value;
    return this.wrap({ shape: [], data: Float64Array.of(total) });
  }

  softmax(x: Tensor): Tensor {
    return this.wrap(softmaxKernel(this.resolve('softmax', 'x', x)));
  }

  logSigmoid(x: Tensor): Tensor {
    return this.unary('logSigmoid', x, logSigmoid);
  }

  // ---- linear algebra ----

  matMul(a: Tensor, b: Tensor, transposeA = false, transposeB = false): Tensor {
    return this.wrap(matMulKernel(this.resolve('matMul', 'a', a), this.resolve('matMul', 'b', b), transposeA, transposeB));
  }

  // ---- shape ----

  reshape(x: Tensor, shape: Shape): Tensor {
    return this.wrap(reshapeKernel(this.resolve('reshape', 'x', x), shape));
  }

  transpose(x: Tensor, permutation: readonly number[]): Tensor {
    return this.wrap(transposeKernel(this.resolve('transpose', 'x', x), permutation));
  }

  concat(xs: readonly Tensor[], axis: number): Tensor {
    if (!Array.isArray(xs)) throw new TypeError(`concat: xs must be an array of tensors, got ${String(xs)}`);
    return this.wrap(
      concatKernel(
        xs.map((x, index) => this.resolve('concat', `xs[${index}]`, x)),
        axis,
      ),
    );
  }

  slice(x: Tensor, begin: readonly number[], size: readonly number[]): Tensor {
    return this.wrap(sliceKernel(this.resolve('slice', 'x', x), begin, size));
  }

  gather(x: Tensor, indices: readonly number[], axis: number): Tensor {
    return this.wrap(gatherKernel(this.resolve('gather', 'x', x), indices, axis));
  }

  tile(x: Tensor, reps: readonly number[]): Tensor {
    return this.wrap(tileKernel(this.resolve('tile', 'x', x), reps));
  }

  // ---- memory ----

  tidy<R extends TensorContainer>(f: () => R): R {
    return this.tracker.tidy(f);
  }

  dispose(x: Tensor | readonly Tensor[]): void {
    const tensors: readonly Tensor[] = Array.isArray(x) ? x : [x as Tensor];
    for (const [index, tensor] of tensors.entries()) {
      if (tensor instanceof ReferenceTensor && tensor.disposed) continue;
      const live = this.resolve('dispose', Array.isArray(x) ? `x[${index}]` : 'x', tensor);
      this.tracker.dispose(live);
    }
  }

  keep<T extends Tensor>(x: T): T {
    this.tracker.keep(this.resolve('keep', 'x', x));
    return x;
  }

  numTensors(): number {
    return this.tracker.count();
  }

  // ---- variables and gradients ----

  variable(initial: Tensor, name?: string): Variable {
    const source = this.resolve('variable', 'initial', initial);
    if (name !== undefined && (typeof name !== 'string' || name.length === 0)) {
      throw new TypeError(`variable: name must be a non-empty string, got ${JSON.stringify(name)}`);
    }
    const variableName = this.unusedVariableName(name ?? 'variable');
    const variable = new ReferenceVariable(this, source.shape, source.data.slice(), variableName);
    this.variablesByName.set(variableName, variable);
    return this.tracker.track(variable, false);
  }

  /**
   * The requested name if no live variable has it, else the name with the first free `#n`
   * appended: names stay unique (as the contract says) without making two models that ask for
   * the same parameter path collide, which is also what the tfjs backend does.
   */
  private unusedVariableName(requested: string): string {
    const isFree = (candidate: string): boolean => this.variablesByName.get(candidate)?.disposed !== false;
    if (isFree(requested)) return requested;
    let number = 0;
    while (!isFree(`${requested}#${number}`)) number++;
    return `${requested}#${number}`;
  }

  valueAndGradients(_f: (...inputs: Tensor[]) => Tensor, _inputs: readonly Tensor[]): ValueAndGradients {
    throw new Error(`valueAndGradients: ${noGradients}`);
  }

  variableGradients(_f: () => Tensor, _variables: readonly Variable[]): ValueAndGradients {
    throw new Error(`variableGradients: ${noGradients}`);
  }
}

/**
 * A new float64 reference backend. Each call gives an independent instance with its own
 * live-tensor count; tensors of one instance cannot be given to another.
 *
 * @example
 * ```ts
 * const reference = createReferenceBackend();
 * const y = reference.softmax(reference.tensor([1, 2, 3], [3]));
 * reference.readSync(y); // Float64Array [0.090…, 0.244…, 0.665…]
 * ```
 */
export function createReferenceBackend(): NtmBackend {
  return new ReferenceBackend();
}
