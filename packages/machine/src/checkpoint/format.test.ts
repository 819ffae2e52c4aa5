import { describe, expect, it } from 'vitest';
import { assembleRawCheckpoint, checkpointLayout, withData, withManifest } from '../__fixtures__/checkpoint-bytes.js';
import { crc32 } from './crc32.js';
import { CHECKPOINT_FORMAT_VERSION, CHECKPOINT_MAGIC, CheckpointError, decodeCheckpoint, encodeCheckpoint, type CheckpointContents } from './format.js';

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

  it('writes the documented layout: magic, version, manifest length and CRC, manifest, padding, data', () => {
    const bytes = encodeCheckpoint(contents);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe(CHECKPOINT_MAGIC);
    expect(view.getUint32(4, true)).toBe(CHECKPOINT_FORMAT_VERSION);
    const manifestLength = view.getUint32(8, true);
    expect(view.getUint32(12, true)).toBe(crc32(bytes.subarray(16, 16 + manifestLength)));
    const { manifest, data, dataStart } = checkpointLayout(bytes);
    expect(dataStart % 4).toBe(0);
    expect(bytes.subarray(16 + manifestLength, dataStart).every((byte) => byte === 0)).toBe(true);
    expect(manifest).toMatchObject({ format: 'ntm-checkpoint', version: 1, dataLength: 10, dataCrc32: crc32(data) });
    expect(manifest.tensors.map((tensor) => tensor.offset)).toEqual([0, 6, 7, 7]);
    expect(new DataView(data.buffer).getFloat32(2 * 4, true)).toBe(3.5); // parameters/a[0, 2], little-endian
    expect(bytes.length).toBe(dataStart + 10 * 4);
  });

  it('round-trips for every manifest length modulo 4 (the padding)', () => {
    for (const note of ['', 'a', 'ab', 'abc']) {
      const decoded = decodeCheckpoint(encodeCheckpoint({ ...contents, metadata: { note } }));
      expect(decoded.metadata).toEqual({ note });
      expect(Array.from(decoded.tensors[0]?.values ?? [])).toEqual(Array.from(contents.tensors[0]?.values ?? []));
    }
  });

  it('refuses to encode a tensor whose values do not fill its shape', () => {
    expect(() => encodeCheckpoint({ ...contents, tensors: [{ name: 'parameters/x', shape: [2, 2], values: new Float32Array(3) }] })).toThrow(
      /tensor parameters\/x: shape \[2, 2\] needs 4 values, got 3/,
    );
  });

  it('refuses to encode a non-finite value, so a good checkpoint is never replaced by one that cannot load', () => {
    const values = Float32Array.from([0, 1, Number.NaN]);
    expect(() => encodeCheckpoint({ ...contents, tensors: [{ name: 'parameters/w', shape: [3], values }] })).toThrow(CheckpointError);
    expect(() => encodeCheckpoint({ ...contents, tensors: [{ name: 'parameters/w', shape: [3], values }] })).toThrow(
      /tensor parameters\/w holds a non-finite value \(NaN\) at index 2/,
    );
    expect(() => encodeCheckpoint({ ...contents, tensors: [{ name: 'parameters/w', shape: [1], values: Float32Array.from([Infinity]) }] })).toThrow(
      /non-finite value \(Infinity\) at index 0/,
    );
  });

  it('refuses to encode two tensors with the same name', () => {
    const tensor = { name: 'parameters/w', shape: [1], values: new Float32Array(1) };
    expect(() => encodeCheckpoint({ ...contents, tensors: [tensor, tensor] })).toThrow(/tensor parameters\/w appears twice/);
  });
});

describe('decodeCheckpoint rejects damaged files with a CheckpointError saying what is wrong', () => {
  const good = encodeCheckpoint(contents);

  it('the fixture helpers rebuild a file that decodes (so each case below is damaged in one way only)', () => {
    expect(decodeCheckpoint(withManifest(good, () => {})).metadata).toEqual(contents.metadata);
    expect(decodeCheckpoint(withData(good, () => {})).tensors).toHaveLength(4);
  });

  it('an empty or tiny file', () => {
    expect(decodeError(new Uint8Array(0))).toMatch(/run\.ntm is 0 bytes long, too short to be a checkpoint \(header is 16 bytes\)/);
    expect(decodeError(good.subarray(0, 10))).toMatch(/10 bytes long, too short/);
  });

  it('a wrong magic', () => {
    const bytes = good.slice();
    bytes.set(new TextEncoder().encode('PK\u0003\u0004'), 0);
    expect(decodeError(bytes)).toMatch(/run\.ntm is not an ntm checkpoint: it starts with "PK\\u0003\\u0004", expected "NTMC"/);
  });

  it('a newer format version', () => {
    const bytes = good.slice();
    new DataView(bytes.buffer).setUint32(4, 2, true);
    expect(decodeError(bytes)).toMatch(/run\.ntm has format version 2; this version of @ntm\/machine reads version 1/);
  });

  it('truncated anywhere: in the manifest, in the padding, in the data, by one byte', () => {
    const { dataStart } = checkpointLayout(good);
    expect(decodeError(good.subarray(0, 40))).toMatch(/run\.ntm is truncated: its manifest needs \d+ bytes, only 24 follow the header/);
    expect(decodeError(good.subarray(0, dataStart + 5))).toMatch(
      new RegExp(`run\\.ntm is truncated: ${dataStart + 5} bytes, expected ${dataStart + 40} \\(10 float32 values after a ${dataStart}-byte header\\)`),
    );
    expect(decodeError(good.subarray(0, good.length - 1))).toMatch(/is truncated/);
    for (let length = 16; length < good.length; length += 7) expect(decodeError(good.subarray(0, length))).toMatch(/truncated|too short/);
  });

  it('bytes appended after the data', () => {
    const longer = new Uint8Array(good.length + 4);
    longer.set(good);
    expect(decodeError(longer)).toMatch(/run\.ntm is too long: \d+ bytes, expected \d+/);
  });

  it('a flipped byte in the data (CRC-32)', () => {
    const { dataStart } = checkpointLayout(good);
    for (const offset of [dataStart, dataStart + 13, good.length - 1]) {
      const bytes = good.slice();
      bytes[offset] = (bytes[offset] as number) ^ 0x10;
      expect(decodeError(bytes)).toMatch(/run\.ntm is corrupt: its data has CRC-32 \d+, the manifest says \d+/);
    }
  });

  it('a flipped byte in the manifest that still parses as JSON (the step count in the metadata)', () => {
    const bytes = good.slice();
    const manifestText = new TextDecoder().decode(bytes);
    const digit = manifestText.indexOf('1234');
    expect(digit).toBeGreaterThan(16);
    bytes[digit] = '9'.charCodeAt(0); // "step":9234: valid JSON, wrong value
    expect(decodeError(bytes)).toMatch(/run\.ntm is corrupt: its manifest has CRC-32 \d+, the header says \d+/);
  });

  it('a manifest that is not JSON, or not a checkpoint’s', () => {
    const encoder = new TextEncoder();
    expect(decodeError(assembleRawCheckpoint(encoder.encode('{oops'), new Uint8Array(0)))).toMatch(/run\.ntm has a corrupt manifest \(.*JSON/);
    expect(decodeError(assembleRawCheckpoint(Uint8Array.from([0x7b, 0xff, 0x7d]), new Uint8Array(0)))).toMatch(/run\.ntm has a corrupt manifest/);
    expect(decodeError(assembleRawCheckpoint(encoder.encode('null'), new Uint8Array(0)))).toMatch(/without the ntm-checkpoint fields/);
    expect(decodeError(withManifest(good, (manifest) => delete manifest['tensors']))).toMatch(
      /run\.ntm has a manifest without the ntm-checkpoint fields \(format, tensors, dataLength\)/,
    );
    expect(decodeError(withManifest(good, (manifest) => (manifest['format'] = 'something-else')))).toMatch(/without the ntm-checkpoint fields/);
  });

  it('a tensor whose shape, offset or length does not fit the data', () => {
    const edit = (change: (tensor: Record<string, unknown>) => void) =>
      withManifest(good, (manifest) => change((manifest['tensors'] as Record<string, unknown>[])[0] as Record<string, unknown>));
    expect(decodeError(edit((tensor) => (tensor['offset'] = 8)))).toMatch(
      /tensor parameters\/a has shape \[2,3\] at offset 8, outside the data or inconsistent/,
    );
    expect(decodeError(edit((tensor) => (tensor['shape'] = [3, 3])))).toMatch(/tensor parameters\/a has shape \[3,3\]/);
    expect(decodeError(edit((tensor) => (tensor['shape'] = [-2, -3])))).toMatch(/tensor parameters\/a has shape \[-2,-3\]/);
    expect(decodeError(edit((tensor) => (tensor['offset'] = -1)))).toMatch(/at offset -1, outside the data/);
    expect(decodeError(edit((tensor) => (tensor['offset'] = 0.5)))).toMatch(/at offset 0\.5/);
    expect(decodeError(edit((tensor) => (tensor['name'] = 'parameters/scalar')))).toMatch(
      /a tensor's name is "parameters\/scalar"; expected a string no other tensor has/,
    );
  });

  it('a NaN or an infinity in the data (with a CRC that matches it)', () => {
    const nan = withData(good, (data) => data.setFloat32(4 * 4, Number.NaN, true));
    expect(decodeError(nan)).toMatch(/run\.ntm: tensor parameters\/a holds a non-finite value \(NaN\) at index 4/);
    const infinity = withData(good, (data) => data.setFloat32(8 * 4, -Infinity, true));
    expect(decodeError(infinity)).toMatch(/tensor optimizer\/a\/velocity holds a non-finite value \(-Infinity\) at index 1/);
  });

  it('names the source it was given, "checkpoint" by default', () => {
    expect(() => decodeCheckpoint(new Uint8Array(3))).toThrow(/^checkpoint is 3 bytes long/);
  });
});
