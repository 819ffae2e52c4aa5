import type { Tensor } from '@ntm/backend';

// The memory step's inputs and outputs, owned here with the composition that defines them, and
// the fused hook a backend may offer for it.

/**
 * Everything one addressing step needs, for all heads of all batch rows at once
 * (docs/math.md §2). `B` = batch, `H` = heads, `N` = memory slots, `M` = word size,
 * `K` = shift kernel width `2n + 1`.
 */
export interface AddressingInputs {
  /** M_t, the memory to address: `[B, N, M]`. */
  readonly memory: Tensor;
  /** k, one key per head: `[B, H, M]`. */
  readonly key: Tensor;
  /** β ≥ 0, key strength: `[B, H]`. */
  readonly keyStrength: Tensor;
  /** g ∈ [0, 1], interpolation gate: `[B, H]`. */
  readonly interpolationGate: Tensor;
  /** s, shift weighting over shifts −n…n (a distribution): `[B, H, K]`. */
  readonly shiftWeighting: Tensor;
  /** γ ≥ 1, sharpening exponent: `[B, H]`. */
  readonly sharpening: Tensor;
  /** w_{t−1}, every head's previous weighting: `[B, H, N]`. */
  readonly previousWeighting: Tensor;
}

/** A group of heads' addressing parameters: {@link AddressingInputs} without the memory. */
export type HeadAddressingInputs = Omit<AddressingInputs, 'memory'>;

/**
 * The inputs of one NTM memory step (docs/math.md §2): the memory before it and every head's
 * parameters. Read heads `[B, R, …]`, write heads `[B, W, …]`.
 */
export interface MemoryStepInputs {
  /** M_{t−1}: `[B, N, M]`. */
  readonly memory: Tensor;
  /** The read heads' addressing parameters and previous weightings. */
  readonly read: HeadAddressingInputs;
  /** The write heads' addressing parameters and previous weightings, with erase e ∈ [0, 1] and add a: `[B, W, M]`. */
  readonly write: HeadAddressingInputs & { readonly erase: Tensor; readonly add: Tensor };
}

/**
 * The order of a memory step: `write-then-read` (the paper's: write M_{t−1} into M_t, then
 * address and read M_t) or `read-then-write` (address and read M_{t−1}, then write).
 */
export type MemoryStepOrder = 'write-then-read' | 'read-then-write';

/** What one memory step makes. */
export interface MemoryStepResult {
  /** M_t: `[B, N, M]`. */
  readonly memory: Tensor;
  /** w_t of the read heads: `[B, R, N]`. */
  readonly readWeighting: Tensor;
  /** w_t of the write heads: `[B, W, N]`. */
  readonly writeWeighting: Tensor;
  /** r_t: `[B, R, M]`. */
  readonly readVectors: Tensor;
}

/** The ε values of the addressing math (docs/math.md §3: ≈ 1e-8). */
export interface AddressingEpsilons {
  /** Added to ‖k‖·‖M[i]‖ in the cosine similarity denominator. */
  readonly similarity: number;
  /** Added to w~ before raising it to γ, so a zero weight never meets log(0). */
  readonly sharpening: number;
}

/**
 * A backend's fused memory step (see `memoryStep`): the same values and gradients as
 * `memoryStepGeneric`, or `null` where it cannot run these sizes (the caller then composes it).
 *
 * @example const fast: MemoryStepKernel | undefined = backend.fused.memoryStep;
 */
export type MemoryStepKernel = (inputs: MemoryStepInputs, order: MemoryStepOrder, epsilons: AddressingEpsilons) => MemoryStepResult | null;

declare module '@ntm/backend' {
  interface FusedKernels {
    /**
     * One time step of memory access: address the write heads on M_{t−1} and write (erase, then
     * add); address the read heads and read, on M_t (`write-then-read`) or on M_{t−1}
     * (`read-then-write`). Its reference is `memoryStepGeneric` of `@ntm/addressing`.
     */
    readonly memoryStep?: MemoryStepKernel;
  }
}
