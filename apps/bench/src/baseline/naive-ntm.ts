import * as tf from '@tensorflow/tfjs-core';

/**
 * The sizes of the naive NTM. The defaults are the library's copy-task NTM-LSTM (the paper's
 * Tables 1–3, docs/math.md §5): LSTM 100, memory 128 × 20, one read and one write head, shifts −1…1.
 */
export interface NaiveNtmSizes {
  /** Width of x_t (copy: 8 bits + delimiter = 9). */
  readonly inputSize: number;
  /** Width of y_t (copy: 8). */
  readonly outputSize: number;
  readonly controllerSize?: number;
  /** N */
  readonly slots?: number;
  /** M */
  readonly wordSize?: number;
  /** n: shifts −n…n. */
  readonly shiftRadius?: number;
}

/**
 * The naive NTM's variables: the LSTM's `[x_t, r_{t−1}, h_{t−1}] → [i, f, g, o]` layer and
 * learned initial state, each head's own layer (columns k, β, g, s, γ, then e, a for the write
 * head), the learned initial read vector and weighting biases, the output layer on [h_t, r_t].
 */
export type NaiveWeightName =
  | 'lstmKernel'
  | 'lstmBias'
  | 'initialHidden'
  | 'initialCell'
  | 'readHeadKernel'
  | 'readHeadBias'
  | 'writeHeadKernel'
  | 'writeHeadBias'
  | 'initialReadVector'
  | 'initialReadBias'
  | 'initialWriteBias'
  | 'outputKernel'
  | 'outputBias';

/** One head's parameters after their activations (Graves et al. 2014, §3.3), B = batch. */
interface NaiveHeadParameters {
  /** k: `[B, M]` */
  readonly key: tf.Tensor2D;
  /** β ≥ 0: `[B, 1]` */
  readonly keyStrength: tf.Tensor2D;
  /** g ∈ (0, 1): `[B, 1]` */
  readonly interpolationGate: tf.Tensor2D;
  /** s over shifts −n…n: `[B, 2n + 1]` */
  readonly shiftWeighting: tf.Tensor2D;
  /** γ ≥ 1: `[B, 1]` */
  readonly sharpening: tf.Tensor2D;
  /** e (write head only): `[B, M]` */
  readonly erase?: tf.Tensor2D;
  /** a (write head only): `[B, M]` */
  readonly add?: tf.Tensor2D;
}

/** A head's own linear layer: h_t → its parameters' pre-activations. */
interface NaiveHeadLayer {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
  readonly isWriteHead: boolean;
}

// The same constants as the library (docs/math.md §3): ε in cosine similarity and sharpening,
// head pre-activations clipped to ±20, constant memory initialisation 1e-6.
const epsilon = 1e-8;
const preActivationClip = 20;
const initialMemoryValue = 1e-6;

/**
 * The benchmark's reference: the same NTM as the library's copy preset, written the way a
 * first implementation in TensorFlow.js would be — functional ops one by one, a loop over
 * time with the inputs cut by `tf.split`, each head with its own `tf.matMul` layer and its
 * parameters sliced and activated one at a time, each addressing stage (content, gate, shift,
 * sharpen) its own ops, the circular shift as one roll per shift offset. Nothing fused,
 * nothing batched across heads: that is what docs/toolchain.md measured at ≈ 30,000 kernel calls
 * per batch-32 training step.
 *
 * The model matches the library's parameter for parameter (62,736 for the copy task): an LSTM
 * with a learned initial state and forget bias 1, learned initial read vector and head
 * weightings (softmax of a bias focused on slot 0), constant 1e-6 memory, write-then-read
 * step order, and an output layer on [h_t, r_t]. Weights are drawn with tfjs's seeded
 * initialisers, so they differ from the library's; the computation is the same.
 *
 * @example
 * ```ts
 * const model = new NaiveNtm({ inputSize: 9, outputSize: 8 }, 1);
 * const logits = tf.tidy(() => model.forward(inputs)); // inputs [T, B, 9] → logits [T, B, 8]
 * model.dispose();
 * ```
 */
export class NaiveNtm {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly controllerSize: number;
  readonly slots: number;
  readonly wordSize: number;
  readonly shiftRadius: number;
  /** Every trainable variable, for `optimizer.minimize`. */
  readonly variables: tf.Variable[] = [];

  private readonly lstmKernel: tf.Variable<tf.Rank.R2>;
  private readonly lstmBias: tf.Variable<tf.Rank.R1>;
  private readonly initialHidden: tf.Variable<tf.Rank.R2>;
  private readonly initialCell: tf.Variable<tf.Rank.R2>;
  private readonly readHead: NaiveHeadLayer;
  private readonly writeHead: NaiveHeadLayer;
  private readonly initialReadVector: tf.Variable<tf.Rank.R2>;
  private readonly initialReadBias: tf.Variable<tf.Rank.R2>;
  private readonly initialWriteBias: tf.Variable<tf.Rank.R2>;
  private readonly outputKernel: tf.Variable<tf.Rank.R2>;
  private readonly outputBias: tf.Variable<tf.Rank.R1>;
  private nextSeed: number;

  constructor(sizes: NaiveNtmSizes, seed: number) {
    this.inputSize = sizes.inputSize;
    this.outputSize = sizes.outputSize;
    this.controllerSize = sizes.controllerSize ?? 100;
    this.slots = sizes.slots ?? 128;
    this.wordSize = sizes.wordSize ?? 20;
    this.shiftRadius = sizes.shiftRadius ?? 1;
    this.nextSeed = seed * 1000;
    const units = this.controllerSize;
    const headColumns = this.wordSize + 1 + 1 + (2 * this.shiftRadius + 1) + 1; // k, β, g, s, γ

    this.lstmKernel = this.glorot([this.inputSize + this.wordSize + units, 4 * units]);
    // Gate blocks i, f, g, o; the forget block starts at 1 so the cell state does not halve every step.
    this.lstmBias = this.track(tf.concat([tf.zeros([units]), tf.ones([units]), tf.zeros([2 * units])]) as tf.Tensor1D);
    this.initialHidden = this.track(tf.zeros([1, units]) as tf.Tensor2D);
    this.initialCell = this.track(tf.zeros([1, units]) as tf.Tensor2D);
    this.writeHead = {
      kernel: this.glorot([units, headColumns + 2 * this.wordSize]),
      bias: this.track(tf.zeros([headColumns + 2 * this.wordSize])),
      isWriteHead: true,
    };
    this.readHead = { kernel: this.glorot([units, headColumns]), bias: this.track(tf.zeros([headColumns])), isWriteHead: false };
    this.initialReadVector = this.track(tf.randomNormal([1, this.wordSize], 0, 0.01, 'float32', this.nextSeed++) as tf.Tensor2D);
    this.initialReadBias = this.track(this.focusedBias());
    this.initialWriteBias = this.track(this.focusedBias());
    this.outputKernel = this.glorot([units + this.wordSize, this.outputSize]);
    this.outputBias = this.track(tf.zeros([this.outputSize]) as tf.Tensor1D);
  }

  /** The number of trainable scalars. */
  parameterCount(): number {
    return this.variables.reduce((total, variable) => total + variable.size, 0);
  }

  /**
   * Runs the NTM over a batch of episodes. Call inside `tf.tidy` (or `minimize`): every
   * intermediate is left to the caller's scope.
   *
   * @param inputs `[T, B, inputSize]`, time-major
   * @returns logits `[T, B, outputSize]`
   */
  forward(inputs: tf.Tensor3D): tf.Tensor3D {
    const [steps, batch] = inputs.shape;
    let hidden: tf.Tensor2D = tf.tile(this.initialHidden, [batch, 1]); // [B, units]
    let cell: tf.Tensor2D = tf.tile(this.initialCell, [batch, 1]); // [B, units]
    let memory: tf.Tensor3D = tf.fill([batch, this.slots, this.wordSize], initialMemoryValue); // [B, N, M]
    let readVector: tf.Tensor2D = tf.tile(this.initialReadVector, [batch, 1]); // [B, M]
    let readWeighting: tf.Tensor2D = tf.tile(tf.softmax(this.initialReadBias), [batch, 1]); // [B, N]
    let writeWeighting: tf.Tensor2D = tf.tile(tf.softmax(this.initialWriteBias), [batch, 1]); // [B, N]
    const logits: tf.Tensor2D[] = [];
    for (const stepInput of tf.split(inputs, steps, 0)) {
      const input = tf.reshape(stepInput, [batch, this.inputSize]) as tf.Tensor2D; // [B, inputSize]

      // Controller: an LSTM on [x_t, r_{t−1}].
      const gates = tf.add(tf.matMul(tf.concat([input, readVector, hidden], 1), this.lstmKernel), this.lstmBias) as tf.Tensor2D; // [B, 4·units]
      const [inputGate, forgetGate, candidate, outputGate] = tf.split(gates, 4, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      cell = tf.add(tf.mul(tf.sigmoid(forgetGate), cell), tf.mul(tf.sigmoid(inputGate), tf.tanh(candidate))); // [B, units]
      hidden = tf.mul(tf.sigmoid(outputGate), tf.tanh(cell)); // [B, units]

      // Write head: address M_{t−1}, erase, add.
      const write = this.headParameters(this.writeHead, hidden);
      writeWeighting = this.address(write, memory, writeWeighting);
      memory = this.writeMemory(memory, writeWeighting, write.erase as tf.Tensor2D, write.add as tf.Tensor2D);

      // Read head: address M_t, read.
      const read = this.headParameters(this.readHead, hidden);
      readWeighting = this.address(read, memory, readWeighting);
      readVector = this.readMemory(memory, readWeighting);

      logits.push(tf.add(tf.matMul(tf.concat([hidden, readVector], 1), this.outputKernel), this.outputBias)); // [B, outputSize]
    }
    return tf.stack(logits) as tf.Tensor3D; // [T, B, outputSize]
  }

  /** The variables by name (a test loads the library's weights through them). */
  namedVariables(): Readonly<Record<NaiveWeightName, tf.Variable>> {
    return {
      lstmKernel: this.lstmKernel,
      lstmBias: this.lstmBias,
      initialHidden: this.initialHidden,
      initialCell: this.initialCell,
      readHeadKernel: this.readHead.kernel,
      readHeadBias: this.readHead.bias,
      writeHeadKernel: this.writeHead.kernel,
      writeHeadBias: this.writeHead.bias,
      initialReadVector: this.initialReadVector,
      initialReadBias: this.initialReadBias,
      initialWriteBias: this.initialWriteBias,
      outputKernel: this.outputKernel,
      outputBias: this.outputBias,
    };
  }

  /** Frees every variable. */
  dispose(): void {
    tf.dispose(this.variables);
  }

  /** One head's linear layer, then each parameter sliced out and activated on its own. */
  private headParameters(head: NaiveHeadLayer, hidden: tf.Tensor2D): NaiveHeadParameters {
    const batch = hidden.shape[0];
    const word = this.wordSize;
    const shifts = 2 * this.shiftRadius + 1;
    const linear = tf.clipByValue(tf.add(tf.matMul(hidden, head.kernel), head.bias), -preActivationClip, preActivationClip); // [B, columns]
    const columns = (offset: number, size: number) => tf.slice(linear, [0, offset], [batch, size]) as tf.Tensor2D;
    const parameters: NaiveHeadParameters = {
      key: tf.tanh(columns(0, word)), // [B, M]
      keyStrength: tf.softplus(columns(word, 1)), // [B, 1]
      interpolationGate: tf.sigmoid(columns(word + 1, 1)), // [B, 1]
      shiftWeighting: tf.softmax(columns(word + 2, shifts)), // [B, 2n + 1]
      sharpening: tf.add(tf.softplus(columns(word + 2 + shifts, 1)), 1), // [B, 1]
    };
    if (!head.isWriteHead) return parameters;
    const start = word + 3 + shifts;
    return { ...parameters, erase: tf.sigmoid(columns(start, word)), add: tf.tanh(columns(start + word, word)) };
  }

  /** Content addressing, interpolation, circular shift and sharpening (eqs. 5–9), stage by stage. */
  private address(head: NaiveHeadParameters, memory: tf.Tensor3D, previous: tf.Tensor2D): tf.Tensor2D {
    const [batch, slots, word] = memory.shape;
    // Content: cosine similarity of the key with every slot, sharpened by β, softmax over slots.
    const dot = tf.reshape(tf.matMul(memory, tf.reshape(head.key, [batch, word, 1])), [batch, slots]); // [B, N]
    const memoryNorms = tf.sqrt(tf.sum(tf.square(memory), 2)); // [B, N]
    const keyNorm = tf.sqrt(tf.sum(tf.square(head.key), 1, true)); // [B, 1]
    const similarity = tf.div(dot, tf.add(tf.mul(memoryNorms, keyNorm), epsilon)); // [B, N]
    const content = tf.softmax(tf.mul(head.keyStrength, similarity)); // [B, N]
    // Interpolation with the previous weighting.
    const gated = tf.add(tf.mul(head.interpolationGate, content), tf.mul(tf.sub(1, head.interpolationGate), previous)); // [B, N]
    // Circular convolution: w̃[i] = Σ_k w^g[(i − k) mod N] · s[k], one roll per shift k.
    let shifted: tf.Tensor2D | null = null;
    for (let shift = -this.shiftRadius; shift <= this.shiftRadius; shift++) {
      const amount = ((shift % slots) + slots) % slots;
      const rolled =
        amount === 0 ? gated : tf.concat([tf.slice(gated, [0, slots - amount], [batch, amount]), tf.slice(gated, [0, 0], [batch, slots - amount])], 1); // [B, N]
      const tap = tf.slice(head.shiftWeighting, [0, shift + this.shiftRadius], [batch, 1]); // [B, 1]
      const term = tf.mul(rolled, tap) as tf.Tensor2D; // [B, N]
      shifted = shifted === null ? term : (tf.add(shifted, term) as tf.Tensor2D);
    }
    // Sharpening: w = (w̃ + ε)^γ / Σ (w̃ + ε)^γ.
    const powered = tf.pow(tf.add(shifted as tf.Tensor2D, epsilon), head.sharpening); // [B, N]
    return tf.div(powered, tf.sum(powered, 1, true)); // [B, N]
  }

  /** r = Σ_i w[i] M[i] (eq. 2). */
  private readMemory(memory: tf.Tensor3D, weighting: tf.Tensor2D): tf.Tensor2D {
    const [batch, slots, word] = memory.shape;
    return tf.reshape(tf.matMul(tf.reshape(weighting, [batch, 1, slots]), memory), [batch, word]); // [B, M]
  }

  /** Erase then add (eqs. 3–4): M' = M ⊙ (1 − w eᵀ) + w aᵀ. */
  private writeMemory(memory: tf.Tensor3D, weighting: tf.Tensor2D, erase: tf.Tensor2D, add: tf.Tensor2D): tf.Tensor3D {
    const [batch, slots, word] = memory.shape;
    const column = tf.reshape(weighting, [batch, slots, 1]); // [B, N, 1]
    const eraseRow = tf.reshape(erase, [batch, 1, word]); // [B, 1, M]
    const addRow = tf.reshape(add, [batch, 1, word]); // [B, 1, M]
    return tf.add(tf.mul(memory, tf.sub(1, tf.mul(column, eraseRow))), tf.mul(column, addRow)); // [B, N, M]
  }

  private glorot(shape: [number, number]): tf.Variable<tf.Rank.R2> {
    const limit = Math.sqrt(6 / (shape[0] + shape[1]));
    return this.track(tf.randomUniform(shape, -limit, limit, 'float32', this.nextSeed++));
  }

  /** A bias that puts ≈ e⁵/(e⁵ + N − 1) of the initial weighting on slot 0, as the library does. */
  private focusedBias(): tf.Tensor2D {
    return tf.tidy(() => {
      const noise = tf.randomNormal([1, this.slots], 0, 0.01, 'float32', this.nextSeed++);
      const slotZero = new Float32Array(this.slots);
      slotZero[0] = 5;
      return tf.add(noise, tf.tensor2d(slotZero, [1, this.slots])) as tf.Tensor2D; // [1, N]
    });
  }

  private track<R extends tf.Rank>(initial: tf.Tensor<R>): tf.Variable<R> {
    const variable = tf.variable(initial, true);
    tf.dispose(initial);
    this.variables.push(variable as tf.Variable);
    return variable;
  }
}
