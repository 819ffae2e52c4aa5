import { crc32 } from './crc32.js';

/**
 * The checkpoint file format, version 1: one file, so that it can be replaced atomically.
 *
 * ```text
 * offset  size  content
 * 0       4     magic "NTMC"
 * 4       4     format version, uint32 little-endian (1)
 * 8       4     manifest length L in bytes, uint32 little-endian
 * 12      L     manifest: UTF-8 JSON (see CheckpointManifest)
 * 12+L    0–3   zero padding to a multiple of 4
 * …       4·D   data: D float32 values, little-endian, every tensor's values back to back
 * ```
 * The manifest lists each tensor's name, shape and offset (in values) into the data, the
 * data's length and its CRC-32, the model config and free-form metadata (the trainer's step,
 * RNG state, optimiser config). Loading checks all of it.
 */
export const CHECKPOINT_MAGIC = 'NTMC';
/** The format version this package writes and reads. */
export const CHECKPOINT_FORMAT_VERSION = 1;

/** One tensor in a checkpoint. */
export interface CheckpointTensor {
  /** `parameters/<path>` for model parameters, `optimizer/<slot>` for optimiser state. */
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** What a checkpoint holds, decoded. */
export interface CheckpointContents {
  /** The model's config (a `ModelConfig`), as JSON. */
  readonly model: unknown;
  readonly tensors: readonly CheckpointTensor[];
  /** Free-form JSON: the trainer's step, RNG state, optimiser config, … */
  readonly metadata: Readonly<Record<string, unknown>>;
}

interface ManifestTensor {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

/** The JSON manifest of a checkpoint file. */
export interface CheckpointManifest {
  readonly format: 'ntm-checkpoint';
  readonly version: number;
  readonly model: unknown;
  readonly tensors: readonly ManifestTensor[];
  /** Number of float32 values in the data section. */
  readonly dataLength: number;
  /** CRC-32 of the data section's bytes. */
  readonly dataCrc32: number;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** Thrown for a file that is not a valid checkpoint; the message says what is wrong. */
export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
}

/**
 * Encodes a checkpoint into the bytes of one file.
 *
 * @example
 * ```ts
 * const bytes = encodeCheckpoint({ model: config, tensors, metadata: { step: 1000 } });
 * ```
 */
export function encodeCheckpoint(contents: CheckpointContents): Uint8Array {
  let dataLength = 0;
  const tensors: ManifestTensor[] = contents.tensors.map((tensor) => {
    const length = tensor.shape.reduce((product, size) => product * size, 1);
    if (length !== tensor.values.length) {
      throw new CheckpointError(`tensor ${tensor.name}: shape [${tensor.shape.join(', ')}] needs ${length} values, got ${tensor.values.length}`);
    }
    const entry = { name: tensor.name, shape: [...tensor.shape], offset: dataLength, length };
    dataLength += length;
    return entry;
  });
  const data = new Uint8Array(dataLength * 4);
  const view = new DataView(data.buffer);
  for (const [index, tensor] of contents.tensors.entries()) {
    const offset = (tensors[index] as ManifestTensor).offset;
    for (let i = 0; i < tensor.values.length; i++) view.setFloat32((offset + i) * 4, tensor.values[i] as number, true);
  }
  const manifest: CheckpointManifest = {
    format: 'ntm-checkpoint',
    version: CHECKPOINT_FORMAT_VERSION,
    model: contents.model,
    tensors,
    dataLength,
    dataCrc32: crc32(data),
    metadata: contents.metadata,
  };
  const manifestBytes = new TextEncoder().encode(JSON.stringify(manifest));
  const headerLength = 12 + manifestBytes.length;
  const padding = (4 - (headerLength % 4)) % 4;
  const bytes = new Uint8Array(headerLength + padding + data.length);
  bytes.set(new TextEncoder().encode(CHECKPOINT_MAGIC), 0);
  const header = new DataView(bytes.buffer);
  header.setUint32(4, CHECKPOINT_FORMAT_VERSION, true);
  header.setUint32(8, manifestBytes.length, true);
  bytes.set(manifestBytes, 12);
  bytes.set(data, headerLength + padding);
  return bytes;
}

/**
 * Decodes and checks a checkpoint file's bytes: magic, version, manifest, every tensor's
 * extent, the data's length (a truncated file fails here) and CRC-32 (a corrupted one fails
 * here), and that every value is finite.
 *
 * @example
 * ```ts
 * const contents = decodeCheckpoint(new Uint8Array(await (await fetch('copy.ntm')).arrayBuffer()));
 * ```
 */
export function decodeCheckpoint(bytes: Uint8Array, source = 'checkpoint'): CheckpointContents {
  if (bytes.length < 12) throw new CheckpointError(`${source} is ${bytes.length} bytes long, too short to be a checkpoint (header is 12 bytes)`);
  const magic = new TextDecoder().decode(bytes.subarray(0, 4));
  if (magic !== CHECKPOINT_MAGIC) {
    throw new CheckpointError(`${source} is not an ntm checkpoint: it starts with ${JSON.stringify(magic)}, expected "${CHECKPOINT_MAGIC}"`);
  }
  const header = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = header.getUint32(4, true);
  if (version !== CHECKPOINT_FORMAT_VERSION) {
    throw new CheckpointError(`${source} has format version ${version}; this version of @ntm/machine reads version ${CHECKPOINT_FORMAT_VERSION}`);
  }
  const manifestLength = header.getUint32(8, true);
  if (12 + manifestLength > bytes.length) {
    throw new CheckpointError(`${source} is truncated: its manifest needs ${manifestLength} bytes, only ${bytes.length - 12} follow the header`);
  }
  let manifest: CheckpointManifest;
  try {
    manifest = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(12, 12 + manifestLength)));
  } catch (error) {
    throw new CheckpointError(`${source} has a corrupt manifest (${(error as Error).message})`);
  }
  if (manifest?.format !== 'ntm-checkpoint' || !Array.isArray(manifest.tensors) || !Number.isInteger(manifest.dataLength)) {
    throw new CheckpointError(`${source} has a manifest without the ntm-checkpoint fields (format, tensors, dataLength)`);
  }
  const headerLength = 12 + manifestLength;
  const dataStart = headerLength + ((4 - (headerLength % 4)) % 4);
  const expectedBytes = dataStart + manifest.dataLength * 4;
  if (bytes.length !== expectedBytes) {
    throw new CheckpointError(
      `${source} is ${bytes.length < expectedBytes ? 'truncated' : 'too long'}: ${bytes.length} bytes, expected ${expectedBytes} (${manifest.dataLength} float32 values after a ${dataStart}-byte header)`,
    );
  }
  const data = bytes.subarray(dataStart);
  const checksum = crc32(data);
  if (checksum !== manifest.dataCrc32) {
    throw new CheckpointError(`${source} is corrupt: its data has CRC-32 ${checksum}, the manifest says ${manifest.dataCrc32}`);
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const tensors = manifest.tensors.map((entry) => {
    const length = Array.isArray(entry.shape) ? (entry.shape as number[]).reduce((product: number, size: number) => product * size, 1) : Number.NaN;
    if (!(length === entry.length && entry.offset >= 0 && entry.offset + entry.length <= manifest.dataLength)) {
      throw new CheckpointError(`${source}: tensor ${entry.name} has shape ${JSON.stringify(entry.shape)} at offset ${entry.offset}, outside the data or inconsistent`);
    }
    const values = new Float32Array(length);
    for (let i = 0; i < length; i++) {
      const value = view.getFloat32((entry.offset + i) * 4, true);
      if (!Number.isFinite(value)) {
        throw new CheckpointError(`${source}: tensor ${entry.name} holds a non-finite value (${value}) at index ${i}`);
      }
      values[i] = value;
    }
    return { name: entry.name, shape: entry.shape, values };
  });
  return { model: manifest.model, tensors, metadata: manifest.metadata ?? {} };
}
