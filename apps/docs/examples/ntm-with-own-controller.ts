import { address, readMemory, writeMemory } from '@ntm/addressing';
import { glorotUniform, ParameterStore, type NtmBackend, type Tensor, type Variable } from '@ntm/backend';
import type { ControllerState } from '@ntm/controllers';
import { createHeads, type Heads } from '@ntm/heads';
import { Random } from '@ntm/random';
import { batchToTensors, type Batch } from '@ntm/tasks';
import { createOptimizer, sequenceLossBits, type Optimizer } from '@ntm/trainer';
import { TanhRnnController } from './tanh-rnn-controller.js';

/** The sizes of {@link OwnControllerNtm}. */
export interface OwnControllerNtmSizes {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly slots: number;
  readonly wordSize: number;
  readonly units: number;
}

interface State {
  readonly controller: ControllerState;
  readonly memory: Tensor; // [batch, slots, wordSize]
  readonly readWeighting: Tensor; // [batch, 1, slots]
  readonly writeWeighting: Tensor; // [batch, 1, slots]
  readonly readVectors: Tensor; // [batch, 1, wordSize]
}

/**
 * An NTM cell around your own controller, built from the same public parts the library's
 * NeuralTuringMachine uses: one read and one write head from @ntm/heads, the addressing and
 * memory access of @ntm/addressing, and an output layer on [h_t, r_t].
 */
export class OwnControllerNtm {
  readonly parameters: ParameterStore;
  private readonly controller: TanhRnnController;
  private readonly heads: Heads;
  private readonly outputWeights: Variable;
  private readonly outputBias: Variable;

  constructor(
    readonly backend: NtmBackend,
    readonly sizes: OwnControllerNtmSizes,
    seed: number,
  ) {
    const { inputSize, outputSize, slots, wordSize, units } = sizes;
    if (slots < 3) throw new RangeError(`sizes.slots must be at least 3 for shifts −1…1, got ${slots}`);
    const random = new Random(seed);
    this.parameters = new ParameterStore(backend);
    this.controller = new TanhRnnController(backend, this.parameters.scope('controller'), random, inputSize + wordSize, units);
    this.heads = createHeads(this.parameters.scope('heads'), random, { controllerSize: units, readHeads: 1, writeHeads: 1, wordSize, shiftRadius: 1 });
    this.outputWeights = this.parameters.create('output-weights', glorotUniform(backend, [units + wordSize, outputSize], random));
    this.outputBias = this.parameters.create('output-bias', backend.fill([outputSize], 0));
  }

  /** Memory at a small constant (Collier & Beel), both heads focused on slot 0. */
  private initialState(batch: number): State {
    const { backend } = this;
    const { slots, wordSize } = this.sizes;
    const focused = backend.tensor(
      Array.from({ length: batch * slots }, (_, index) => (index % slots === 0 ? 1 : 0)),
      [batch, 1, slots],
    );
    return {
      controller: this.controller.initialState(batch),
      memory: backend.fill([batch, slots, wordSize], 1e-6),
      readWeighting: focused,
      writeWeighting: focused,
      readVectors: backend.fill([batch, 1, wordSize], 0),
    };
  }

  /** Logits for every step: inputs `[time, batch, inputSize]` → `[time, batch, outputSize]`. */
  run(inputs: Tensor): Tensor {
    const { backend } = this;
    const [time, batch] = inputs.shape as [number, number, number];
    const { wordSize, inputSize } = this.sizes;
    let state = this.initialState(batch);
    const logits: Tensor[] = [];
    for (let t = 0; t < time; t++) {
      const input = backend.reshape(backend.slice(inputs, [t, 0, 0], [1, batch, inputSize]), [batch, inputSize]); // [batch, inputSize]
      const controllerInput = backend.concat([input, backend.reshape(state.readVectors, [batch, wordSize])], 1); // [x_t, r_{t−1}]
      const { output: hidden, state: controllerState } = this.controller.step(controllerInput, state.controller); // h_t: [batch, units]
      const { read, write } = this.heads.project(hidden);
      if (!read || !write) throw new Error('expected one read and one write head');
      const writeWeighting = address(backend, { ...write, memory: state.memory, previousWeighting: state.writeWeighting }); // [batch, 1, slots]
      const memory = writeMemory(backend, state.memory, writeWeighting, write.erase, write.add); // M_t
      const readWeighting = address(backend, { ...read, memory, previousWeighting: state.readWeighting }); // [batch, 1, slots]
      const readVectors = readMemory(backend, memory, readWeighting); // r_t: [batch, 1, wordSize]
      const joined = backend.concat([hidden, backend.reshape(readVectors, [batch, wordSize])], 1); // [batch, units + wordSize]
      logits.push(backend.reshape(backend.add(backend.matMul(joined, this.outputWeights), this.outputBias), [1, batch, this.sizes.outputSize]));
      state = { controller: controllerState, memory, readWeighting, writeWeighting, readVectors };
    }
    return backend.concat(logits, 0); // [time, batch, outputSize]
  }
}

/**
 * One training step with the trainer's building blocks: the masked cross-entropy in bits,
 * the backend's gradients of every trainable parameter, and an optimiser update.
 *
 * @returns the batch's cost in bits per sequence, before the update
 */
export function trainStep(model: OwnControllerNtm, optimizer: Optimizer, batch: Batch): number {
  const { backend } = model;
  const trainable = model.parameters.trainable();
  const { value, gradients } = backend.tidy(() => {
    const { inputs, targets, mask } = batchToTensors(backend, batch);
    return backend.variableGradients(
      () => sequenceLossBits(backend, model.run(inputs), targets, mask),
      trainable.map((parameter) => parameter.variable),
    );
  });
  optimizer.apply(trainable, gradients);
  const cost = backend.readSync(value)[0] as number;
  backend.dispose([value, ...gradients]);
  return cost;
}

/** An Adam optimiser for the example (Collier & Beel's choice; 1e-2 suits a model this small). */
export function exampleOptimizer(backend: NtmBackend): Optimizer {
  return createOptimizer(backend, { kind: 'adam', learningRate: 1e-2 });
}
