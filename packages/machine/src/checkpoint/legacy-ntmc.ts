import { CheckpointError, type CheckpointContents } from './contents.js';
import { crc32 } from './crc32.js';

/**
 * The checkpoint format before safetensors ("NTMC", version 1), read so that older files still
 * load (`ntm convert` rewrites one as safetensors); nothing writes it any more.
 *
 * ```text
 * offset  size  content
 * 0       4     magic "NTMC"
 * 4       4     format version, uint32 little-endian (1)
 * 8       4     manifest length L in bytes, uint32 little-endian
 * 12      4     CRC-32 of the manifest's L bytes, uint32 little-endian
 * 16      L     manifest: UTF-8 JSON (see LegacyManifest)
 * 16+L    0–3   zero padding to a multiple of 4
 * …       4·D   data: D float32 values, little-endian, every tensor's values back to back
 * ```
 * The manifest lists each tensor's name, shape and offset (in values) into the data, the
 * data's length and its CRC-32, the model config and free-form metadata. Why the manifest has a
 * CRC of its own: a flipped digit in it can still be valid JSON and would otherwise load.
 */
export const LEGACY_MAGIC = 'NTMC';
/** The one version of the format there was. */
const LEGACY_FORMAT_VERSION = 1;

/** Bytes before the manifest: magic, version, manifest length, manifest CRC-32. */
const HEADER_BYTES = 16;

interface ManifestTensor {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

/** The JSON manifest of an `NTMC` file. */
export interface LegacyManifest {
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

/**
 * Decodes and checks an `NTMC` file's bytes: magic, version, manifest, every tensor's extent,
 * the data's length (a truncated file fails here) and CRC-32 (a corrupted one fails here), and
 * that every value is finite.
 *
 * @example const contents = decodeLegacyCheckpoint(bytes, 'old.ntm'); // what `decodeCheckpoint` does for a file starting "NTMC"
 */
export function decodeLegacyCheckpoint(bytes: Uint8Array, source: string): CheckpointContents {
  if (bytes.length < HEADER_BYTES) {
    throw new CheckpointError(`${source} is ${bytes.length} bytes long, too short to be a checkpoint (header is ${HEADER_BYTES} bytes)`);
  }
  const magic = new TextDecoder().decode(bytes.subarray(0, 4));
  if (magic !== LEGACY_MAGIC) {
    throw new CheckpointError(`${source} is not an ntm checkpoint: it starts with ${JSON.stringify(magic)}, expected "${LEGACY_MAGIC}"`);
  }
  const header = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = header.getUint32(4, true);
  if (version !== LEGACY_FORMAT_VERSION) {
    throw new CheckpointError(
      `${source} has format version ${version}; this version of @ntm/machine reads NTMC version ${LEGACY_FORMAT_VERSION} (and safetensors checkpoints)`,
    );
  }
  const manifestLength = header.getUint32(8, true);
  if (HEADER_BYTES + manifestLength > bytes.length) {
    throw new CheckpointError(`${source} is truncated: its manifest needs ${manifestLength} bytes, only ${bytes.length - HEADER_BYTES} follow the header`);
  }
  const manifestBytes = bytes.subarray(HEADER_BYTES, HEADER_BYTES + manifestLength);
  const manifestChecksum = crc32(manifestBytes);
  if (manifestChecksum !== header.getUint32(12, true)) {
    throw new CheckpointError(`${source} is corrupt: its manifest has CRC-32 ${manifestChecksum}, the header says ${header.getUint32(12, true)}`);
  }
  let manifest: LegacyManifest;
  try {
    manifest = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(manifestBytes));
  } catch (error) {
    throw new CheckpointError(`${source} has a corrupt manifest (${(error as Error).message})`);
  }
  if (manifest?.format !== 'ntm-checkpoint' || !Array.isArray(manifest.tensors) || !isCount(manifest.dataLength)) {
    throw new CheckpointError(`${source} has a manifest without the ntm-checkpoint fields (format, tensors, dataLength)`);
  }
  const headerLength = HEADER_BYTES + manifestLength;
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
  const names = new Set<string>();
  const tensors = manifest.tensors.map((entry: ManifestTensor) => {
    const name: unknown = entry?.name;
    if (typeof name !== 'string' || names.has(name)) {
      throw new CheckpointError(`${source}: a tensor's name is ${JSON.stringify(name)}; expected a string no other tensor has`);
    }
    names.add(name);
    const shape: unknown = entry.shape;
    const length = Array.isArray(shape) && shape.every(isCount) ? shape.reduce((product: number, size: number) => product * size, 1) : Number.NaN;
    if (!(length === entry.length && isCount(entry.offset) && entry.offset + entry.length <= manifest.dataLength)) {
      throw new CheckpointError(`${source}: tensor ${name} has shape ${JSON.stringify(shape)} at offset ${entry.offset}, outside the data or inconsistent`);
    }
    const values = new Float32Array(length);
    for (let i = 0; i < length; i++) {
      const value = view.getFloat32((entry.offset + i) * 4, true);
      if (!Number.isFinite(value)) {
        throw new CheckpointError(`${source}: tensor ${name} holds a non-finite value (${value}) at index ${i}`);
      }
      values[i] = value;
    }
    return { name, shape: shape as number[], values };
  });
  return { model: manifest.model, tensors, metadata: manifest.metadata ?? {} };
}

/** A non-negative integer: a size, an offset or a length in the manifest. */
function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
