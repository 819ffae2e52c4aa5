import { CheckpointError, type CheckpointContents } from './contents.js';
import { crc32 } from './crc32.js';
import { decodeLegacyCheckpoint, LEGACY_MAGIC } from './legacy-ntmc.js';
import { decodeSafetensors, encodeSafetensors, SafetensorsError, type SafetensorsEntry } from './safetensors.js';

/**
 * The checkpoint file format, version 2: a safetensors file (see `safetensors.ts`), so that any
 * tool that reads safetensors (Python's `safetensors`, PyTorch, numpy) opens our weights by
 * name. One file, so that it can be replaced atomically.
 *
 * - Tensors: float32, named `parameters/<path>` (the model) and `optimizer/<slot>` (the
 *   optimiser's state, absent from a model-only export).
 * - `__metadata__` (strings, as the format requires):
 *   - `format`: `ntm-checkpoint`; `format_version`: `2`;
 *   - `model`: the model config as JSON;
 *   - `metadata`: the free-form metadata as JSON (a trainer's step, RNG state, optimiser config);
 *   - `crc32`: the integrity check (decimal), {@link integrityCrc32}. It covers the metadata and
 *     the tensor table too: a flipped digit in a step count or a shape can still be valid JSON
 *     and would otherwise load without complaint. A file written by another tool may leave it
 *     out; when present it must match.
 *
 * Files of the older `NTMC` format (version 1) still load.
 *
 * @example CHECKPOINT_FORMAT // 'ntm-checkpoint', the `format` entry of every checkpoint's `__metadata__`
 */
export const CHECKPOINT_FORMAT = 'ntm-checkpoint';
/**
 * The format version this package writes.
 *
 * @example CHECKPOINT_FORMAT_VERSION // 2, written as the string '2' in `__metadata__.format_version`
 */
export const CHECKPOINT_FORMAT_VERSION = 2;

/**
 * A checkpoint's integrity check: the CRC-32 of a text, then the data bytes. The text is a first
 * line naming the check, the four metadata strings `format`, `format_version`, `model` and
 * `metadata` (each on its own line, in this order), then one line per tensor in data order:
 * name, dtype, shape (comma-separated), begin and end, separated by tabs; every line ends in
 * `\n`. Another tool (Python's `zlib.crc32`, say) can compute it the same way.
 *
 * @example integrityCrc32(metadata, entries, data) // 3735928559
 */
export function integrityCrc32(metadata: Readonly<Record<string, string | undefined>>, entries: readonly SafetensorsEntry[], data: Uint8Array): number {
  const lines = ['ntm-checkpoint-crc32', metadata['format'], metadata['format_version'], metadata['model'], metadata['metadata']];
  for (const entry of entries) lines.push([entry.name, entry.dtype, entry.shape.join(','), entry.begin, entry.end].join('\t'));
  const text = new TextEncoder().encode(`${lines.join('\n')}\n`);
  const all = new Uint8Array(text.length + data.length);
  all.set(text);
  all.set(data, text.length);
  return crc32(all);
}

/**
 * Encodes a checkpoint into the bytes of one safetensors file.
 *
 * @example
 * ```ts
 * const bytes = encodeCheckpoint({ model: config, tensors, metadata: { step: 1000 } });
 * ```
 */
export function encodeCheckpoint(contents: CheckpointContents): Uint8Array {
  const names = new Set<string>();
  for (const tensor of contents.tensors) {
    const length = tensor.shape.reduce((product, size) => product * size, 1);
    if (length !== tensor.values.length) {
      throw new CheckpointError(`tensor ${tensor.name}: shape [${tensor.shape.join(', ')}] needs ${length} values, got ${tensor.values.length}`);
    }
    if (names.has(tensor.name) || tensor.name === '__metadata__') {
      throw new CheckpointError(
        `tensor ${tensor.name} ${tensor.name === '__metadata__' ? 'has the name the format keeps for metadata' : 'appears twice; every tensor needs its own name'}`,
      );
    }
    names.add(tensor.name);
    // Refused here rather than only at load time: a trainer must never replace a good
    // checkpoint with one that cannot be loaded.
    const bad = tensor.values.findIndex((value) => !Number.isFinite(value));
    if (bad >= 0) {
      throw new CheckpointError(
        `tensor ${tensor.name} holds a non-finite value (${tensor.values[bad]}) at index ${bad}; a checkpoint holds finite values only`,
      );
    }
  }
  const metadata = {
    format: CHECKPOINT_FORMAT,
    format_version: String(CHECKPOINT_FORMAT_VERSION),
    model: JSON.stringify(contents.model),
    metadata: JSON.stringify(contents.metadata),
  };
  // The check covers the laid-out table and data, so it is computed once they are laid out.
  return encodeSafetensors(contents.tensors, (entries, data) => ({ ...metadata, crc32: String(integrityCrc32(metadata, entries, data)) })).bytes;
}

/**
 * Decodes and checks a checkpoint file's bytes: the safetensors container (header, tensor
 * table, data length: a truncated file fails here), ntm's metadata and its integrity CRC (a
 * corrupted file fails here), and that every value is finite. A file in the older `NTMC`
 * format is read as such.
 *
 * @example
 * ```ts
 * const contents = decodeCheckpoint(new Uint8Array(await (await fetch('copy.ntm')).arrayBuffer()));
 * ```
 */
export function decodeCheckpoint(bytes: Uint8Array, source = 'checkpoint'): CheckpointContents {
  if (bytes.length >= 4 && new TextDecoder().decode(bytes.subarray(0, 4)) === LEGACY_MAGIC) return decodeLegacyCheckpoint(bytes, source);
  let file: ReturnType<typeof decodeSafetensors>;
  try {
    file = decodeSafetensors(bytes);
  } catch (error) {
    if (!(error instanceof SafetensorsError)) throw error;
    // A checkpoint whose header reads but whose table or data does not: say so, not "not a checkpoint".
    if (error.metadata?.['format'] === CHECKPOINT_FORMAT) throw new CheckpointError(`${source} is a damaged checkpoint: ${error.message}`);
    throw new CheckpointError(`${source} is not a checkpoint: not a safetensors file (${error.message}), nor an older NTMC one`);
  }
  const { metadata } = file;
  if (metadata['format'] !== CHECKPOINT_FORMAT || metadata['model'] === undefined) {
    throw new CheckpointError(
      `${source} is a safetensors file without ntm's metadata (format "${CHECKPOINT_FORMAT}" and the model config in __metadata__), so its model is unknown`,
    );
  }
  if (metadata['format_version'] !== String(CHECKPOINT_FORMAT_VERSION)) {
    throw new CheckpointError(
      `${source} has format version ${JSON.stringify(metadata['format_version'])}; this version of @ntm/machine reads version ${CHECKPOINT_FORMAT_VERSION}`,
    );
  }
  if (metadata['crc32'] !== undefined) {
    const check = integrityCrc32(metadata, file.entries, file.data);
    if (String(check) !== metadata['crc32']) {
      throw new CheckpointError(`${source} is corrupt: its tensors and metadata have CRC-32 ${check}, the file says ${metadata['crc32']}`);
    }
  }
  const model = parseJson(metadata['model'], 'model', source);
  const free = metadata['metadata'] === undefined ? {} : parseJson(metadata['metadata'], 'metadata', source);
  if (free === null || typeof free !== 'object' || Array.isArray(free)) throw new CheckpointError(`${source}: its metadata is not a JSON object`);
  for (const tensor of file.tensors) {
    const bad = tensor.values.findIndex((value) => !Number.isFinite(value));
    if (bad >= 0) throw new CheckpointError(`${source}: tensor ${tensor.name} holds a non-finite value (${tensor.values[bad]}) at index ${bad}`);
  }
  return { model, tensors: file.tensors, metadata: free as Record<string, unknown> };
}

function parseJson(text: string, field: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CheckpointError(`${source}: its ${field} is not JSON (${(error as Error).message})`);
  }
}
