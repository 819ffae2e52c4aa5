import { ShapeChecker, glorotUniform, type NtmBackend, type ParameterStore, type Tensor, type Variable } from '@ntm/backend';
import type { Random } from '@ntm/random';
import { checkKnownFields, checkLayerSizes, checkObject, checkOneOf, checkPositiveNumber, checkOwnKind, checkPositiveInteger } from '@ntm/backend';
import { DEFAULT_OUTPUT_CLIP, type Controller, type ControllerState, type ControllerWeights } from './controller.js';

/**
 * The activations a feed-forward controller's hidden layers can use.
 * @example FEED_FORWARD_ACTIVATIONS.includes(userChoice) // validate a command-line flag
 */
export const FEED_FORWARD_ACTIVATIONS = ['tanh', 'relu', 'sigmoid'] as const;

/**
 * One of {@link FEED_FORWARD_ACTIVATIONS}.
 * @example const activation: FeedForwardActivation = 'relu';
 */
export type FeedForwardActivation = (typeof FEED_FORWARD_ACTIVATIONS)[number];

/**
 * Why tanh by default: its outputs are zero-centred and bounded in (−1, 1), the same range as the
 * LSTM's h, so the heads' linear layers see similar inputs whichever controller is chosen, and a
 * bounded output never needs the ±20 clip. relu is unbounded (the clip then bites) and its units
 * can die; sigmoid is not zero-centred. The paper does not name its feed-forward activation.
 *
 * @example resolveFeedForwardControllerConfig({ inputSize: 29, hiddenSizes: [100] }).activation // 'tanh'
 */
export const DEFAULT_FEED_FORWARD_ACTIVATION: FeedForwardActivation = 'tanh';

/**
 * The configuration of {@link createFeedForwardController}.
 * @example const config: FeedForwardControllerConfig = { inputSize: 29, hiddenSizes: [100], activation: 'relu' };
 */
export interface FeedForwardControllerConfig {
  /** Optional tag, so a `ControllerConfig` of kind `'feed-forward'` can be passed unchanged. */
  readonly kind?: 'feed-forward';
  /** The width of `[x_t, r_{t−1}]`: external input plus every read vector. */
  readonly inputSize: number;
  /**
   * Units per hidden layer, bottom first; the output is the last hidden layer. At least one:
   * with none the "controller" would be the identity and the heads linear in their input; a user
   * who wants that writes the identity controller shown in {@link Controller}'s docs.
   * The paper used `[100]` (copy, repeat copy, N-grams), `[256]` and `[512]`.
   */
  readonly hiddenSizes: readonly number[];
  /** The activation of every hidden layer. Default `'tanh'` ({@link DEFAULT_FEED_FORWARD_ACTIVATION}). */
  readonly activation?: FeedForwardActivation;
  /** Outputs are clipped to ±outputClip (docs/math.md §3). Default 20. */
  readonly outputClip?: number;
}

/**
 * The feed-forward config with every field checked and every default filled in.
 * @example const { activation, outputClip } = resolveFeedForwardControllerConfig(config);
 */
export interface ResolvedFeedForwardControllerConfig {
  readonly inputSize: number;
  readonly hiddenSizes: readonly number[];
  readonly activation: FeedForwardActivation;
  readonly outputClip: number;
}

const feedForwardFields = ['kind', 'inputSize', 'hiddenSizes', 'activation', 'outputClip'] as const;

/**
 * Checks a feed-forward controller config, throwing an error that names the bad field, and fills in defaults.
 * @example resolveFeedForwardControllerConfig({ inputSize: 29, hiddenSizes: [100] }) // activation: 'tanh', outputClip: 20
 */
export function resolveFeedForwardControllerConfig(config: unknown, field = 'controller'): ResolvedFeedForwardControllerConfig {
  const fields = checkObject(field, config);
  checkKnownFields(field, fields, feedForwardFields);
  checkOwnKind(field, fields.kind, 'feed-forward', 'createFeedForwardController');
  return {
    inputSize: checkPositiveInteger(`${field}.inputSize`, fields.inputSize),
    hiddenSizes: checkLayerSizes(
      `${field}.hiddenSizes`,
      fields.hiddenSizes,
      ' (for a controller without hidden layers, implement the Controller interface: see its docs)',
    ),
    activation:
      fields.activation === undefined ? DEFAULT_FEED_FORWARD_ACTIVATION : checkOneOf(`${field}.activation`, fields.activation, FEED_FORWARD_ACTIVATIONS),
    outputClip: checkPositiveNumber(`${field}.outputClip`, fields.outputClip, DEFAULT_OUTPUT_CLIP),
  };
}

/**
 * The number of scalar parameters {@link createFeedForwardController} creates: per layer a kernel
 * `inputs · units` and a bias `units`.
 *
 * @example feedForwardParameterCount({ inputSize: 29, hiddenSizes: [100] }) // 3_000
 */
export function feedForwardParameterCount(config: FeedForwardControllerConfig): number {
  const { inputSize, hiddenSizes } = resolveFeedForwardControllerConfig(config);
  let total = 0;
  let inputs = inputSize;
  for (const units of hiddenSizes) {
    total += inputs * units + units;
    inputs = units;
  }
  return total;
}

interface DenseLayer {
  /** W: `[inputs, units]`. */
  readonly kernel: Variable;
  /** b: `[units]`. */
  readonly bias: Variable;
}

/** The range of each activation, to know when the output clip cannot bite. */
const activationBound: Record<FeedForwardActivation, number> = { tanh: 1, sigmoid: 1, relu: Infinity };

/**
 * A feed-forward controller (docs/math.md §1): a stack of dense layers `h = act(x · W + b)` on the
 * NTM's `[x_t, r_{t−1}]`. It keeps no state between steps, so all the machine's memory is in the
 * memory matrix and the read vectors; the paper found it the best controller for copy (its
 * behaviour is easier to read off the heads).
 *
 * Parameters, created under `store` in this order: per layer ℓ, `denseℓ/kernel` `[inputs, units]`
 * (Glorot uniform) and `denseℓ/bias` `[units]` (zeros). The state is empty.
 *
 * Cost: 3 kernel calls per layer per step (matMul, bias add, activation), plus one for the clip
 * only when it can bite (relu, or an `outputClip` below the activation's bound of 1).
 *
 * @example
 * ```ts
 * const controller = createFeedForwardController(store.scope('controller'), new Random(1), {
 *   inputSize: 29,
 *   hiddenSizes: [100],
 *   activation: 'tanh',
 * });
 * const { output } = controller.step(input, controller.initialState(32)); // [32, 100]
 * ```
 */
export function createFeedForwardController(store: ParameterStore, random: Random, config: FeedForwardControllerConfig): Controller {
  const resolved = resolveFeedForwardControllerConfig(config);
  const backend = store.backend;
  let inputs = resolved.inputSize;
  const layers = resolved.hiddenSizes.map((units, index): DenseLayer => {
    const scope = store.scope(`dense${index}`);
    const layer: DenseLayer = {
      kernel: scope.create('kernel', glorotUniform(backend, [inputs, units], random)),
      bias: scope.create('bias', backend.fill([units], 0)),
    };
    inputs = units;
    return layer;
  });
  return new FeedForwardController(backend, resolved, layers);
}

class FeedForwardController implements Controller {
  readonly kind = 'feed-forward';
  readonly inputSize: number;
  readonly outputSize: number;
  private readonly activation: FeedForwardActivation;
  private readonly outputClip: number;

  constructor(
    private readonly backend: NtmBackend,
    config: ResolvedFeedForwardControllerConfig,
    private readonly layers: readonly DenseLayer[],
  ) {
    this.inputSize = config.inputSize;
    this.outputSize = config.hiddenSizes[config.hiddenSizes.length - 1] as number;
    this.activation = config.activation;
    this.outputClip = config.outputClip;
    this.fusedWeights = Object.freeze({
      kind: 'feed-forward',
      layers: Object.freeze(layers.map((layer) => Object.freeze({ kernel: layer.kernel, bias: layer.bias }))),
      activation: config.activation,
      outputClip: config.outputClip,
    });
  }

  readonly fusedWeights: ControllerWeights;

  initialState(batchSize: number): ControllerState {
    checkPositiveInteger('feedForwardController.initialState: batchSize', batchSize);
    return [];
  }

  step(input: Tensor, state: ControllerState): { output: Tensor; state: ControllerState } {
    new ShapeChecker('feedForwardController.step').check('input', input?.shape, ['batch', this.inputSize]);
    if (!Array.isArray(state) || state.length !== 0) {
      throw new RangeError(
        `feedForwardController.step: state must be empty (the controller is stateless), got ${
          Array.isArray(state) ? `${state.length} tensors` : String(state)
        }; start from initialState(batchSize)`,
      );
    }
    const { backend } = this;
    return backend.tidy(() => {
      let activations = input; // [batch, inputs]
      for (const layer of this.layers) {
        const preActivation = backend.add(backend.matMul(activations, layer.kernel), layer.bias); // [batch, units]
        activations = this.activate(preActivation); // [batch, units]
      }
      const output = this.outputClip < activationBound[this.activation] ? backend.clip(activations, -this.outputClip, this.outputClip) : activations; // the activation's range already lies inside ±outputClip
      return { output, state: [] };
    });
  }

  private activate(x: Tensor): Tensor {
    switch (this.activation) {
      case 'tanh':
        return this.backend.tanh(x);
      case 'relu':
        return this.backend.relu(x);
      case 'sigmoid':
        return this.backend.sigmoid(x);
    }
  }
}
