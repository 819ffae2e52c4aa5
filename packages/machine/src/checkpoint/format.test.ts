import { describe, expect, it } from 'vitest';
import { assembleSafetensors, safetensorsLayout, withConsistentEdit, withHeader } from '../__fixtures__/safetensors-bytes.js';
import { CheckpointError, type CheckpointContents } from './contents.js';
import { crc32 } from './crc32.js';
import { CHECKPOINT_FORMAT_VERSION, decodeCheckpoint, encodeCheckpoint } from './format.js';
import { encodeSafetensors } from './safetensors.js';

const contents: CheckpointContents = {
  model: { kind: 'lstm', inputSize: 3, outputSize: 2, layerSizes: [4] },
  tensors: [
    { name: 'parameters/a', shape: [2, 3], values: Float32Array.from([1, -2, 3.5, 0, 1e-30, -7e20]) },
    { name: 'parameters/scalar', shape: [], values: Float32Array.from([0.1]) },
    { name: 'parameters/empty', shape: [0, 4], values: new Float32Array(0) },
    { name: 'optimizer/a/velocity', shape: [3], values: Float32Array.from([Math.PI, -0, 2 ** -149]) },
  ],
  metadata: { step: 1234, random: [1, 2, 3, 4], note: 'ünïcode ✓' },
};

/** The CheckpointError `decodeCheckpoint` throws for some bytes (fails if it returns or throws another error). */
function decodeError(bytes: Uint8Array): string {
  try {
    decodeCheckpoint(bytes, 'run.ntm');
  } catch (error) {
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as Error).name).toBe('CheckpointError');
    return (error as Error).message;
  }
  throw new Error('decodeCheckpoint accepted the bytes');
}

describe('crc32', () => {
  it('gives the standard check values (IEEE 802.3, as zip and PNG)', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(new TextEncoder().encode('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
  });
});

describe('encodeCheckpoint / decodeCheckpoint', () => {
  it('round-trips names, shapes, every float32 bit, the model and the metadata', () => {
    const decoded = decodeCheckpoint(encodeCheckpoint(contents));
    expect(decoded.model).toEqual(contents.model);
    expect(decoded.metadata).toEqual(contents.metadata);
    expect(decoded.tensors.map(({ name, shape }) => ({ name, shape }))).toEqual(contents.tensors.map(({ name, shape }) => ({ name, shape })));
    decoded.tensors.forEach((tensor, index) => {
      const original = contents.tensors[index]?.values as Float32Array;
      // Bit patterns, so −0 and subnormals count too.
      expect(new Uint32Array(tensor.values.buffer, tensor.values.byteOffset, tensor.values.length)).toEqual(
        new Uint32Array(original.buffer, original.byteOffset, original.length),
      );
    });
  });

  it('writes a safetensors file: F32 tensors by name, back to back, and ntm’s metadata as strings', () => {
    const bytes = encodeCheckpoint(contents);
    const { header, data, dataStart } = safetensorsLayout(bytes);
    expect(dataStart % 8).toBe(0);
    expect(header['parameters/a']).toEqual({ dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] });
    expect(header['parameters/scalar']).toEqual({ dtype: 'F32', shape: [], data_offsets: [24, 28] });
    expect(header['parameters/empty']).toEqual({ dtype: 'F32', shape: [0, 4], data_offsets: [28, 28] });
    expect(header['optimizer/a/velocity']).toEqual({ dtype: 'F32', shape: [3], data_offsets: [28, 40] });
    expect(header.__metadata__).toEqual({
      format: 'ntm-checkpoint',
      format_version: String(CHECKPOINT_FORMAT_VERSION),
      model: JSON.stringify(contents.model),
      metadata: JSON.stringify(contents.metadata),
      crc32: expect.stringMatching(/^\d+$/),
    });
    expect(Object.values(header.__metadata__).every((value) => typeof value === 'string')).toBe(true);
    expect(new DataView(data.buffer).getFloat32(2 * 4, true)).toBe(3.5); // parameters/a[0, 2], little-endian
    expect(bytes.length).toBe(dataStart + 40);
  });

  it('round-trips for every header length modulo 8 (the padding)', () => {
    for (const note of ['', 'a', 'ab', 'abc', 'abcd', 'abcde', 'abcdef', 'abcdefg']) {
      const bytes = encodeCheckpoint({ ...contents, metadata: { note } });
      expect(safetensorsLayout(bytes).dataStart % 8).toBe(0);
      expect(decodeCheckpoint(bytes).metadata).toEqual({ note });
    }
  });

  it('refuses to encode a tensor whose values do not fill its shape, a non-finite value, or a name used twice', () => {
    expect(() => encodeCheckpoint({ ...contents, tensors: [{ name: 'parameters/x', shape: [2, 2], values: new Float32Array(3) }] })).toThrow(
      /tensor parameters\/x: shape \[2, 2\] needs 4 values, got 3/,
    );
    const values = Float32Array.from([0, 1, Number.NaN]);
    expect(() => encodeCheckpoint({ ...contents, tensors: [{ name: 'parameters/w', shape: [3], values }] })).toThrow(
      /tensor parameters\/w holds a non-finite value \(NaN\) at index 2/,
    );
    const tensor = { name: 'parameters/w', shape: [1], values: new Float32Array(1) };
    expect(() => encodeCheckpoint({ ...contents, tensors: [tensor, tensor] })).toThrow(/tensor parameters\/w appears twice/);
    expect(() => encodeCheckpoint({ ...contents, tensors: [{ ...tensor, name: '__metadata__' }] })).toThrow(/the name the format keeps for metadata/);
  });
});

describe('decodeCheckpoint rejects damaged files with a CheckpointError saying what is wrong', () => {
  const good = encodeCheckpoint(contents);

  it('the fixture helpers rebuild a file that decodes (so each case below is damaged in one way only)', () => {
    expect(decodeCheckpoint(withConsistentEdit(good, () => {})).metadata).toEqual(contents.metadata);
  });

  it('an empty, tiny or foreign file', () => {
    expect(decodeError(new Uint8Array(0))).toBe(
      'run.ntm is not a checkpoint: not a safetensors file (0 bytes is too short for a safetensors file (its header length alone is 8 bytes)), nor an older NTMC one',
    );
    expect(decodeError(new TextEncoder().encode('PK\u0003\u0004 a zip file'))).toMatch(
      /^run\.ntm is not a checkpoint: not a safetensors file \(its header length is \d+ bytes, more than/,
    );
  });

  it('truncated anywhere, by one byte, or with bytes appended', () => {
    expect(decodeError(good.subarray(0, good.length - 1))).toBe(
      'run.ntm is a damaged checkpoint: its tensors cover 40 bytes of data, but 39 bytes follow the header (the file is truncated)',
    );
    for (let length = 1; length < good.length; length += 7) {
      expect(decodeError(good.subarray(0, length))).toMatch(/^run\.ntm is (not a checkpoint: not a safetensors file|a damaged checkpoint: .*truncated)/);
    }
    const longer = new Uint8Array(good.length + 4);
    longer.set(good);
    expect(decodeError(longer)).toMatch(/\(the file is too long\)/);
  });

  it('a flipped byte in the data, or a flipped digit in the metadata that is still valid JSON (the CRC)', () => {
    const { dataStart } = safetensorsLayout(good);
    for (const offset of [dataStart, dataStart + 13, good.length - 1]) {
      const bytes = good.slice();
      bytes[offset] = (bytes[offset] as number) ^ 0x10;
      expect(decodeError(bytes)).toMatch(/^run\.ntm is corrupt: its tensors and metadata have CRC-32 \d+, the file says \d+$/);
    }
    const bytes = good.slice();
    const digit = new TextDecoder().decode(bytes).indexOf('1234');
    bytes[digit] = '9'.charCodeAt(0); // "step":9234: valid JSON, wrong value
    expect(decodeError(bytes)).toMatch(/^run\.ntm is corrupt/);
  });

  it('a safetensors file without ntm’s metadata, or of another version', () => {
    const plain = encodeSafetensors([{ name: 'w', shape: [1], values: Float32Array.of(1) }], {}).bytes;
    expect(decodeError(plain)).toBe(
      'run.ntm is a safetensors file without ntm’s metadata (format "ntm-checkpoint" and the model config in __metadata__), so its model is unknown'.replace(
        '’',
        "'",
      ),
    );
    expect(decodeError(withConsistentEdit(good, (header) => (header.__metadata__['format_version'] = '3')))).toBe(
      'run.ntm has format version "3"; this version of @ntm/machine reads version 2',
    );
  });

  it('metadata that is not JSON, with a CRC that matches it', () => {
    expect(
      decodeError(withConsistentEdit(good, (header) => (header.__metadata__['model'] = '{oops'))).match(/^run\.ntm: its model is not JSON/),
    ).not.toBeNull();
    expect(decodeError(withConsistentEdit(good, (header) => (header.__metadata__['metadata'] = '[1]')))).toBe('run.ntm: its metadata is not a JSON object');
  });

  it('a tensor table that does not tile the data, whatever the CRC says', () => {
    const edit = (change: (entry: { shape: number[]; data_offsets: number[]; dtype: string }) => void) =>
      withHeader(good, (header) => change(header['parameters/a'] as { shape: number[]; data_offsets: number[]; dtype: string }));
    expect(decodeError(edit((entry) => (entry.data_offsets = [4, 28])))).toMatch(/^run\.ntm is a damaged checkpoint: /);
    expect(decodeError(edit((entry) => (entry.data_offsets = [4, 28])))).toMatch(
      /tensor parameters\/a starts at byte 4 of the data, but the tensors before it end at 0: a gap or an overlap/,
    );
    expect(decodeError(edit((entry) => (entry.shape = [3, 3])))).toMatch(/tensor parameters\/a has shape \[3, 3\] of F32 \(9 values\) but 24 bytes of data/);
    expect(decodeError(edit((entry) => (entry.shape = [-2, -3])))).toMatch(/tensor parameters\/a has shape \[-2,-3\]; expected a list of sizes/);
    expect(decodeError(edit((entry) => (entry.dtype = 'I64')))).toMatch(/tensor parameters\/a has dtype "I64"; this reader takes F32 or F64/);
    expect(decodeError(withHeader(good, (header) => delete header['parameters/scalar']))).toMatch(
      /tensor parameters\/empty starts at byte 28 of the data, but the tensors before it end at 24: a gap or an overlap/,
    );
  });

  it('a NaN or an infinity in the data (with a CRC that matches it)', () => {
    const nan = withConsistentEdit(good, (_, data) => data.setFloat32(4 * 4, Number.NaN, true));
    expect(decodeError(nan)).toBe('run.ntm: tensor parameters/a holds a non-finite value (NaN) at index 4');
    const infinity = withConsistentEdit(good, (_, data) => data.setFloat32(8 * 4, -Infinity, true));
    expect(decodeError(infinity)).toBe('run.ntm: tensor optimizer/a/velocity holds a non-finite value (-Infinity) at index 1');
  });

  it('loads a file another tool wrote without the CRC (it is optional), and an F64 tensor as float32', () => {
    const { header, data } = safetensorsLayout(good);
    delete (header.__metadata__ as Record<string, string>)['crc32'];
    expect(decodeCheckpoint(assembleSafetensors(header, data)).metadata).toEqual(contents.metadata);
    const f64 = new Uint8Array(16);
    new DataView(f64.buffer).setFloat64(0, 0.1, true);
    new DataView(f64.buffer).setFloat64(8, -2, true);
    const decoded = decodeCheckpoint(
      assembleSafetensors(
        { __metadata__: { format: 'ntm-checkpoint', format_version: '2', model: '{}' }, 'parameters/w': { dtype: 'F64', shape: [2], data_offsets: [0, 16] } },
        f64,
      ),
    );
    expect(Array.from(decoded.tensors[0]?.values ?? [])).toEqual([Math.fround(0.1), -2]);
    expect(decoded.metadata).toEqual({});
  });

  it('names the source it was given, "checkpoint" by default', () => {
    expect(() => decodeCheckpoint(new Uint8Array(3))).toThrow(/^checkpoint is not a checkpoint/);
  });
});
