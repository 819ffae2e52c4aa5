import { integrityCrc32 } from '../checkpoint/format.js';
import type { SafetensorsEntry } from '../checkpoint/safetensors.js';

/**
 * Byte surgery on safetensors checkpoints, written from the layout documented in
 * `safetensors.ts` (an 8-byte header length, the JSON header, the data), so that tests can
 * build files damaged in exactly one way while every other check still passes.
 */

/** A checkpoint file's parts: its header as JSON and its data (a copy). */
export interface SafetensorsLayout {
  readonly header: Record<string, unknown> & { __metadata__: Record<string, string> };
  readonly data: Uint8Array;
  /** Where the data starts in the file. */
  readonly dataStart: number;
}

/** Splits a safetensors file into its header and data. */
export function safetensorsLayout(bytes: Uint8Array): SafetensorsLayout {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
  return { header, data: bytes.slice(8 + length), dataStart: 8 + length };
}

/** Puts a safetensors file together from a header (any JSON, or raw bytes) and data, with a correct length prefix. */
export function assembleSafetensors(header: unknown, data: Uint8Array): Uint8Array {
  const json = header instanceof Uint8Array ? header : new TextEncoder().encode(JSON.stringify(header));
  const bytes = new Uint8Array(8 + json.length + data.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(json.length), true);
  bytes.set(json, 8);
  bytes.set(data, 8 + json.length);
  return bytes;
}

/** The file with its header edited (the integrity CRC left as it was, so the edit is caught unless it is structural). */
export function withHeader(bytes: Uint8Array, edit: (header: SafetensorsLayout['header']) => void): Uint8Array {
  const { header, data } = safetensorsLayout(bytes);
  edit(header);
  return assembleSafetensors(header, data);
}

/**
 * The file with its header and data edited, and the integrity CRC recomputed: only the
 * meaning is wrong, which the checks after the CRC must catch.
 */
export function withConsistentEdit(bytes: Uint8Array, edit: (header: SafetensorsLayout['header'], data: DataView) => void): Uint8Array {
  const { header, data } = safetensorsLayout(bytes);
  edit(header, new DataView(data.buffer, data.byteOffset, data.byteLength));
  const entries: SafetensorsEntry[] = Object.entries(header)
    .filter(([name]) => name !== '__metadata__')
    .map(([name, value]) => {
      const entry = value as { dtype: string; shape: number[]; data_offsets: [number, number] };
      return { name, dtype: entry.dtype, shape: entry.shape, begin: entry.data_offsets[0], end: entry.data_offsets[1] };
    })
    .sort((a, b) => a.begin - b.begin);
  header.__metadata__ = { ...header.__metadata__, crc32: String(integrityCrc32(header.__metadata__, entries, data)) };
  return assembleSafetensors(header, data);
}
