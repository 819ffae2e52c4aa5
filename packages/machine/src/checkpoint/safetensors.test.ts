import { describe, expect, it } from 'vitest';
import { assembleSafetensors } from '../__fixtures__/safetensors-bytes.js';
import { decodeSafetensors, encodeSafetensors, SafetensorsError } from './safetensors.js';

function decodeError(bytes: Uint8Array): string {
  try {
    decodeSafetensors(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(SafetensorsError);
    return (error as Error).message;
  }
  throw new Error('decodeSafetensors accepted the bytes');
}

describe('the safetensors container', () => {
  it('pads the header with spaces so that the data starts at a multiple of 8, and reads it back', () => {
    for (const key of ['', 'k', 'key', 'longer key']) {
      const { bytes } = encodeSafetensors([{ name: 'w', shape: [2], values: Float32Array.of(1.5, -2) }], { [key]: 'v' });
      const length = Number(new DataView(bytes.buffer).getBigUint64(0, true));
      expect((8 + length) % 8).toBe(0);
      expect(
        new TextDecoder()
          .decode(bytes.subarray(8, 8 + length))
          .trimEnd()
          .endsWith('}'),
      ).toBe(true);
      const file = decodeSafetensors(bytes);
      expect(file.metadata).toEqual({ [key]: 'v' });
      expect(Array.from(file.tensors[0]?.values ?? [])).toEqual([1.5, -2]);
    }
  });

  it('reads the tensors in the order of their data, whatever the order of the header’s keys', () => {
    const data = new Uint8Array(8);
    new DataView(data.buffer).setFloat32(0, 1, true);
    new DataView(data.buffer).setFloat32(4, 2, true);
    const file = decodeSafetensors(
      assembleSafetensors({ b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] }, a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, data),
    );
    expect(file.tensors.map((tensor) => [tensor.name, tensor.values[0]])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('refuses headers that are not what the format says', () => {
    expect(decodeError(assembleSafetensors([], new Uint8Array(0)))).toBe('its header is not a JSON object');
    expect(decodeError(assembleSafetensors({ __metadata__: { step: 3 } }, new Uint8Array(0)))).toBe('its __metadata__.step is 3, not a string');
    expect(decodeError(assembleSafetensors({ w: { dtype: 'F32', shape: [0], data_offsets: [0, 0], extra: 1 } }, new Uint8Array(0)))).toBe(
      "tensor w's entry has unknown fields: extra",
    );
    expect(decodeError(assembleSafetensors({ w: { dtype: 'F32', shape: [1], data_offsets: [4, 0] } }, new Uint8Array(4)))).toBe(
      'tensor w has data_offsets [4,0]; expected [begin, end] with begin <= end',
    );
    expect(decodeError(assembleSafetensors(new TextEncoder().encode('{"w": '), new Uint8Array(0)))).toMatch(/^its header is not JSON/);
  });
});
