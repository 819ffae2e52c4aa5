import { crc32 } from '../checkpoint/crc32.js';
import type { LegacyManifest } from '../checkpoint/legacy-ntmc.js';

/**
 * Byte surgery on checkpoint files, written from the layout documented in `format.ts`
 * (16-byte header: magic, version, manifest length, manifest CRC-32; manifest; padding to 4;
 * float32 data), so the tests can build files that are damaged in exactly one way while
 * every other check still passes.
 */

const headerBytes = 16;

/** The parts of a checkpoint file. */
export interface CheckpointLayout {
  readonly manifest: LegacyManifest & Record<string, unknown>;
  /** The float32 data section (a copy). */
  readonly data: Uint8Array;
  /** Where the data starts in the file. */
  readonly dataStart: number;
}

/** Splits a checkpoint file into its manifest and data. */
export function checkpointLayout(bytes: Uint8Array): CheckpointLayout {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const manifestLength = view.getUint32(8, true);
  const manifest = JSON.parse(new TextDecoder().decode(bytes.subarray(headerBytes, headerBytes + manifestLength)));
  const headerLength = headerBytes + manifestLength;
  const dataStart = headerLength + ((4 - (headerLength % 4)) % 4);
  return { manifest, data: bytes.slice(dataStart), dataStart };
}

/**
 * Puts a checkpoint file together from a manifest and data, with correct lengths, padding and
 * manifest CRC (the data CRC is whatever the manifest says: see {@link withData}).
 */
export function assembleCheckpoint(manifest: unknown, data: Uint8Array, version = 1): Uint8Array {
  return assembleRawCheckpoint(new TextEncoder().encode(JSON.stringify(manifest)), data, version);
}

/** {@link assembleCheckpoint} with the manifest's bytes given as they are (not necessarily JSON). */
export function assembleRawCheckpoint(manifestBytes: Uint8Array, data: Uint8Array, version = 1): Uint8Array {
  const headerLength = headerBytes + manifestBytes.length;
  const dataStart = headerLength + ((4 - (headerLength % 4)) % 4);
  const bytes = new Uint8Array(dataStart + data.length);
  bytes.set(new TextEncoder().encode('NTMC'), 0);
  const view = new DataView(bytes.buffer);
  view.setUint32(4, version, true);
  view.setUint32(8, manifestBytes.length, true);
  view.setUint32(12, crc32(manifestBytes), true);
  bytes.set(manifestBytes, headerBytes);
  bytes.set(data, dataStart);
  return bytes;
}

/** The file with its manifest edited (every length and CRC made consistent again). */
export function withManifest(bytes: Uint8Array, edit: (manifest: Record<string, unknown>) => void): Uint8Array {
  const { manifest, data } = checkpointLayout(bytes);
  edit(manifest);
  return assembleCheckpoint(manifest, data);
}

/** The file with its data edited and the data CRC in the manifest updated to match. */
export function withData(bytes: Uint8Array, edit: (data: DataView) => void): Uint8Array {
  const { manifest, data } = checkpointLayout(bytes);
  edit(new DataView(data.buffer, data.byteOffset, data.byteLength));
  return assembleCheckpoint({ ...manifest, dataCrc32: crc32(data) }, data);
}
