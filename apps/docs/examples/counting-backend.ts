import {
  BACKEND_SPECIFICATION_VERSION,
  type BackendCapabilities,
  type FusedKernels,
  type NtmBackend,
  type Shape,
  type Tensor,
  type TensorContainer,
  type ValueAndGradients,
  type Variable,
} from '@ntm/backend';

/**
 * A complete NtmBackend that wraps another and counts every operation it is asked for: every
 * member of the contract, each passed on to the wrapped backend. A new backend implements the
 * same members with arithmetic of its own (the reference backend's sources are the simplest
 * model); this one shows the surface, how to register it, and how the conformance suite
 * checks it.
 */
export class CountingBackend implements NtmBackend {
  readonly specificationVersion = BACKEND_SPECIFICATION_VERSION;
  readonly name: string;
  readonly capabilities: BackendCapabilities;
  readonly fused: FusedKernels;
  /** Calls per operation name. */
  readonly counts = new Map<string, number>();

  constructor(private readonly inner: NtmBackend) {
    this.name = `counting-${inner.name}`;
    this.capabilities = inner.capabilities;
    // Fused kernels are optional: leaving them out makes @ntm/addressing compose the generic
    // pipeline from the operations below, so every call is counted.
    this.fused = {};
  }

  private counted<T>(operation: string, result: T): T {
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
    return result;
  }

  // ---- creation and reading ----
  tensor(values: ArrayLike<number>, shape: Shape): Tensor {
    return this.counted('tensor', this.inner.tensor(values, shape));
  }
  scalar(value: number): Tensor {
    return this.counted('scalar', this.inner.scalar(value));
  }
  fill(shape: Shape, value: number): Tensor {
    return this.counted('fill', this.inner.fill(shape, value));
  }
  read(x: Tensor): Promise<Float32Array | Float64Array> {
    return this.counted('read', this.inner.read(x));
  }
  readSync(x: Tensor): Float32Array | Float64Array {
    return this.counted('readSync', this.inner.readSync(x));
  }

  // ---- elementwise ----
  add(a: Tensor, b: Tensor): Tensor {
    return this.counted('add', this.inner.add(a, b));
  }
  sub(a: Tensor, b: Tensor): Tensor {
    return this.counted('sub', this.inner.sub(a, b));
  }
  mul(a: Tensor, b: Tensor): Tensor {
    return this.counted('mul', this.inner.mul(a, b));
  }
  div(a: Tensor, b: Tensor): Tensor {
    return this.counted('div', this.inner.div(a, b));
  }
  maximum(a: Tensor, b: Tensor): Tensor {
    return this.counted('maximum', this.inner.maximum(a, b));
  }
  minimum(a: Tensor, b: Tensor): Tensor {
    return this.counted('minimum', this.inner.minimum(a, b));
  }
  neg(x: Tensor): Tensor {
    return this.counted('neg', this.inner.neg(x));
  }
  exp(x: Tensor): Tensor {
    return this.counted('exp', this.inner.exp(x));
  }
  log(x: Tensor): Tensor {
    return this.counted('log', this.inner.log(x));
  }
  sqrt(x: Tensor): Tensor {
    return this.counted('sqrt', this.inner.sqrt(x));
  }
  square(x: Tensor): Tensor {
    return this.counted('square', this.inner.square(x));
  }
  abs(x: Tensor): Tensor {
    return this.counted('abs', this.inner.abs(x));
  }
  tanh(x: Tensor): Tensor {
    return this.counted('tanh', this.inner.tanh(x));
  }
  sigmoid(x: Tensor): Tensor {
    return this.counted('sigmoid', this.inner.sigmoid(x));
  }
  softplus(x: Tensor): Tensor {
    return this.counted('softplus', this.inner.softplus(x));
  }
  relu(x: Tensor): Tensor {
    return this.counted('relu', this.inner.relu(x));
  }
  clip(x: Tensor, min: number, max: number): Tensor {
    return this.counted('clip', this.inner.clip(x, min, max));
  }

  // ---- reductions ----
  sum(x: Tensor, axis: number, keepDims?: boolean): Tensor {
    return this.counted('sum', this.inner.sum(x, axis, keepDims));
  }
  prod(x: Tensor, axis: number, keepDims?: boolean): Tensor {
    return this.counted('prod', this.inner.prod(x, axis, keepDims));
  }
  max(x: Tensor, axis: number, keepDims?: boolean): Tensor {
    return this.counted('max', this.inner.max(x, axis, keepDims));
  }
  sumAll(x: Tensor): Tensor {
    return this.counted('sumAll', this.inner.sumAll(x));
  }
  softmax(x: Tensor): Tensor {
    return this.counted('softmax', this.inner.softmax(x));
  }
  logSigmoid(x: Tensor): Tensor {
    return this.counted('logSigmoid', this.inner.logSigmoid(x));
  }

  // ---- linear algebra and shapes ----
  matMul(a: Tensor, b: Tensor, transposeA?: boolean, transposeB?: boolean): Tensor {
    return this.counted('matMul', this.inner.matMul(a, b, transposeA, transposeB));
  }
  reshape(x: Tensor, shape: Shape): Tensor {
    return this.counted('reshape', this.inner.reshape(x, shape));
  }
  transpose(x: Tensor, permutation: readonly number[]): Tensor {
    return this.counted('transpose', this.inner.transpose(x, permutation));
  }
  concat(xs: readonly Tensor[], axis: number): Tensor {
    return this.counted('concat', this.inner.concat(xs, axis));
  }
  slice(x: Tensor, begin: readonly number[], size: readonly number[]): Tensor {
    return this.counted('slice', this.inner.slice(x, begin, size));
  }
  gather(x: Tensor, indices: readonly number[], axis: number): Tensor {
    return this.counted('gather', this.inner.gather(x, indices, axis));
  }
  tile(x: Tensor, reps: readonly number[]): Tensor {
    return this.counted('tile', this.inner.tile(x, reps));
  }

  // ---- memory ----
  tidy<R extends TensorContainer>(f: () => R): R {
    return this.inner.tidy(f);
  }
  dispose(x: Tensor | readonly Tensor[]): void {
    this.inner.dispose(x);
  }
  keep<T extends Tensor>(x: T): T {
    return this.inner.keep(x);
  }
  numTensors(): number {
    return this.inner.numTensors();
  }

  // ---- variables and gradients ----
  variable(initial: Tensor, name?: string): Variable {
    return this.counted('variable', this.inner.variable(initial, name));
  }
  valueAndGradients(f: (...inputs: Tensor[]) => Tensor, inputs: readonly Tensor[]): ValueAndGradients {
    return this.counted('valueAndGradients', this.inner.valueAndGradients(f, inputs));
  }
  variableGradients(f: () => Tensor, variables: readonly Variable[]): ValueAndGradients {
    return this.counted('variableGradients', this.inner.variableGradients(f, variables));
  }
}
