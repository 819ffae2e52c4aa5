import { ShapeChecker, type NtmBackend, type ParameterStore, type Tensor, type Variable } from '@ntm/backend';
import type { HeadActivationBlock } from '@ntm/sequence-kernel';
import type { Random } from '@ntm/random';
import { validateHeadsConfig, type HeadsConfig } from './heads-config.js';
import { initialBiasTensor, type HeadsInitialBias } from './initial-bias.js';
import { initialKernel } from './initial-weights.js';
import {
  headsLayout,
  parameterBlocks,
  type HeadActivation,
  type HeadGroup,
  type HeadParameterName,
  type HeadParameterSlice,
  type ParameterBlock,
} from './parameter-layout.js';

/**
 * One group of heads' parameters, activations applied (Graves et al. 2014, §3.3).
 * B = batch, H = heads of that group, M = word size, n = shift radius.
 *
 * A type alias rather than an interface on purpose: aliases count as index-signature
 * objects, so a projection can be returned from `backend.tidy` as it is.
 */
export type HeadParameters = {
  /** k = tanh (or identity) of the pre-activation: `[B, H, M]`. */
  readonly key: Tensor;
  /** β = softplus ≥ 0 (eq. 5): `[B, H]`. */
  readonly keyStrength: Tensor;
  /** g = sigmoid ∈ (0, 1) (eq. 7): `[B, H]`. */
  readonly interpolationGate: Tensor;
  /** s = softmax over the shifts −n…n (eq. 8): `[B, H, 2n + 1]`. */
  readonly shiftWeighting: Tensor;
  /** γ = 1 + softplus ≥ 1 (eq. 9): `[B, H]`. */
  readonly sharpening: Tensor;
};

/** A group of write heads' parameters: a read head's, plus erase and add (eqs. 3–4). */
export type WriteHeadParameters = HeadParameters & {
  /** e = sigmoid ∈ (0, 1): `[B, H, M]`. */
  readonly erase: Tensor;
  /** a = tanh (or identity): `[B, H, M]`. */
  readonly add: Tensor;
};

/** The read and write heads of a machine, mapping the controller output to their parameters. */
export interface Heads {
  readonly config: Required<HeadsConfig>;
  /** The documented layout of the projection's output columns (see {@link headsLayout}). */
  readonly layout: readonly HeadParameterSlice[];
  /**
   * h_t `[B, controllerSize]` → every head's parameters, read and write heads kept apart;
   * a group with no heads is `null`. The caller owns the returned tensors.
   */
  project(controllerOutput: Tensor): HeadsProjection;
  /**
   * The linear layer's weights, the activation blocks and the clip: what a backend's fused
   * whole-sequence kernel (`FusedKernels.ntmSequence`) needs to apply the heads itself.
   */
  readonly weights: HeadsWeights;
}

/**
 * The heads' weights as {@link Heads.weights} gives them.
 * @example const { kernel, bias, blocks, clip } = heads.weights;
 */
export interface HeadsWeights {
  /** `[controllerSize, C]`, columns as in {@link headsLayout}. */
  readonly kernel: Variable;
  /** `[C]`. */
  readonly bias: Variable;
  /** One block per parameter, in `parameterBlocks` order (read key, β, g, s, γ, then write key, β, g, s, γ, erase, add). */
  readonly blocks: readonly HeadActivationBlock[];
  /** The pre-activation clip (`Infinity` for none). */
  readonly clip: number;
}

/** What {@link Heads.project} returns: each group's parameters, `null` for a group without heads. */
export type HeadsProjection = { read: HeadParameters | null; write: WriteHeadParameters | null };

type ElementwiseActivation = Exclude<HeadActivation, 'softmax'>;

/**
 * Creates the heads' trainable parameters in `store` and returns the heads.
 *
 * Parameters (paths relative to `store`'s scope; pass e.g. `store.scope('heads')`):
 * - `kernel` `[controllerSize, C]`: every head's linear layer side by side, columns as in
 *   {@link headsLayout}; each head's columns Glorot-uniform from `random` (see `initialKernel`).
 * - `bias` `[C]`: zero unless `config.initialBias` says otherwise. Why zero by default: it starts
 *   every head soft and unbiased — β = softplus(0) ≈ 0.69, g = ½, s uniform over the shifts,
 *   γ = 1 + softplus(0) ≈ 1.69, e = ½ — so gradients reach every branch of the addressing (a
 *   sharp start would saturate the softmaxes) and no shift direction is preferred. A task whose
 *   solution is known to walk the memory can start a head walking (see {@link HeadsInitialBias}, `config.initialBias`).
 *
 * Cost of one `project` in backend ops (kernel calls on tfjs), independent of the number of
 * heads (a backend's whole-sequence kernel runs the same projection inside its time loop and is
 * tested against this composition): matMul, bias add, clip
 * (skipped when the clip is Infinity) = 3; one each of tanh
 * (when a key or add uses it), softplus, +1 for γ, sigmoid over all C columns = 4; then per
 * group present one slice per parameter, a reshape per vector parameter, one softmax: read
 * 5 + 2 + 1 = 8, write 7 + 4 + 1 = 12. So 27 for read and write heads with tanh keys (26
 * with identity key and add), as the tfjs tests count.
 *
 * @example
 * ```ts
 * const store = new ParameterStore(backend);
 * const heads = createHeads(store.scope('heads'), new Random(1), {
 *   controllerSize: 100, readHeads: 1, writeHeads: 1, wordSize: 20, shiftRadius: 1,
 * });
 * const { read, write } = backend.tidy(() => heads.project(controllerOutput)); // h_t: [batch, 100]
 * read?.key;             // [batch, 1, 20]
 * write?.shiftWeighting; // [batch, 1, 3]
 * ```
 */
export function createHeads(store: ParameterStore, random: Random, config: HeadsConfig): Heads {
  const full = validateHeadsConfig(config);
  const backend = store.backend;
  const layout = headsLayout(full);
  const blocks = parameterBlocks(full);
  const kernel = store.create('kernel', initialKernel(backend, random, full, layout));
  const bias = store.create('bias', initialBiasTensor(backend, layout, full.initialBias));
  // The same array every step, so a fused kernel can check and convert it once.
  const activationBlocks: readonly HeadActivationBlock[] = Object.freeze(
    blocks.map((block) => ({
      group: block.group,
      parameter: block.parameter,
      offset: block.offset,
      heads: block.heads,
      sizePerHead: block.sizePerHead,
      activation: block.activation,
      vector: !scalarParameters.has(block.parameter),
    })),
  );
  return Object.freeze({
    config: full,
    layout,
    weights: Object.freeze({ kernel, bias, blocks: activationBlocks, clip: full.preActivationClip }),
    project: (controllerOutput: Tensor) => {
      checkControllerOutput(full, controllerOutput);
      return project(backend, full, blocks, kernel, bias, controllerOutput);
    },
  });
}

/** The parameters with one number per head, returned `[batch, heads]` rather than `[batch, heads, 1]`. */
const scalarParameters: ReadonlySet<HeadParameterName> = new Set(['keyStrength', 'interpolationGate', 'sharpening']);

function checkControllerOutput(config: Required<HeadsConfig>, controllerOutput: Tensor): void {
  new ShapeChecker('heads.project')
    .bind('controllerSize', config.controllerSize, 'config.controllerSize')
    .check('controllerOutput', controllerOutput?.shape, ['batch', 'controllerSize']);
}

/** Each group's parameters by name, from one tensor per block in block order; `null` for an absent group. */
function groupParameters(blocks: readonly ParameterBlock[], parameters: readonly Tensor[]): HeadsProjection {
  const group = (name: HeadGroup): Record<string, Tensor> | null => {
    const entries = blocks.flatMap((block, index) => (block.group === name ? [[block.parameter, parameters[index] as Tensor] as const] : []));
    return entries.length === 0 ? null : Object.fromEntries(entries);
  };
  // Built from the parameter names of the layout, which are exactly the fields of
  // HeadParameters and WriteHeadParameters.
  return { read: group('read'), write: group('write') } as HeadsProjection;
}

function project(
  backend: NtmBackend,
  config: Required<HeadsConfig>,
  blocks: readonly ParameterBlock[],
  kernel: Variable,
  bias: Variable,
  controllerOutput: Tensor,
): HeadsProjection {
  const batch = controllerOutput.shape[0] as number;
  const result = backend.tidy(() => {
    const linear = backend.add(backend.matMul(controllerOutput, kernel), bias); // [batch, C]
    const clip = config.preActivationClip;
    const clipped = Number.isFinite(clip) ? backend.clip(linear, -clip, clip) : linear; // [batch, C]
    // Each elementwise activation runs once over all C columns, and each parameter is then
    // sliced from the right one: fewer kernel calls than an activation per slice, and the
    // wasted arithmetic on a [batch, ~100] matrix is nothing beside a kernel call's overhead.
    const activated = new Map<ElementwiseActivation, Tensor>();
    const activate = (activation: ElementwiseActivation): Tensor => {
      let values = activated.get(activation);
      if (!values) {
        if (activation === 'identity') values = clipped;
        else if (activation === 'tanh') values = backend.tanh(clipped);
        else if (activation === 'sigmoid') values = backend.sigmoid(clipped);
        else if (activation === 'softplus') values = backend.softplus(clipped);
        else values = backend.add(activate('softplus'), backend.scalar(1)); // γ = 1 + softplus ≥ 1
        activated.set(activation, values); // [batch, C]
      }
      return values;
    };
    const parameter = (block: ParameterBlock): Tensor => {
      const source = block.activation === 'softmax' ? clipped : activate(block.activation);
      const columns = backend.slice(source, [0, block.offset], [batch, block.heads * block.sizePerHead]); // [batch, heads·size]
      if (scalarParameters.has(block.parameter)) return columns; // [batch, heads]
      const perHead = backend.reshape(columns, [batch, block.heads, block.sizePerHead]); // [batch, heads, size]
      return block.activation === 'softmax' ? backend.softmax(perHead) : perHead;
    };
    return groupParameters(blocks, blocks.map(parameter));
  });
  return result;
}
