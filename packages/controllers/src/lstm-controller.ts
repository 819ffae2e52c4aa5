import { ShapeChecker, glorotUniform, type NtmBackend, type ParameterStore, type Tensor, type Variable } from '@ntm/backend';
import type { Random } from '@ntm/random';
import { checkKnownFields, checkLayerSizes, checkObject, checkPositiveNumber, checkOwnKind, checkPositiveInteger } from '@ntm/backend';
import { DEFAULT_OUTPUT_CLIP, type Controller, type ControllerState, type ControllerWeights } from './controller.js';

/**
 * The order of the four gate blocks along the last axis of every LSTM kernel and bias: input
 * gate i, forget gate f, cell candidate g, output gate o, each `units` wide. The same order as
 * PyTorch's `nn.LSTM` and Keras's `LSTM` (i, f, c, o), so weights can be moved between them.
 *
 * @example
 * ```ts
 * const forgetColumn = LSTM_GATE_ORDER.indexOf('forget') * units; // first column of f's block
 * ```
 */
export const LSTM_GATE_ORDER = ['input', 'forget', 'candidate', 'output'] as const;

/**
 * The configuration of {@link createLstmController}.
 * @example const config: LstmControllerConfig = { inputSize: 29, layerSizes: [100, 100] };
 */
export interface LstmControllerConfig {
  /** Optional tag, so a `ControllerConfig` of kind `'lstm'` can be passed unchanged. */
  readonly kind?: 'lstm';
  /** The width of `[x_t, r_{t−1}]`: external input plus every read vector. */
  readonly inputSize: number;
  /** Units per layer, bottom first; the output is the last layer's h. The paper used `[100]`. */
  readonly layerSizes: readonly number[];
  /** Outputs are clipped to ±outputClip (docs/math.md §3). Default 20. */
  readonly outputClip?: number;
}

/**
 * The LSTM config with every field checked and every default filled in.
 * @example const { layerSizes, outputClip } = resolveLstmControllerConfig(config);
 */
export interface ResolvedLstmControllerConfig {
  readonly inputSize: number;
  readonly layerSizes: readonly number[];
  readonly outputClip: number;
}

const lstmFields = ['kind', 'inputSize', 'layerSizes', 'outputClip'] as const;

/**
 * Checks an LSTM controller config, throwing an error that names the bad field, and fills in defaults.
 * @example resolveLstmControllerConfig({ inputSize: 29, layerSizes: [100] }) // outputClip: 20
 */
export function resolveLstmControllerConfig(config: unknown, field = 'controller'): ResolvedLstmControllerConfig {
  const fields = checkObject(field, config);
  checkKnownFields(field, fields, lstmFields);
  checkOwnKind(field, fields.kind, 'lstm', 'createLstmController');
  return {
    inputSize: checkPositiveInteger(`${field}.inputSize`, fields.inputSize),
    layerSizes: checkLayerSizes(`${field}.layerSizes`, fields.layerSizes),
    outputClip: checkPositiveNumber(`${field}.outputClip`, fields.outputClip, DEFAULT_OUTPUT_CLIP),
  };
}

/**
 * The number of scalar parameters {@link createLstmController} creates: per layer of `units`
 * fed `inputs` values, a kernel `(inputs + units) · 4·units`, a bias `4·units`, and a learned
 * initial h and c, `units` each.
 *
 * @example lstmParameterCount({ inputSize: 29, layerSizes: [100] }) // 52_200
 */
export function lstmParameterCount(config: LstmControllerConfig): number {
  const { inputSize, layerSizes } = resolveLstmControllerConfig(config);
  let total = 0;
  let inputs = inputSize;
  for (const units of layerSizes) {
    total += (inputs + units) * 4 * units + 4 * units + 2 * units;
    inputs = units;
  }
  return total;
}

interface LstmLayer {
  readonly units: number;
  /** W: `[inputs + units, 4·units]`, acting on `[x, h_{t−1}]`; blocks in {@link LSTM_GATE_ORDER}. */
  readonly kernel: Variable;
  /** b: `[4·units]`. */
  readonly bias: Variable;
  /** h₀, learned: `[1, units]`. */
  readonly initialHidden: Variable;
  /** c₀, learned: `[1, units]`. */
  readonly initialCell: Variable;
}

/**
 * A bias `[4·units]` that is 0 except for the forget gate's block, which is 1. Why 1: with a zero
 * bias the forget gate starts at σ(0) = ½ and the cell state halves every step, so gradients
 * vanish over long sequences before the network learns to remember; a bias of 1 starts it at
 * σ(1) ≈ 0.73. Jozefowicz, Zaremba & Sutskever (2015), "An Empirical Exploration of Recurrent
 * Network Architectures", found this closed most of the gap between the LSTM and the best
 * architectures they searched for.
 */
function lstmBiasValues(units: number): Float64Array {
  const values = new Float64Array(4 * units);
  const forgetStart = LSTM_GATE_ORDER.indexOf('forget') * units;
  values.fill(1, forgetStart, forgetStart + units);
  return values;
}

/**
 * A stacked LSTM controller with a learned initial state (docs/math.md §1, §3), the controller the
 * paper found best on every task but copy.
 *
 * Each layer ℓ (input `x` = the layer below's h, or the NTM's `[x_t, r_{t−1}]` for ℓ = 0):
 * ```
 * [i, f, g, o] = [x, h_{t−1}] · W + b          (one matMul; blocks in LSTM_GATE_ORDER)
 * c_t = σ(f) ⊙ c_{t−1} + σ(i) ⊙ tanh(g)
 * h_t = σ(o) ⊙ tanh(c_t)
 * ```
 * The output is the top layer's `h_t`, clipped to ±`outputClip`.
 *
 * Parameters, created under `store` in this order (determinism: the same `random` state gives the
 * same weights on every backend): per layer ℓ, `lstmℓ/kernel` `[inputs + units, 4·units]`
 * (Glorot uniform), `lstmℓ/bias` `[4·units]` (forget block 1, see {@link LSTM_GATE_ORDER}),
 * `lstmℓ/initialHidden` and `lstmℓ/initialCell` `[1, units]` (zeros, learned). The state is
 * `[h⁰, c⁰, h¹, c¹, …]`.
 *
 * Cost: kernel calls, not arithmetic, are what a step costs on tfjs (≈ 10 µs each, docs/toolchain.md),
 * so the gates share one matMul: a step makes 14 kernel calls per layer (concat, matMul, bias add, one sigmoid and
 * one tanh over all four blocks, 4 slices, 2 multiplies and an add for c, tanh and multiply for
 * h): the activations run once over all gates rather than once per gate. The clip
 * adds one more only when `outputClip < 1`: h = σ(o)·tanh(c) already lies in (−1, 1).
 * `initialState` makes 2 per layer (tiles).
 *
 * @example
 * ```ts
 * const store = new ParameterStore(backend);
 * const controller = createLstmController(store.scope('controller'), new Random(1), {
 *   inputSize: 9 + 20, // copy task input + one read vector of word size 20
 *   layerSizes: [100],
 * });
 * let state = controller.initialState(32);
 * const { output, state: next } = controller.step(input, state); // output: [32, 100]
 * ```
 */
export function createLstmController(store: ParameterStore, random: Random, config: LstmControllerConfig): Controller {
  const resolved = resolveLstmControllerConfig(config);
  const backend = store.backend;
  let inputs = resolved.inputSize;
  const layers = resolved.layerSizes.map((units, index): LstmLayer => {
    const scope = store.scope(`lstm${index}`);
    const layer: LstmLayer = {
      units,
      kernel: scope.create('kernel', glorotUniform(backend, [inputs + units, 4 * units], random)),
      bias: scope.create('bias', backend.tensor(lstmBiasValues(units), [4 * units])),
      initialHidden: scope.create('initialHidden', backend.fill([1, units], 0)),
      initialCell: scope.create('initialCell', backend.fill([1, units], 0)),
    };
    inputs = units;
    return layer;
  });
  return new LstmController(backend, resolved, layers);
}

class LstmController implements Controller {
  readonly kind = 'lstm';
  readonly inputSize: number;
  readonly outputSize: number;
  private readonly outputClip: number;

  constructor(
    private readonly backend: NtmBackend,
    config: ResolvedLstmControllerConfig,
    private readonly layers: readonly LstmLayer[],
  ) {
    this.inputSize = config.inputSize;
    this.outputSize = (layers[layers.length - 1] as LstmLayer).units;
    this.outputClip = config.outputClip;
    this.fusedWeights = Object.freeze({
      kind: 'lstm',
      layers: Object.freeze(layers.map((layer) => Object.freeze({ kernel: layer.kernel, bias: layer.bias }))),
      outputClip: config.outputClip,
    });
  }

  readonly fusedWeights: ControllerWeights;

  initialState(batchSize: number): ControllerState {
    checkPositiveInteger('lstmController.initialState: batchSize', batchSize);
    const { backend } = this;
    return this.layers.flatMap((layer) => [
      backend.tile(layer.initialHidden, [batchSize, 1]), // [batch, units]
      backend.tile(layer.initialCell, [batchSize, 1]), // [batch, units]
    ]);
  }

  step(input: Tensor, state: ControllerState): { output: Tensor; state: ControllerState } {
    const shapes = new ShapeChecker('lstmController.step').check('input', input?.shape, ['batch', this.inputSize]);
    if (!Array.isArray(state) || state.length !== 2 * this.layers.length) {
      throw new RangeError(
        `lstmController.step: state must hold ${2 * this.layers.length} tensors ([h, c] for each of ${this.layers.length} layers), ` +
          `got ${Array.isArray(state) ? `${state.length}` : String(state)}; start from initialState(batchSize)`,
      );
    }
    this.layers.forEach((layer, index) => {
      shapes.check(`state[${2 * index}] (layer ${index} h)`, state[2 * index]?.shape, ['batch', layer.units]);
      shapes.check(`state[${2 * index + 1}] (layer ${index} c)`, state[2 * index + 1]?.shape, ['batch', layer.units]);
    });

    const { backend } = this;
    return backend.tidy(() => {
      const nextState: Tensor[] = [];
      let layerInput = input; // [batch, inputs]
      this.layers.forEach((layer, index) => {
        const hidden = state[2 * index] as Tensor; // [batch, units]
        const cell = state[2 * index + 1] as Tensor; // [batch, units]
        const joined = backend.concat([layerInput, hidden], 1); // [batch, inputs + units]
        const { hidden: nextHidden, cell: nextCell } = this.cell(backend.matMul(joined, layer.kernel), layer, cell);
        nextState.push(nextHidden, nextCell);
        layerInput = nextHidden;
      });
      // |h| < 1, so a clip of ±outputClip ≥ 1 could never bite: skip its kernel call.
      const output = this.outputClip < 1 ? backend.clip(layerInput, -this.outputClip, this.outputClip) : layerInput;
      return { output, state: nextState };
    });
  }

  /**
   * c_t and h_t from the gates before their bias. A backend's whole-sequence kernel runs the
   * same cell inside its time loop and is tested against this composition.
   */
  private cell(linearGates: Tensor, layer: LstmLayer, cell: Tensor): { readonly hidden: Tensor; readonly cell: Tensor } {
    const { backend } = this;
    const { units } = layer;
    const gates = backend.add(linearGates, layer.bias); // [batch, 4·units]
    // One sigmoid and one tanh over all four blocks, then slices: two fewer kernels (and
    // fewer in the backward pass) than slicing first, for 4·units extra cheap elements.
    const squashed = backend.sigmoid(gates); // [batch, 4·units]
    const candidates = backend.tanh(gates); // [batch, 4·units]
    const inputGate = backend.slice(squashed, [0, 0], [-1, units]); // [batch, units]
    const forgetGate = backend.slice(squashed, [0, units], [-1, units]); // [batch, units]
    const candidate = backend.slice(candidates, [0, 2 * units], [-1, units]); // [batch, units]
    const outputGate = backend.slice(squashed, [0, 3 * units], [-1, units]); // [batch, units]
    const nextCell = backend.add(backend.mul(forgetGate, cell), backend.mul(inputGate, candidate)); // [batch, units]
    const nextHidden = backend.mul(outputGate, backend.tanh(nextCell)); // [batch, units]
    return { hidden: nextHidden, cell: nextCell };
  }
}
