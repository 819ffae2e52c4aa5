/**
 * The safetensors container (the format of Hugging Face's `safetensors` library, read by
 * PyTorch, JAX, numpy and most model tools):
 *
 * ```text
 * offset  size  content
 * 0       8     header length N, uint64 little-endian
 * 8       N     header: UTF-8 JSON, padded with spaces so that the data starts at a multiple of 8
 *               { "__metadata__": { "<key>": "<string>", … },
 *                 "<tensor name>": { "dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end] }, … }
 * 8+N     …     data: every tensor's bytes, little-endian, back to back in the order of their offsets
 * ```
 * Offsets count bytes from the start of the data; together the tensors cover it exactly, with
 * no gap and no overlap. Metadata values are strings only. This module knows the container,
 * not what an ntm checkpoint puts in it (see `format.ts`).
 */

/** Element types this reader converts to float32 (the writer writes F32 only). */
const READABLE_DTYPES = { F32: 4, F64: 8 } as const;
type ReadableDtype = keyof typeof READABLE_DTYPES;

/** The largest header the reader accepts, as the reference implementation does (100 MB): a corrupt length is not an allocation. */
export const SAFETENSORS_MAX_HEADER_BYTES = 100_000_000;

/** One tensor of a safetensors file, as float32 values. */
export interface SafetensorsTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** A safetensors file's entry for one tensor: its type, shape and byte range in the data. */
export interface SafetensorsEntry {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly begin: number;
  readonly end: number;
}

/** A decoded safetensors file: its string metadata, its tensor table (in data order) and its tensors. */
export interface SafetensorsFile {
  readonly metadata: Readonly<Record<string, string>>;
  readonly entries: readonly SafetensorsEntry[];
  readonly tensors: readonly SafetensorsTensor[];
  /** The data section's bytes (a view into the file). */
  readonly data: Uint8Array;
}

/** Thrown for bytes that are not a valid safetensors file; the message says what is wrong (without the file's name). */
export class SafetensorsError extends Error {
  override readonly name = 'SafetensorsError';
  /** The header's metadata when the header itself was read (the damage is in the table or the data), else null. */
  readonly metadata: Readonly<Record<string, string>> | null;
  constructor(message: string, metadata: Readonly<Record<string, string>> | null = null) {
    super(message);
    this.metadata = metadata;
  }
}

/**
 * Lays tensors out as a safetensors file: the table in the given order, float32 little-endian.
 * `metadata` is the strings of `__metadata__`, or a function of the laid-out table and data that
 * gives them (for an integrity check). Returns the file's bytes, its entries and its data.
 *
 * @example
 * ```ts
 * const { bytes } = encodeSafetensors([{ name: 'w', shape: [2], values: Float32Array.of(1, 2) }], { note: 'x' });
 * ```
 */
export function encodeSafetensors(
  tensors: readonly SafetensorsTensor[],
  metadata: Readonly<Record<string, string>> | ((entries: readonly SafetensorsEntry[], data: Uint8Array) => Readonly<Record<string, string>>),
): { readonly bytes: Uint8Array; readonly entries: SafetensorsEntry[]; readonly data: Uint8Array } {
  let offset = 0;
  const entries = tensors.map((tensor) => {
    const entry = { name: tensor.name, dtype: 'F32', shape: [...tensor.shape], begin: offset, end: offset + 4 * tensor.values.length };
    offset = entry.end;
    return entry;
  });
  const data = new Uint8Array(offset);
  const view = new DataView(data.buffer);
  tensors.forEach((tensor, index) => {
    const begin = (entries[index] as SafetensorsEntry).begin;
    for (let i = 0; i < tensor.values.length; i++) view.setFloat32(begin + 4 * i, tensor.values[i] as number, true);
  });
  // Metadata may depend on the layout (an integrity check over the table and the data).
  const header: Record<string, unknown> = { __metadata__: typeof metadata === 'function' ? metadata(entries, data) : metadata };
  for (const entry of entries) header[entry.name] = { dtype: entry.dtype, shape: entry.shape, data_offsets: [entry.begin, entry.end] };
  const json = new TextEncoder().encode(JSON.stringify(header));
  // Spaces after the JSON, as the reference writer pads, so that the data is 8-byte aligned.
  const headerLength = json.length + ((8 - ((8 + json.length) % 8)) % 8);
  const bytes = new Uint8Array(8 + headerLength + data.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(headerLength), true);
  bytes.fill(0x20, 8, 8 + headerLength);
  bytes.set(json, 8);
  bytes.set(data, 8 + headerLength);
  return { bytes, entries, data };
}

/**
 * Reads a safetensors file, checking what the reference implementation checks: the header's
 * length, that it is a JSON object of string metadata and tensor entries, each entry's type and
 * shape against its byte range, and that the ranges tile the data exactly. F64 tensors are
 * read as float32.
 *
 * @example const { metadata, tensors } = decodeSafetensors(bytes);
 */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsFile {
  if (bytes.length < 8) throw new SafetensorsError(`${bytes.length} bytes is too short for a safetensors file (its header length alone is 8 bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = view.getBigUint64(0, true);
  if (declared > BigInt(Math.min(SAFETENSORS_MAX_HEADER_BYTES, bytes.length - 8))) {
    throw new SafetensorsError(`its header length is ${declared} bytes, more than the ${bytes.length - 8} bytes that follow (or the 100 MB limit)`);
  }
  const headerLength = Number(declared);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch (error) {
    throw new SafetensorsError(`its header is not JSON (${(error as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw new SafetensorsError('its header is not a JSON object');
  const data = bytes.subarray(8 + headerLength);
  const metadata = readMetadata((header as Record<string, unknown>)['__metadata__']);
  const withMetadata = (error: unknown) => (error instanceof SafetensorsError ? new SafetensorsError(error.message, metadata) : error);
  let entries: SafetensorsEntry[];
  try {
    entries = Object.entries(header as Record<string, unknown>)
      .filter(([name]) => name !== '__metadata__')
      .map(([name, value]) => readEntry(name, value))
      .sort((a, b) => a.begin - b.begin || a.end - b.end);
  } catch (error) {
    throw withMetadata(error);
  }
  let covered = 0;
  for (const entry of entries) {
    if (entry.begin !== covered) {
      throw new SafetensorsError(
        `tensor ${entry.name} starts at byte ${entry.begin} of the data, but the tensors before it end at ${covered}: a gap or an overlap`,
        metadata,
      );
    }
    covered = entry.end;
  }
  if (covered !== data.length) {
    throw new SafetensorsError(
      `its tensors cover ${covered} bytes of data, but ${data.length} bytes follow the header (the file is ${covered > data.length ? 'truncated' : 'too long'})`,
      metadata,
    );
  }
  const dataView = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const tensors = entries.map((entry) => {
    const size = READABLE_DTYPES[entry.dtype as ReadableDtype];
    const values = new Float32Array((entry.end - entry.begin) / size);
    for (let i = 0; i < values.length; i++) {
      const at = entry.begin + size * i;
      values[i] = size === 4 ? dataView.getFloat32(at, true) : dataView.getFloat64(at, true);
    }
    return { name: entry.name, shape: entry.shape, values };
  });
  return { metadata, entries, tensors, data };
}

function readMetadata(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new SafetensorsError('its __metadata__ is not an object of strings');
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') throw new SafetensorsError(`its __metadata__.${key} is ${JSON.stringify(item)?.slice(0, 40)}, not a string`);
  }
  return value as Record<string, string>;
}

function readEntry(name: string, value: unknown): SafetensorsEntry {
  const entry = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown } | null;
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw new SafetensorsError(`tensor ${name}'s entry is not an object`);
  const unknownFields = Object.keys(entry).filter((key) => key !== 'dtype' && key !== 'shape' && key !== 'data_offsets');
  if (unknownFields.length > 0) throw new SafetensorsError(`tensor ${name}'s entry has unknown fields: ${unknownFields.join(', ')}`);
  const { dtype, shape, data_offsets: offsets } = entry;
  if (typeof dtype !== 'string' || !Object.hasOwn(READABLE_DTYPES, dtype)) {
    throw new SafetensorsError(`tensor ${name} has dtype ${JSON.stringify(dtype)}; this reader takes ${Object.keys(READABLE_DTYPES).join(' or ')}`);
  }
  if (!Array.isArray(shape) || !shape.every(isCount)) throw new SafetensorsError(`tensor ${name} has shape ${JSON.stringify(shape)}; expected a list of sizes`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount) || (offsets[0] as number) > (offsets[1] as number)) {
    throw new SafetensorsError(`tensor ${name} has data_offsets ${JSON.stringify(offsets)}; expected [begin, end] with begin <= end`);
  }
  const elements = shape.reduce((product: number, size: number) => product * size, 1);
  const [begin, end] = offsets as [number, number];
  if (end - begin !== elements * READABLE_DTYPES[dtype as ReadableDtype]) {
    throw new SafetensorsError(`tensor ${name} has shape [${shape.join(', ')}] of ${dtype} (${elements} values) but ${end - begin} bytes of data`);
  }
  return { name, dtype, shape: shape as number[], begin, end };
}

/** A non-negative integer: a size or an offset. */
function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
