import { validateHeadsConfig, type HeadsConfig } from './heads-config.js';

/** The two kinds of head. */
export type HeadGroup = 'read' | 'write';

/** A head parameter's name, as in {@link HeadParameters} and {@link WriteHeadParameters}. */
export type HeadParameterName = 'key' | 'keyStrength' | 'interpolationGate' | 'shiftWeighting' | 'sharpening' | 'erase' | 'add';

/** The activation applied to a parameter's (clipped) pre-activations. */
export type HeadActivation = 'tanh' | 'identity' | 'softplus' | 'onePlusSoftplus' | 'sigmoid' | 'softmax';

/** Where one parameter of one head sits among the projection's output columns. */
export interface HeadParameterSlice {
  readonly group: HeadGroup;
  /** The head's index within its group. */
  readonly head: number;
  readonly parameter: HeadParameterName;
  /** The first column. */
  readonly offset: number;
  /** How many columns: M for key, erase, add; 2n + 1 for the shift weighting; 1 otherwise. */
  readonly size: number;
  readonly activation: HeadActivation;
}

/**
 * The parameters of every head, in the order they are laid out within a group.
 *
 * @example READ_HEAD_PARAMETERS // ['key', 'keyStrength', 'interpolationGate', 'shiftWeighting', 'sharpening']
 */
export const READ_HEAD_PARAMETERS: readonly HeadParameterName[] = Object.freeze(['key', 'keyStrength', 'interpolationGate', 'shiftWeighting', 'sharpening']);

/**
 * A write head's parameters: a read head's, then erase and add.
 *
 * @example WRITE_HEAD_PARAMETERS // ['key', 'keyStrength', 'interpolationGate', 'shiftWeighting', 'sharpening', 'erase', 'add']
 */
export const WRITE_HEAD_PARAMETERS: readonly HeadParameterName[] = Object.freeze([...READ_HEAD_PARAMETERS, 'erase', 'add']);

/**
 * One parameter kind of one group, for all of the group's heads at once: the columns
 * `[offset, offset + heads · sizePerHead)`, head after head.
 */
export interface ParameterBlock {
  readonly group: HeadGroup;
  readonly parameter: HeadParameterName;
  readonly offset: number;
  readonly heads: number;
  readonly sizePerHead: number;
  readonly activation: HeadActivation;
}

function parameterSize(config: Required<HeadsConfig>, parameter: HeadParameterName): number {
  switch (parameter) {
    case 'key':
    case 'erase':
    case 'add':
      return config.wordSize;
    case 'shiftWeighting':
      return 2 * config.shiftRadius + 1;
    default:
      return 1;
  }
}

function parameterActivation(config: Required<HeadsConfig>, parameter: HeadParameterName): HeadActivation {
  switch (parameter) {
    case 'key':
      return config.keyActivation;
    case 'add':
      return config.addActivation;
    case 'keyStrength':
      return 'softplus';
    case 'sharpening':
      return 'onePlusSoftplus';
    case 'interpolationGate':
    case 'erase':
      return 'sigmoid';
    case 'shiftWeighting':
      return 'softmax';
  }
}

/**
 * The parameter blocks of a config, in column order (see {@link headsLayout}).
 * @internal shared by the layout and the projection.
 */
export function parameterBlocks(config: Required<HeadsConfig>): ParameterBlock[] {
  const blocks: ParameterBlock[] = [];
  let offset = 0;
  const groups: [HeadGroup, number, readonly HeadParameterName[]][] = [
    ['read', config.readHeads, READ_HEAD_PARAMETERS],
    ['write', config.writeHeads, WRITE_HEAD_PARAMETERS],
  ];
  for (const [group, heads, parameters] of groups) {
    if (heads === 0) continue;
    for (const parameter of parameters) {
      const sizePerHead = parameterSize(config, parameter);
      blocks.push({ group, parameter, offset, heads, sizePerHead, activation: parameterActivation(config, parameter) });
      offset += heads * sizePerHead;
    }
  }
  return blocks;
}

/**
 * The layout of the heads' projection output columns: which head, which parameter, which
 * columns, which activation. The projection is `h_t · W + b` with `W: [controllerSize, C]`.
 *
 * Column order, left to right (R read heads, W write heads, M = wordSize, K = 2n + 1):
 * 1. the read group (absent when R = 0), kind-major, head-major within each kind:
 *    key `R·M` | keyStrength β `R` | interpolationGate g `R` | shiftWeighting s `R·K` | sharpening γ `R`;
 * 2. the write group (absent when W = 0), the same five kinds for the W write heads, then
 *    erase e `W·M` | add a `W·M`.
 *
 * Within a kind, head h owns the `size` columns starting at `kindOffset + h·size`; the shift
 * weighting's columns run over shifts −n…n in order. So the read group has `R·(M + 2n + 4)`
 * columns and the write group `W·(3M + 2n + 4)`. Why kind-major: one slice takes a parameter
 * for every head of a group at once, so the number of backend ops does not grow with the
 * number of heads.
 *
 * @example
 * ```ts
 * headsLayout({ controllerSize: 100, readHeads: 1, writeHeads: 1, wordSize: 20, shiftRadius: 1 });
 * // [{ group: 'read', head: 0, parameter: 'key', offset: 0, size: 20, activation: 'tanh' },
 * //  { group: 'read', head: 0, parameter: 'keyStrength', offset: 20, size: 1, activation: 'softplus' },
 * //  …,
 * //  { group: 'write', head: 0, parameter: 'add', offset: 72, size: 20, activation: 'tanh' }]
 * ```
 */
export function headsLayout(config: HeadsConfig): readonly HeadParameterSlice[] {
  const full = validateHeadsConfig(config);
  const slices: HeadParameterSlice[] = [];
  for (const block of parameterBlocks(full)) {
    for (let head = 0; head < block.heads; head++) {
      slices.push(
        Object.freeze({
          group: block.group,
          head,
          parameter: block.parameter,
          offset: block.offset + head * block.sizePerHead,
          size: block.sizePerHead,
          activation: block.activation,
        }),
      );
    }
  }
  return Object.freeze(slices);
}

/**
 * The number of projection output columns C: `R·(M + 2n + 4) + W·(3M + 2n + 4)`.
 * @example headsColumnCount({ controllerSize: 100, readHeads: 1, writeHeads: 1, wordSize: 20, shiftRadius: 1 }) // 92
 */
export function headsColumnCount(config: HeadsConfig): number {
  const { readHeads, writeHeads, wordSize, shiftRadius } = validateHeadsConfig(config);
  return readHeads * (wordSize + 2 * shiftRadius + 4) + writeHeads * (3 * wordSize + 2 * shiftRadius + 4);
}

/**
 * The number of trainable scalars of the heads: the weights `controllerSize · C` plus the
 * bias `C` (C = {@link headsColumnCount}).
 *
 * @example
 * ```ts
 * headsParameterCount({ controllerSize: 100, readHeads: 1, writeHeads: 1, wordSize: 20, shiftRadius: 1 }); // 101 · 92 = 9292
 * ```
 */
export function headsParameterCount(config: HeadsConfig): number {
  return (validateHeadsConfig(config).controllerSize + 1) * headsColumnCount(config);
}
