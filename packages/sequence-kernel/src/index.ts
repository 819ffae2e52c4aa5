import type { Tensor } from '@ntm/backend';
import type { AddressingEpsilons, MemoryStepOrder } from '@ntm/addressing';

// The interface of a whole-sequence NTM kernel: the layout of what it runs on (the controller's
// layers, the heads' parameter blocks, the memory step), which a backend implements as the fused
// hook `ntmSequence` and `@ntm/machine` calls. It lives above the backend contract, which knows
// no model.

/** The activation of one block of head parameters (see {@link HeadActivationBlock}). */
export type HeadActivationKind = 'tanh' | 'identity' | 'sigmoid' | 'softplus' | 'onePlusSoftplus' | 'softmax';

/**
 * One parameter of a group of heads among the heads' pre-activation columns: the columns
 * `[offset, offset + heads · sizePerHead)`, head after head (the layout `@ntm/heads` documents),
 * named by its group and parameter so that a kernel finds each one whatever the layout's order.
 */
export interface HeadActivationBlock {
  /** The read heads' or the write heads'. */
  readonly group: 'read' | 'write';
  /** Which addressing parameter (erase and add: write heads only). */
  readonly parameter: 'key' | 'keyStrength' | 'interpolationGate' | 'shiftWeighting' | 'sharpening' | 'erase' | 'add';
  /** The first column. */
  readonly offset: number;
  /** How many heads share the block. */
  readonly heads: number;
  /** Columns per head: M for a key, erase or add, 2n + 1 for a shift weighting, 1 otherwise. */
  readonly sizePerHead: number;
  /**
   * `tanh`, `identity`, `sigmoid`, `softplus` = log(1 + eˣ), `onePlusSoftplus` = 1 + softplus,
   * or `softmax` over each head's `sizePerHead` columns.
   */
  readonly activation: HeadActivationKind;
  /** The output is `[B, heads, sizePerHead]` when true, `[B, heads]` when false (then `sizePerHead` is 1). */
  readonly vector: boolean;
}

/**
 * One controller layer's weights for {@link NtmSequenceKernel}.
 * @example const layer: LayerWeights = { kernel, bias }; // LSTM: [inputs + units, 4·units], [4·units]; dense: [inputs, units], [units]
 */
export interface LayerWeights {
  /** LSTM: `[inputs + units, 4·units]`, acting on [input, h_{t−1}], gate blocks i, f, g, o. Dense: `[inputs, units]`. */
  readonly kernel: Tensor;
  /** LSTM: `[4·units]`. Dense: `[units]`. */
  readonly bias: Tensor;
}

/**
 * The controller of a {@link NtmSequenceKernel}: its layers bottom first (layer 0 reads
 * [x_t, r_{t−1}], `inputSize + R·M` wide) and the clip of its output.
 * @example const controller: NtmSequenceController = { kind: 'feed-forward', layers: [{ kernel, bias }], activation: 'tanh', outputClip: 20 };
 */
export type NtmSequenceController =
  | {
      readonly kind: 'lstm';
      readonly layers: readonly LayerWeights[];
      /** The initial state, [h⁰, c⁰, h¹, c¹, …], each `[B, units of that layer]`. */
      readonly state: readonly Tensor[];
      /** h_t is clipped to ±this (`Infinity` for none). */
      readonly outputClip: number;
    }
  | {
      readonly kind: 'feed-forward';
      readonly layers: readonly LayerWeights[];
      /** The activation of every layer. */
      readonly activation: 'tanh' | 'relu' | 'sigmoid';
      /** h_t is clipped to ±this (`Infinity` for none). */
      readonly outputClip: number;
    };

/**
 * What {@link NtmSequenceKernel} runs on (B batch, N slots, M word size, R and W heads, U controller units).
 * @example
 * ```ts
 * const rows = backend.fused.ntmSequence?.(
 *   { inputs, memory, readWeighting, writeWeighting, readVectors,
 *     controller: { kind: 'lstm', layers: [{ kernel, bias }], state: [h0, c0], outputClip: 20 },
 *     headsKernel, headsBias, headBlocks: heads.weights.blocks, headClip: 20 },
 *   'write-then-read', { similarity: 1e-8, sharpening: 1e-8 },
 * ); // [T, B, U + R·M], or null: step through time instead
 * ```
 */
export interface NtmSequenceInputs {
  /** x_1 … x_T: `[T, B, inputSize]`. */
  readonly inputs: Tensor;
  /** M_0: `[B, N, M]`. */
  readonly memory: Tensor;
  /** w^r_0: `[B, R, N]`. */
  readonly readWeighting: Tensor;
  /** w^w_0: `[B, W, N]`. */
  readonly writeWeighting: Tensor;
  /** r_0: `[B, R, M]`. */
  readonly readVectors: Tensor;
  readonly controller: NtmSequenceController;
  /** The heads' linear layer: `[U, C]` and `[C]`. */
  readonly headsKernel: Tensor;
  readonly headsBias: Tensor;
  readonly headBlocks: readonly HeadActivationBlock[];
  /** The heads' pre-activation clip (`Infinity` for none). */
  readonly headClip: number;
}

/**
 * A whole NTM sequence, every time step in one kernel call (and its gradient in one more): for
 * t = 1…T, the controller on [x_t, r_{t−1}] — an LSTM (each layer `[i, f, g, o] = [input,
 * h_{t−1}] · kernel + bias`, c_t = σ(f) ⊙ c_{t−1} + σ(i) ⊙ tanh(g), h_t = σ(o) ⊙ tanh(c_t)) or
 * a feed-forward network (each layer `activation(input · kernel + bias)`) — its top layer
 * clipped to ±`outputClip`, then the heads (`h_t · headsKernel + headsBias`, each block of
 * `headBlocks` clipped to ±`headClip` and activated), then the memory step of `@ntm/addressing`.
 * Returns the output network's input for every step, `[T, B, U + R·M]` (row t = [h_t, r_t]),
 * or `null` where the backend cannot run it here (the caller then steps one time step at a
 * time, which stays the reference). The gradient reaches every tensor of `inputs`. There must be
 * read and write heads, and `headBlocks` must name every read and write parameter once.
 *
 * @example const rows = backend.fused.ntmSequence?.(inputs, 'write-then-read', { similarity: 1e-8, sharpening: 1e-8 }) ?? stepThroughTime();
 */
export type NtmSequenceKernel = (inputs: NtmSequenceInputs, order: MemoryStepOrder, epsilons: AddressingEpsilons) => Tensor | null;

declare module '@ntm/backend' {
  interface FusedKernels {
    /** A whole NTM sequence forward in one kernel call and backward in one more: see {@link NtmSequenceKernel}. */
    readonly ntmSequence?: NtmSequenceKernel;
  }
}
