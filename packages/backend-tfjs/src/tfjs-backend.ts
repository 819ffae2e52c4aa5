import * as tf from '@tensorflow/tfjs-core';
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
import { checkIndices, checkPermutation, checkReps, checkShape, checkSlice, formatShape, normaliseAxis, sizeOf } from './argument-checks.js';
import { clipWithGradient } from './clip-with-gradient.js';
import { countTfjsKernels, type KernelCount } from './count-kernels.js';
import { createFusedKernels } from './fused/create-fused-kernels.js';
import { registerZeroCopyIdentity } from './zero-copy-identity.js';
import { gatherWithGradient } from './gather-with-gradient.js';
import { matMulWithGradient } from './mat-mul-with-gradient.js';
import { computeValueAndGradients } from './gradients.js';
import type { TfjsBackendInfo } from './tfjs-backend-info.js';
import { ntmBackendName, type TfjsFlavor } from './tfjs-flavor.js';
import { uniqueVariableName } from './variable-names.js';

/** An ntm backend running on TensorFlow.js, with what it runs on. */
export interface TfjsBackend extends NtmBackend {
  readonly name: 'tfjs-wasm' | 'tfjs-cpu';
  /** The tfjs backend it runs its kernels on. */
  readonly flavor: TfjsFlavor;
  /** The runtime when it was created: tfjs version, WASM SIMD and threads. */
  readonly info: TfjsBackendInfo;
  countKernels(f: () => TensorContainer): Promise<KernelCount>;
}

/**
 * The contract on tfjs-core's functional ops (`tf.add(a, b)`, never the chained `a.add(b)`,
 * which needs its own registration). Tensors are tfjs tensors, float32.
 *
 * tfjs has ONE active backend per process (`tf.setBackend`), shared by everything that uses
 * tfjs. Each op checks, with one string comparison, that the active tfjs backend is still
 * this one's flavor and throws otherwise, rather than silently running on (and moving every
 * tensor to) another backend.
 */
export class TfjsNtmBackend implements TfjsBackend {
  readonly specificationVersion = BACKEND_SPECIFICATION_VERSION;
  readonly name: 'tfjs-wasm' | 'tfjs-cpu';
  readonly capabilities: BackendCapabilities = { gradients: true, precision: 'float32' };
  readonly fused: FusedKernels;

  private readonly engine = tf.engine();
  // The cpu backend hands out its own storage from dataSync; the wasm backend already copies.
  private readonly readsShareStorage: boolean;

  constructor(
    readonly flavor: TfjsFlavor,
    readonly info: TfjsBackendInfo,
    { fused = true }: { readonly fused?: boolean | 'per-step' } = {},
  ) {
    this.name = ntmBackendName(flavor);
    // Without them, @ntm/addressing falls back to its generic composition (benchmarks compare).
    const { memoryStep, ntmSequence, optimizerUpdate } = fused ? createFusedKernels(flavor) : {};
    // 'per-step' leaves out the whole-sequence kernel, so the model steps through time (its reference).
    this.fused = {
      ...(memoryStep ? { memoryStep } : {}),
      ...(ntmSequence && fused !== 'per-step' ? { ntmSequence } : {}),
      ...(optimizerUpdate ? { optimizerUpdate } : {}),
    };
    this.readsShareStorage = flavor === 'cpu';
    if (flavor === 'wasm') registerZeroCopyIdentity();
  }

  // ---- creation and reading ----

  tensor(values: ArrayLike<number>, shape: Shape): Tensor {
    this.checkActive('tensor');
    checkShape('tensor', 'shape', shape);
    if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
      throw new TypeError(`tensor: values must be an array of numbers, got ${String(values)}`);
    }
    if (values.length !== sizeOf(shape)) {
      throw new ShapeError(`tensor: got ${values.length} values for shape ${formatShape(shape)}; expected ${sizeOf(shape)} (the product of the shape)`);
    }
    // A copy: the cpu backend would otherwise keep the caller's array as the tensor's storage.
    return tf.tensor(Float32Array.from(values), shape as number[], 'float32');
  }

  scalar(value: number): Tensor {
    this.checkActive('scalar');
    return tf.scalar(value, 'float32');
  }

  fill(shape: Shape, value: number): Tensor {
    this.checkActive('fill');
    checkShape('fill', 'shape', shape);
    return tf.fill(shape as number[], value, 'float32');
  }

  async read(x: Tensor): Promise<Float32Array> {
    const values = (await this.input('read', 'x', x).data()) as Float32Array;
    return this.readsShareStorage ? values.slice() : values;
  }

  readSync(x: Tensor): Float32Array {
    const values = this.input('readSync', 'x', x).dataSync() as Float32Array;
    return this.readsShareStorage ? values.slice() : values;
  }

  // ---- elementwise, broadcasting ----

  add(a: Tensor, b: Tensor): Tensor {
    this.checkActive('add');
    return tf.add(this.input('add', 'a', a), this.input('add', 'b', b));
  }

  sub(a: Tensor, b: Tensor): Tensor {
    this.checkActive('sub');
    return tf.sub(this.input('sub', 'a', a), this.input('sub', 'b', b));
  }

  mul(a: Tensor, b: Tensor): Tensor {
    this.checkActive('mul');
    return tf.mul(this.input('mul', 'a', a), this.input('mul', 'b', b));
  }

  div(a: Tensor, b: Tensor): Tensor {
    this.checkActive('div');
    return tf.div(this.input('div', 'a', a), this.input('div', 'b', b));
  }

  maximum(a: Tensor, b: Tensor): Tensor {
    this.checkActive('maximum');
    return tf.maximum(this.input('maximum', 'a', a), this.input('maximum', 'b', b));
  }

  minimum(a: Tensor, b: Tensor): Tensor {
    this.checkActive('minimum');
    return tf.minimum(this.input('minimum', 'a', a), this.input('minimum', 'b', b));
  }

  // ---- elementwise, unary ----

  neg(x: Tensor): Tensor {
    this.checkActive('neg');
    return tf.neg(this.input('neg', 'x', x));
  }

  exp(x: Tensor): Tensor {
    this.checkActive('exp');
    return tf.exp(this.input('exp', 'x', x));
  }

  log(x: Tensor): Tensor {
    this.checkActive('log');
    return tf.log(this.input('log', 'x', x));
  }

  sqrt(x: Tensor): Tensor {
    this.checkActive('sqrt');
    return tf.sqrt(this.input('sqrt', 'x', x));
  }

  square(x: Tensor): Tensor {
    this.checkActive('square');
    return tf.square(this.input('square', 'x', x));
  }

  abs(x: Tensor): Tensor {
    this.checkActive('abs');
    return tf.abs(this.input('abs', 'x', x));
  }

  tanh(x: Tensor): Tensor {
    this.checkActive('tanh');
    return tf.tanh(this.input('tanh', 'x', x));
  }

  sigmoid(x: Tensor): Tensor {
    this.checkActive('sigmoid');
    return tf.sigmoid(this.input('sigmoid', 'x', x));
  }

  softplus(x: Tensor): Tensor {
    this.checkActive('softplus');
    return tf.softplus(this.input('softplus', 'x', x));
  }

  relu(x: Tensor): Tensor {
    this.checkActive('relu');
    return tf.relu(this.input('relu', 'x', x));
  }

  clip(x: Tensor, min: number, max: number): Tensor {
    this.checkActive('clip');
    if (typeof min !== 'number' || typeof max !== 'number' || Number.isNaN(min) || Number.isNaN(max) || min > max) {
      throw new RangeError(`clip: min and max must be numbers with min <= max, got min ${String(min)}, max ${String(max)}`);
    }
    return clipWithGradient(this.input('clip', 'x', x), min, max);
  }

  // ---- reductions ----

  sum(x: Tensor, axis: number, keepDims = false): Tensor {
    this.checkActive('sum');
    const input = this.input('sum', 'x', x);
    return tf.sum(input, normaliseAxis('sum', axis, input.shape), keepDims);
  }

  prod(x: Tensor, axis: number, keepDims = false): Tensor {
    this.checkActive('prod');
    const input = this.input('prod', 'x', x);
    return tf.prod(input, normaliseAxis('prod', axis, input.shape), keepDims);
  }

  max(x: Tensor, axis: number, keepDims = false): Tensor {
    this.checkActive('max');
    const input = this.input('max', 'x', x);
    return tf.max(input, normaliseAxis('max', axis, input.shape), keepDims);
  }

  sumAll(x: Tensor): Tensor {
    this.checkActive('sumAll');
    return tf.sum(this.input('sumAll', 'x', x));
  }

  softmax(x: Tensor): Tensor {
    this.checkActive('softmax');
    const input = this.input('softmax', 'x', x);
    if (input.rank === 0) {
      throw new ShapeError(`softmax: x must have rank >= 1 (softmax runs along the last axis), got shape ${formatShape(input.shape)}`);
    }
    return tf.softmax(input);
  }

  logSigmoid(x: Tensor): Tensor {
    this.checkActive('logSigmoid');
    // log σ(x) = −softplus(−x), stable because tfjs's softplus is. Not tf.logSigmoid: its custom
    // gradient keeps x by closure instead of saving it, so under valueAndGradients an
    // intermediate x is already freed when the backward pass needs it.
    return tf.neg(tf.softplus(tf.neg(this.input('logSigmoid', 'x', x))));
  }

  // ---- linear algebra ----

  matMul(a: Tensor, b: Tensor, transposeA = false, transposeB = false): Tensor {
    this.checkActive('matMul');
    const left = this.input('matMul', 'a', a);
    const right = this.input('matMul', 'b', b);
    if (left.rank < 2 || right.rank < 2) {
      throw new ShapeError(`matMul: both operands must have rank >= 2, got a ${formatShape(left.shape)} and b ${formatShape(right.shape)}`);
    }
    const inner = left.shape[left.rank - (transposeA ? 2 : 1)];
    const rows = right.shape[right.rank - (transposeB ? 1 : 2)];
    if (inner !== rows) {
      throw new ShapeError(
        `matMul: inner dimensions differ for a ${formatShape(left.shape)} (transposeA ${transposeA}) and b ${formatShape(right.shape)} ` +
          `(transposeB ${transposeB}): a contributes ${inner} columns but b contributes ${rows} rows; expected them equal`,
      );
    }
    // tfjs-wasm is several times slower on a product with a transpose flag, and tfjs's own
    // gradient is made of such products; on cpu the flags cost nothing extra.
    return this.flavor === 'wasm' ? matMulWithGradient(left, right, transposeA, transposeB) : tf.matMul(left, right, transposeA, transposeB);
  }

  // ---- shape ----

  reshape(x: Tensor, shape: Shape): Tensor {
    this.checkActive('reshape');
    const input = this.input('reshape', 'x', x);
    checkShape('reshape', 'shape', shape);
    if (sizeOf(shape) !== input.size) {
      throw new ShapeError(
        `reshape: cannot reshape ${formatShape(input.shape)} (${input.size} elements) to ${formatShape(shape)} (${sizeOf(shape)} elements); expected the same number of elements`,
      );
    }
    return tf.reshape(input, shape as number[]);
  }

  transpose(x: Tensor, permutation: readonly number[]): Tensor {
    this.checkActive('transpose');
    const input = this.input('transpose', 'x', x);
    checkPermutation(permutation, input.shape);
    return tf.transpose(input, permutation as number[]);
  }

  concat(xs: readonly Tensor[], axis: number): Tensor {
    this.checkActive('concat');
    if (!Array.isArray(xs)) throw new TypeError(`concat: xs must be an array of tensors, got ${String(xs)}`);
    const inputs = xs.map((x, index) => this.input('concat', `xs[${index}]`, x));
    const first = inputs[0];
    if (first === undefined) throw new ShapeError('concat: xs must hold at least one tensor, got none');
    return tf.concat(inputs, normaliseAxis('concat', axis, first.shape));
  }

  slice(x: Tensor, begin: readonly number[], size: readonly number[]): Tensor {
    this.checkActive('slice');
    const input = this.input('slice', 'x', x);
    checkSlice(begin, size, input.shape);
    return tf.slice(input, begin as number[], size as number[]);
  }

  gather(x: Tensor, indices: readonly number[], axis: number): Tensor {
    this.checkActive('gather');
    const input = this.input('gather', 'x', x);
    const gathered = normaliseAxis('gather', axis, input.shape);
    checkIndices(indices, input.shape[gathered] as number, axis, input.shape);
    return gatherWithGradient(input, indices, gathered);
  }

  tile(x: Tensor, reps: readonly number[]): Tensor {
    this.checkActive('tile');
    const input = this.input('tile', 'x', x);
    checkReps(reps, input.shape);
    // Repeating only axes of length 1 is a broadcast (a model's learned initial state tiled over
    // the batch). tfjs's Tile gradient sums the copies with a Slice and an Add per repeat — 64
    // kernel calls for [1, 100] tiled to batch 32 — while a broadcast Add's gradient is one Sum.
    const broadcast = reps.some((count) => count > 1) && reps.every((count, axis) => count === 1 || input.shape[axis] === 1);
    if (broadcast) return tf.add(input, tf.zeros(input.shape.map((length, axis) => length * (reps[axis] as number))));
    return tf.tile(input, reps as number[]);
  }

  // ---- memory ----

  tidy<R extends TensorContainer>(f: () => R): R {
    if (typeof f !== 'function') throw new TypeError(`tidy: f must be a function, got ${typeof f}`);
    return tf.tidy(f as () => tf.TensorContainer) as R;
  }

  dispose(x: Tensor | readonly Tensor[]): void {
    tf.dispose(x as tf.Tensor | tf.Tensor[]);
  }

  keep<T extends Tensor>(x: T): T {
    tf.keep(this.input('keep', 'x', x));
    return x;
  }

  /** tfjs counts tensors per process, not per backend object: every tfjs user is included. */
  numTensors(): number {
    return tf.memory().numTensors;
  }

  // ---- variables and gradients ----

  variable(initial: Tensor, name?: string): Variable {
    this.checkActive('variable');
    const source = this.input('variable', 'initial', initial);
    if (name !== undefined && (typeof name !== 'string' || name.length === 0)) {
      throw new TypeError(`variable: name must be a non-empty string, got ${JSON.stringify(name)}`);
    }
    // The variable shares `initial`'s storage by reference count: tfjs tensors are immutable
    // and `assign` swaps storage rather than writing into it, so this is as good as a copy.
    const variable = tf.variable(source, true, uniqueVariableName(name), 'float32');
    const assign = variable.assign.bind(variable);
    variable.assign = (value: tf.Tensor): void => {
      this.checkActive('assign');
      const next = this.input(`assign of variable "${variable.name}"`, 'value', value);
      if (next.rank !== variable.rank || next.shape.some((size, axis) => size !== variable.shape[axis])) {
        throw new ShapeError(
          `assign: variable "${variable.name}" has shape ${formatShape(variable.shape)} but value has shape ${formatShape(next.shape)}; expected the same shape`,
        );
      }
      assign(next);
    };
    return variable;
  }

  valueAndGradients(f: (...inputs: Tensor[]) => Tensor, inputs: readonly Tensor[]): ValueAndGradients {
    this.checkActive('valueAndGradients');
    if (typeof f !== 'function') throw new TypeError(`valueAndGradients: f must be a function, got ${typeof f}`);
    if (!Array.isArray(inputs)) throw new TypeError(`valueAndGradients: inputs must be an array of tensors, got ${String(inputs)}`);
    const xs = inputs.map((x, index) => this.input('valueAndGradients', `inputs[${index}]`, x));
    return computeValueAndGradients('valueAndGradients', () => this.output('valueAndGradients', f(...xs)), xs);
  }

  variableGradients(f: () => Tensor, variables: readonly Variable[]): ValueAndGradients {
    this.checkActive('variableGradients');
    if (typeof f !== 'function') throw new TypeError(`variableGradients: f must be a function, got ${typeof f}`);
    if (!Array.isArray(variables)) {
      throw new TypeError(`variableGradients: variables must be an array of variables, got ${String(variables)}`);
    }
    const xs = variables.map((variable, index) => {
      if (!(variable instanceof tf.Variable)) {
        throw new TypeError(`variableGradients: variables[${index}] must be a variable made by backend.variable, got ${describe(variable)}`);
      }
      return this.input('variableGradients', `variables[${index}]`, variable);
    });
    return computeValueAndGradients('variableGradients', () => this.output('variableGradients', f()), xs);
  }

  countKernels(f: () => TensorContainer): Promise<KernelCount> {
    this.checkActive('countKernels');
    if (typeof f !== 'function') throw new TypeError(`countKernels: f must be a function, got ${typeof f}`);
    return countTfjsKernels(f);
  }

  // ---- checks ----

  /** Throws if something switched tfjs to another backend since this one was created. */
  private checkActive(op: string): void {
    const active = this.engine.backendName;
    if (active !== this.flavor) {
      throw new Error(
        `${this.name} ${op}: the active TensorFlow.js backend is now "${active}", not "${this.flavor}": something called ` +
          `tf.setBackend (or created another tfjs ntm backend) after this backend was made. tfjs runs one backend per ` +
          `process; create this backend again with createTfjsBackend('${this.flavor}') or use one flavor per process`,
      );
    }
  }

  /** `x` as a live tfjs tensor, or a TypeError naming the op and argument. */
  private input(op: string, argument: string, x: Tensor): tf.Tensor {
    if (!(x instanceof tf.Tensor)) {
      throw new TypeError(`${op}: ${argument} must be a tensor made by a tfjs backend, got ${describe(x)}`);
    }
    if (x.isDisposed) throw new Error(`${op}: ${argument} (shape ${formatShape(x.shape)}) was already disposed`);
    return x;
  }

  private output(op: string, y: Tensor): tf.Tensor {
    if (!(y instanceof tf.Tensor)) throw new TypeError(`${op}: f must return a tensor, got ${describe(y)}`);
    return y;
  }
}

function describe(value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value);
  const constructorName = (value as { constructor?: { name?: string } }).constructor?.name;
  return constructorName === undefined || constructorName === 'Object' ? 'a plain object' : `a ${constructorName}`;
}
