import type { Tensor } from '@ntm/backend';
import type { LayerWeights } from '@ntm/sequence-kernel';

/**
 * The default bound on controller outputs, ±20 (docs/math.md §3, as in Collier & Beel's NTMCell,
 * which trained reliably): an unbounded output would let one runaway unit push the heads'
 * pre-activations, and so the addressing, into saturation or overflow.
 *
 * @example createLstmController(store, random, { inputSize, layerSizes: [100], outputClip: DEFAULT_OUTPUT_CLIP })
 */
export const DEFAULT_OUTPUT_CLIP = 20;

/**
 * The state a controller carries between steps: an ordered list of tensors (opaque to the NTM).
 *
 * The LSTM's is `[h⁰, c⁰, h¹, c¹, …]`, one hidden and one cell state `[batch, units]` per layer;
 * the feed-forward controller's is empty.
 *
 * @example
 * ```ts
 * const state: ControllerState = controller.initialState(32);
 * ```
 */
export type ControllerState = readonly Tensor[];

/**
 * An NTM controller (Graves et al. 2014, §3): the network that reads the external input `x_t`
 * concatenated with every read vector `r_{t−1}`, and whose output `h_t` feeds the heads and the
 * output layer. The NTM only ever calls these four members, so any network that can be written
 * against `@ntm/backend` can be a controller.
 *
 * Writing your own: implement the interface. Create trainable tensors through a
 * `ParameterStore` (`store.create(name, initial)`) so the optimiser, the parameter count and
 * checkpoints see them; build every tensor with the store's backend; keep `step` free of
 * side effects (the NTM may run it inside `tidy` and inside a gradient tape); and clip the
 * output if it is unbounded (docs/math.md §3 clips controller outputs to ±20).
 * `step`'s `output` may be one of the tensors of its returned `state` (the LSTM's output is its
 * last layer's `h`): let a `tidy` scope own them, or dispose them together.
 *
 * @example
 * A controller with no parameters that passes `[x_t, r_{t−1}]` straight to the heads:
 * ```ts
 * import type { NtmBackend, Tensor } from '@ntm/backend';
 * import type { Controller, ControllerState } from '@ntm/controllers';
 *
 * class IdentityController implements Controller {
 *   readonly kind = 'identity';
 *   readonly outputSize: number;
 *   constructor(private readonly backend: NtmBackend, readonly inputSize: number) {
 *     this.outputSize = inputSize;
 *   }
 *   initialState(): ControllerState {
 *     return [];
 *   }
 *   step(input: Tensor, state: ControllerState) {
 *     return { output: this.backend.clip(input, -20, 20), state };
 *   }
 * }
 * ```
 * A recurrent one keeps its tensors in the state, e.g. a GRU sketch with a learned `[1, units]`
 * initial state `h0` (a `Variable` from `store.create`):
 * ```ts
 * initialState(batchSize: number): ControllerState {
 *   return [this.backend.tile(this.h0, [batchSize, 1])]; // [batch, units]
 * }
 * step(input: Tensor, [hidden]: ControllerState) {
 *   const next = gruCell(this.backend, input, hidden as Tensor, this.weights); // [batch, units]
 *   return { output: next, state: [next] };
 * }
 * ```
 */
export interface Controller {
  /** `'lstm'`, `'feed-forward'`, or a user's own name. */
  readonly kind: string;
  /** The width of the input the NTM feeds it: external input plus every read vector. */
  readonly inputSize: number;
  /** The width of `h_t`. */
  readonly outputSize: number;
  /** The state at t = 0 for a batch (learned for the LSTM: tiled from [1, units] parameters). */
  initialState(batchSize: number): ControllerState;
  /** One step: input [batch, inputSize] → output [batch, outputSize] and the next state. */
  step(input: Tensor, state: ControllerState): { output: Tensor; state: ControllerState };
  /**
   * The built-in controllers' weights, bottom layer first, with what else their maths needs:
   * what a backend's fused whole-sequence kernel (`FusedKernels.ntmSequence`) needs to run this
   * controller itself. A controller of one's own leaves it out and is always stepped with `step`.
   */
  readonly fusedWeights?: ControllerWeights;
}

/**
 * A built-in controller's weights as {@link Controller.fusedWeights} gives them: an LSTM's layers
 * (kernel `[inputs + units, 4·units]`, bias `[4·units]`) or a feed-forward network's (kernel
 * `[inputs, units]`, bias `[units]`) and its activation, and the output clip.
 * @example const weights = controller.fusedWeights; if (weights?.kind === 'lstm') weights.layers[0]?.kernel;
 */
export type ControllerWeights =
  | { readonly kind: 'lstm'; readonly layers: readonly LayerWeights[]; readonly outputClip: number }
  | { readonly kind: 'feed-forward'; readonly layers: readonly LayerWeights[]; readonly activation: 'tanh' | 'relu' | 'sigmoid'; readonly outputClip: number };
