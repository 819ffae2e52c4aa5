import { DEFAULT_EPSILONS, memoryStep } from '@ntm/addressing';
import { glorotUniform, ParameterStore, ShapeChecker, type NtmBackend, type Tensor, type Variable } from '@ntm/backend';
import { createController, type Controller, type ControllerState } from '@ntm/controllers';
import { createHeads, type HeadParameters, type Heads, type WriteHeadParameters } from '@ntm/heads';
import { Random } from '@ntm/random';
import type { ResolvedNtmConfig } from './config.js';
import { MemoryInitializer } from './memory-initializer.js';
import type { RunOptions, SequenceModel, SequenceResult } from './sequence-model.js';
import type { EpisodeTrace, HeadParametersTrace, StepTrace } from './trace.js';
import { unstackTime, stackTime } from './time-steps.js';

/** What the NTM carries from one step to the next. (A type, not an interface, so `tidy` can return it.) */
export type NtmState = {
  readonly controller: ControllerState;
  /** M_t: `[batch, slots, wordSize]` */
  readonly memory: Tensor;
  /** Every read head's w_t: `[batch, readHeads, slots]` */
  readonly readWeighting: Tensor;
  /** Every write head's w_t: `[batch, writeHeads, slots]` */
  readonly writeWeighting: Tensor;
  /** r_t: `[batch, readHeads, wordSize]` */
  readonly readVectors: Tensor;
};

/**
 * Builds a controller of the user's own for an NTM (see `Controller` in `@ntm/controllers`).
 *
 * @example
 * ```ts
 * const model = createModel(backend, config, {
 *   controller: (store, random, inputSize) => new MyGruController(store, random, inputSize, 64),
 * });
 * ```
 */
export type ControllerFactory = (store: ParameterStore, random: Random, inputSize: number) => Controller;

/** The internals of one step, kept as tensors (the trace reads them back). */
interface StepDetail {
  readonly read: HeadParameters;
  readonly write: WriteHeadParameters;
}

/**
 * The Neural Turing Machine (Graves et al. 2014): a controller, read and write heads, an
 * N × M memory and an output layer over the controller output and the read vectors.
 *
 * One step in the default `write-then-read` order (the seed's cell, docs/math.md §2):
 * 1. controller on [x_t, r_{t−1}] → h_t;
 * 2. the heads map h_t to their parameters;
 * 3. write heads address M_{t−1} and write (erase, then add) → M_t;
 * 4. read heads address M_t and read r_t;
 * 5. logits = W_out [h_t, r_t] + b_out.
 * In `read-then-write` order every head addresses M_{t−1}, r_t is read from M_{t−1}, then the
 * write happens (pytorch-ntm, TensorFlow's NTMCell).
 *
 * Parameters (paths in `parameters`): `controller/…`, `heads/…`, `memory/…` (learned or random
 * initialisation only), `initial/read-vectors` `[readHeads, wordSize]`, `initial/read-weighting`
 * and `initial/write-weighting` `[heads, slots]` (softmax of a learned bias),
 * `output/weights` `[controllerSize + readHeads·wordSize, outputSize]`, `output/bias`.
 *
 * @example
 * ```ts
 * const config = resolveModelConfig({ kind: 'ntm', inputSize: 9, outputSize: 8 }) as ResolvedNtmConfig;
 * const ntm = new NeuralTuringMachine(backend, config, 1); // what createModel(backend, config, { seed: 1 }) builds
 * const { logits, trace } = ntm.run(inputs, { trace: true }); // inputs [time, batch, 9] → logits [time, batch, 8]
 * ntm.dispose();
 * ```
 */
export class NeuralTuringMachine implements SequenceModel<NtmState> {
  readonly parameters: ParameterStore;
  private readonly controller: Controller;
  private readonly heads: Heads;
  private readonly memoryInitializer: MemoryInitializer;
  private readonly initialReadVectors: Variable;
  private readonly initialReadBias: Variable;
  private readonly initialWriteBias: Variable;
  private readonly outputWeights: Variable;
  private readonly outputBias: Variable;

  /**
   * @param createCustomController builds a user's own controller instead of the one in
   *   `config.controller` (which is then ignored). It gets the store scoped to `controller/`,
   *   the model's seeded generator and the input size `inputSize + readHeads × wordSize`.
   */
  constructor(
    readonly backend: NtmBackend,
    readonly config: ResolvedNtmConfig,
    seed: number,
    createCustomController?: ControllerFactory,
  ) {
    const random = new Random(seed);
    const { memory, heads } = config;
    this.parameters = new ParameterStore(backend);
    const controllerInputSize = config.inputSize + heads.readHeads * memory.wordSize;
    const controllerStore = this.parameters.scope('controller');
    this.controller = createCustomController
      ? createCustomController(controllerStore, random, controllerInputSize)
      : createController(controllerStore, random, { ...config.controller, inputSize: controllerInputSize });
    if (this.controller.inputSize !== controllerInputSize) {
      throw new RangeError(
        `the controller takes ${this.controller.inputSize} inputs but the NTM feeds it inputSize + readHeads × wordSize = ${controllerInputSize}`,
      );
    }
    this.heads = createHeads(this.parameters.scope('heads'), random, {
      controllerSize: this.controller.outputSize,
      readHeads: heads.readHeads,
      writeHeads: heads.writeHeads,
      wordSize: memory.wordSize,
      shiftRadius: heads.shiftRadius,
      keyActivation: heads.keyActivation,
      addActivation: heads.addActivation,
      preActivationClip: heads.preActivationClip,
      initialBias: heads.initialBias,
    });
    this.memoryInitializer = new MemoryInitializer(backend, this.parameters.scope('memory'), random, memory);
    const initial = this.parameters.scope('initial');
    // Small random read vectors break the symmetry between read heads; the controller learns them.
    this.initialReadVectors = initial.create(
      'read-vectors',
      backend.tensor(
        Array.from({ length: heads.readHeads * memory.wordSize }, () => random.normal(0, 0.01)),
        [heads.readHeads, memory.wordSize],
      ),
    );
    // The initial weightings start focused on slot 0 (a bias of 5 gives it ≈ e⁵/(e⁵ + N − 1) of
    // the mass): location-based addressing needs somewhere to start, and a near-uniform start on a
    // constant memory is a symmetric point the shift and sharpening cannot leave.
    const focusedBias = (count: number) =>
      backend.tensor(
        Array.from({ length: count * memory.slots }, (_, index) => (index % memory.slots === 0 ? 5 : random.normal(0, 0.01))),
        [count, memory.slots],
      );
    this.initialReadBias = initial.create('read-weighting', focusedBias(heads.readHeads));
    this.initialWriteBias = initial.create('write-weighting', focusedBias(heads.writeHeads));
    const output = this.parameters.scope('output');
    const outputInputs = this.controller.outputSize + heads.readHeads * memory.wordSize;
    this.outputWeights = output.create('weights', glorotUniform(backend, [outputInputs, config.outputSize], random));
    this.outputBias = output.create('bias', backend.fill([config.outputSize], 0));
  }

  initialState(batchSize: number): NtmState {
    const { backend, config } = this;
    const { readHeads, writeHeads } = config.heads;
    const { slots, wordSize } = config.memory;
    return backend.tidy(() => {
      const tileBatch = (x: Tensor, shape: number[]) => backend.tile(backend.reshape(x, [1, ...shape]), [batchSize, 1, 1]);
      const state: NtmState = {
        controller: this.controller.initialState(batchSize),
        memory: this.memoryInitializer.initialMemory(batchSize), // [batch, slots, wordSize]
        readWeighting: tileBatch(backend.softmax(this.initialReadBias), [readHeads, slots]), // [batch, readHeads, slots]
        writeWeighting: tileBatch(backend.softmax(this.initialWriteBias), [writeHeads, slots]), // [batch, writeHeads, slots]
        readVectors: tileBatch(this.initialReadVectors, [readHeads, wordSize]), // [batch, readHeads, wordSize]
      };
      return state;
    });
  }

  step(input: Tensor, state: NtmState): { logits: Tensor; state: NtmState } {
    const { outputInput, state: next } = this.advance(input, state);
    return { logits: this.project(outputInput), state: next };
  }

  /** The output network: [h_t, r_t] `[rows, C + R·M]` → logits `[rows, outputSize]` (rows = batch, or time × batch). */
  private project(outputInput: Tensor): Tensor {
    const { backend } = this;
    return backend.add(backend.matMul(outputInput, this.outputWeights), this.outputBias);
  }

  /** One step up to the output network: the controller, the heads, memory; returns [h_t, r_t] for the output network. */
  private advance(input: Tensor, state: NtmState): { outputInput: Tensor; state: NtmState; detail: StepDetail } {
    const { backend, config } = this;
    const { readHeads, writeHeads } = config.heads;
    const { slots, wordSize } = config.memory;
    // Checked here so a wrong input fails naming the NTM's input, not the controller's
    // [x_t, r_{t−1}] that a wrong x_t would silently widen.
    const batch = new ShapeChecker('NeuralTuringMachine.step')
      .check('input', input?.shape, ['batch', config.inputSize])
      .check('state.memory', state?.memory?.shape, ['batch', slots, wordSize])
      .check('state.readWeighting', state.readWeighting?.shape, ['batch', readHeads, slots])
      .check('state.writeWeighting', state.writeWeighting?.shape, ['batch', writeHeads, slots])
      .check('state.readVectors', state.readVectors?.shape, ['batch', readHeads, wordSize])
      .size('batch');
    const previousReads = backend.reshape(state.readVectors, [batch, readHeads * wordSize]); // [batch, readHeads·wordSize]
    const controllerInput = backend.concat([input, previousReads], 1); // [batch, inputSize + readHeads·wordSize]
    const { output: hidden, state: controllerState } = this.controller.step(controllerInput, state.controller); // [batch, controllerSize]
    const { read, write } = this.heads.project(hidden);
    if (read === null || write === null) throw new Error('NeuralTuringMachine: heads returned no read or no write group');

    // Address, write and read (in config.stepOrder): one fused kernel where the backend has it.
    const { memory, readWeighting, writeWeighting, readVectors } = memoryStep(
      backend,
      {
        memory: state.memory, // M_{t−1}: [batch, slots, wordSize]
        read: { ...read, previousWeighting: state.readWeighting },
        write: { ...write, previousWeighting: state.writeWeighting },
      },
      config.stepOrder,
    ); // M_t [batch, slots, wordSize], w_t [batch, heads, slots], r_t [batch, readHeads, wordSize]
    const outputInput = backend.concat([hidden, backend.reshape(readVectors, [batch, readHeads * wordSize])], 1); // [batch, controllerSize + readHeads·wordSize]
    return {
      outputInput,
      state: { controller: controllerState, memory, readWeighting, writeWeighting, readVectors },
      detail: { read, write },
    };
  }

  run(inputs: Tensor, options: RunOptions = {}): SequenceResult {
    const { backend, config } = this;
    if (inputs.shape.length !== 3 || inputs.shape[2] !== config.inputSize) {
      throw new RangeError(
        `NeuralTuringMachine.run: inputs has shape [${inputs.shape.join(', ')}] but expected [time, batch, inputSize] = [time, batch, ${config.inputSize}]`,
      );
    }
    const [time, batch] = inputs.shape as [number, number, number];
    if (!options.trace) {
      const whole = this.runWholeSequence(inputs);
      if (whole !== null) return { logits: whole };
    }
    let state = this.initialState(batch);
    if (!options.trace) {
      // The output network does not feed back, so it runs once for every step together: one
      // product of [time·batch, C + R·M] instead of one per step (fewer, larger kernels).
      const outputInputs: Tensor[] = [];
      for (const input of unstackTime(backend, inputs)) {
        const result = this.advance(input, state);
        state = result.state;
        outputInputs.push(result.outputInput);
      }
      const stackedInputs = stackTime(backend, outputInputs); // [time, batch, C + R·M]
      const features = stackedInputs.shape[2] as number;
      const logits = this.project(backend.reshape(stackedInputs, [time * batch, features])); // [time·batch, outputSize]
      return { logits: backend.reshape(logits, [time, batch, config.outputSize]) };
    }
    const steps: StepTrace[] = [];
    const logits: Tensor[] = [];
    for (const input of unstackTime(backend, inputs)) {
      const result = this.advance(input, state);
      const stepLogits = this.project(result.outputInput); // [batch, outputSize]
      state = result.state;
      logits.push(stepLogits);
      steps.push(this.traceStep(input, stepLogits, result.state, result.detail));
    }
    const stacked = stackTime(backend, logits); // [time, batch, outputSize]
    const trace: EpisodeTrace = {
      batchSize: batch,
      inputSize: config.inputSize,
      outputSize: config.outputSize,
      slots: config.memory.slots,
      wordSize: config.memory.wordSize,
      readHeads: config.heads.readHeads,
      writeHeads: config.heads.writeHeads,
      steps,
    };
    return { logits: stacked, trace };
  }

  /**
   * Every step in the backend's fused whole-sequence kernel (`FusedKernels.ntmSequence`), where
   * it has one and this machine fits it (a built-in LSTM or feed-forward controller); `null` otherwise, and the
   * caller steps through time, the reference this path is tested against. The same maths: the
   * controller, the heads and the memory step of `advance` for every t, then the output network.
   */
  private runWholeSequence(inputs: Tensor): Tensor | null {
    const { backend, config } = this;
    const fused = backend.fused.ntmSequence;
    const weights = this.controller.fusedWeights;
    if (!fused || !weights) return null;
    const [time, batch] = inputs.shape as [number, number, number];
    return backend.tidy(() => {
      const state = this.initialState(batch);
      const heads = this.heads.weights;
      const rows = fused(
        {
          inputs, // [time, batch, inputSize]
          memory: state.memory, // [batch, slots, wordSize]
          readWeighting: state.readWeighting, // [batch, readHeads, slots]
          writeWeighting: state.writeWeighting, // [batch, writeHeads, slots]
          readVectors: state.readVectors, // [batch, readHeads, wordSize]
          controller: weights.kind === 'lstm' ? { ...weights, state: state.controller } : weights, // LSTM state [h⁰, c⁰, …], each [batch, units]
          headsKernel: heads.kernel,
          headsBias: heads.bias,
          headBlocks: heads.blocks,
          headClip: heads.clip,
        },
        config.stepOrder,
        DEFAULT_EPSILONS,
      ); // [time, batch, C + R·M] or null
      if (rows === null) return null;
      const features = rows.shape[2] as number;
      const logits = this.project(backend.reshape(rows, [time * batch, features])); // [time·batch, outputSize]
      return backend.reshape(logits, [time, batch, config.outputSize]);
    });
  }

  private traceStep(input: Tensor, logits: Tensor, state: NtmState, detail: StepDetail): StepTrace {
    const { backend } = this;
    const read = (x: Tensor) => Float32Array.from(backend.readSync(x));
    const output = backend.tidy(() => backend.sigmoid(logits));
    const heads = (parameters: HeadParameters | WriteHeadParameters): HeadParametersTrace => ({
      key: read(parameters.key),
      keyStrength: read(parameters.keyStrength),
      interpolationGate: read(parameters.interpolationGate),
      shiftWeighting: read(parameters.shiftWeighting),
      sharpening: read(parameters.sharpening),
      ...('erase' in parameters ? { erase: read(parameters.erase), add: read(parameters.add) } : {}),
    });
    const step: StepTrace = {
      input: read(input),
      output: read(output),
      memory: read(state.memory),
      readWeighting: read(state.readWeighting),
      writeWeighting: read(state.writeWeighting),
      readVectors: read(state.readVectors),
      readHeads: heads(detail.read),
      writeHeads: heads(detail.write),
    };
    backend.dispose(output);
    return step;
  }

  dispose(): void {
    this.memoryInitializer.dispose();
    this.parameters.dispose();
  }
}
