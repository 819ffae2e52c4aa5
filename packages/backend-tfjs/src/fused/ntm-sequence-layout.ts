import type { HeadActivationKind } from '@ntm/sequence-kernel';

/**
 * The layout of the whole-sequence kernel's argument table, declared once. The C side reads it
 * through `native/ntm_sequence_layout.h`, which {@link ntmSequenceLayoutHeader} writes from these
 * lists (`ntm-sequence-layout.test.ts` fails when the committed header differs, and rewrites it
 * with `NTM_WRITE_LAYOUT=1`).
 *
 * The table, in int32 words: the {@link SEQUENCE_SIZES}, the {@link SEQUENCE_SETTINGS} as their
 * float32 bits, each controller layer's units, {@link HEAD_BLOCK_ORDER}'s blocks as
 * {@link BLOCK_FIELDS} each, then the pointers of the inputs and the outputs.
 */

/**
 * The table's leading integers, in order.
 * @example SEQUENCE_SIZES.indexOf('keepTape') // 11
 */
export const SEQUENCE_SIZES = [
  'time',
  'batch',
  'inputSize',
  'slots',
  'wordSize',
  'readHeads',
  'writeHeads',
  'kernelWidth',
  'layers',
  'columns',
  /** 1: write, then read the new memory (the paper's order); 0: read the old memory, then write. */
  'writeFirst',
  /** 1: record every step for the backward pass; 0 (nobody differentiates the call): keep only the latest. */
  'keepTape',
  /** An index into {@link CONTROLLER_KINDS}. */
  'controller',
  /** An index into {@link FEED_FORWARD_ACTIVATIONS} (0 for an LSTM). */
  'activation',
] as const;

/**
 * The table's floats after the sizes (each word holds a float32's bits), in order.
 * @example SEQUENCE_SETTINGS[0] // 'outputClip'
 */
export const SEQUENCE_SETTINGS = ['outputClip', 'headClip', 'similarityEpsilon', 'sharpeningEpsilon'] as const;

/**
 * The words of one head block, in order; `activation` indexes {@link HEAD_ACTIVATIONS}.
 * @example BLOCK_FIELDS.length // 4
 */
export const BLOCK_FIELDS = ['offset', 'heads', 'size', 'activation'] as const;

/**
 * The kernel's slots for the heads' twelve parameter blocks, in the table's order: group,
 * parameter, and the size per head (M word size, K shift width, or 1). The heads' own column
 * layout may differ: each block is found by its name and read at its offset.
 *
 * @example HEAD_BLOCK_ORDER[3] // ['read', 'shiftWeighting', 'K']
 */
export const HEAD_BLOCK_ORDER = [
  ['read', 'key', 'M'],
  ['read', 'keyStrength', 1],
  ['read', 'interpolationGate', 1],
  ['read', 'shiftWeighting', 'K'],
  ['read', 'sharpening', 1],
  ['write', 'key', 'M'],
  ['write', 'keyStrength', 1],
  ['write', 'interpolationGate', 1],
  ['write', 'shiftWeighting', 'K'],
  ['write', 'sharpening', 1],
  ['write', 'erase', 'M'],
  ['write', 'add', 'M'],
] as const;

/**
 * Each head activation's code (its index).
 * @example HEAD_ACTIVATIONS.indexOf('softmax') // 5
 */
export const HEAD_ACTIVATIONS: readonly HeadActivationKind[] = ['tanh', 'identity', 'sigmoid', 'softplus', 'onePlusSoftplus', 'softmax'];

/**
 * The controller kinds' codes (their index).
 * @example CONTROLLER_KINDS.indexOf('feed-forward') // 1
 */
export const CONTROLLER_KINDS = ['lstm', 'feed-forward'] as const;

/**
 * A feed-forward controller's activations' codes (their index).
 * @example FEED_FORWARD_ACTIVATIONS.indexOf('relu') // 1
 */
export const FEED_FORWARD_ACTIVATIONS = ['tanh', 'relu', 'sigmoid'] as const;

/**
 * The most controller layers the kernel takes (its per-layer arrays are this long).
 * @example if (layers.length > MAX_SEQUENCE_LAYERS) return null; // step through time instead
 */
export const MAX_SEQUENCE_LAYERS = 8;

/** `keepTape` → `KEEP_TAPE`, `onePlusSoftplus` → `ONE_PLUS_SOFTPLUS`, `feed-forward` → `FEED_FORWARD`. */
function constantName(name: string): string {
  return name
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toUpperCase();
}

function enumLine(comment: string, names: readonly string[], count: string): string {
  return `/** ${comment} */\nenum { ${[...names, count].join(', ')} };\n`;
}

/**
 * The C header `native/ntm_sequence_layout.h`: every list above as a C enum, so the kernel reads
 * the table by name (`table[SIZE_KEEP_TAPE]`, `block_at(&s, BLOCK_WRITE_ERASE)`).
 *
 * @example writeFileSync('native/ntm_sequence_layout.h', ntmSequenceLayoutHeader());
 */
export function ntmSequenceLayoutHeader(): string {
  return [
    '// Generated from src/fused/ntm-sequence-layout.ts (where the layout is declared) by its test:',
    '// NTM_WRITE_LAYOUT=1 pnpm --filter @ntm/backend-tfjs exec vitest run src/fused/ntm-sequence-layout.test.ts. Do not edit.',
    '#ifndef NTM_SEQUENCE_LAYOUT_H',
    '#define NTM_SEQUENCE_LAYOUT_H',
    '',
    enumLine(
      "The table's leading integers.",
      SEQUENCE_SIZES.map((name) => `SIZE_${constantName(name)}`),
      'SEQUENCE_SIZES',
    ),
    enumLine(
      "The table's floats after the sizes (as float32 bits).",
      SEQUENCE_SETTINGS.map((name) => `SETTING_${constantName(name)}`),
      'SEQUENCE_SETTINGS',
    ),
    enumLine(
      'The words of one head block.',
      BLOCK_FIELDS.map((name) => `BLOCK_FIELD_${constantName(name)}`),
      'BLOCK_FIELDS',
    ),
    enumLine(
      "The heads' blocks in their fixed order.",
      HEAD_BLOCK_ORDER.map(([group, parameter]) => `BLOCK_${constantName(group)}_${constantName(parameter)}`),
      'HEAD_BLOCKS',
    ),
    enumLine(
      "The heads' activation codes.",
      HEAD_ACTIVATIONS.map((name) => `ACTIVATION_${constantName(name)}`),
      'HEAD_ACTIVATION_COUNT',
    ),
    enumLine(
      'The controller kinds.',
      CONTROLLER_KINDS.map((name) => `CONTROLLER_${constantName(name)}`),
      'CONTROLLER_KIND_COUNT',
    ),
    enumLine(
      "A feed-forward controller's activations.",
      FEED_FORWARD_ACTIVATIONS.map((name) => `DENSE_${constantName(name)}`),
      'DENSE_ACTIVATION_COUNT',
    ),
    `#define MAX_LAYERS ${MAX_SEQUENCE_LAYERS}`,
    '',
    '#endif',
    '',
  ].join('\n');
}
