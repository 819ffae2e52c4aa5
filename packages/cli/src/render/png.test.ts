import { inflateSync } from 'node:zlib';
import { crc32 } from '@ntm/machine';
import { describe, expect, it } from 'vitest';
import { encodePng, PNG_SIGNATURE } from './png.js';

/** Splits a PNG into its chunks, checking each chunk's CRC-32. */
function chunks(bytes: Uint8Array): { type: string; data: Uint8Array }[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found: { type: string; data: Uint8Array }[] = [];
  for (let offset = 8; offset < bytes.length; ) {
    const length = view.getUint32(offset);
    const type = new TextDecoder().decode(bytes.subarray(offset + 4, offset + 8));
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    expect(view.getUint32(offset + 8 + length), `CRC of ${type}`).toBe(crc32(bytes.subarray(offset + 4, offset + 8 + length)));
    found.push({ type, data });
    offset += 12 + length;
  }
  return found;
}

describe('encodePng', () => {
  it('writes the signature, IHDR (8-bit RGBA), IDAT and IEND, each with a valid CRC', () => {
    const pixels = Uint8Array.from({ length: 3 * 2 * 4 }, (_, index) => (index * 37) % 256);
    const bytes = encodePng({ width: 3, height: 2, pixels });
    expect([...bytes.subarray(0, 8)]).toEqual([...PNG_SIGNATURE]);
    const parts = chunks(bytes);
    expect(parts.map((part) => part.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    const header = new DataView(parts[0]?.data.buffer as ArrayBuffer, parts[0]?.data.byteOffset);
    expect([header.getUint32(0), header.getUint32(4)]).toEqual([3, 2]);
    expect([...(parts[0]?.data.subarray(8) ?? [])]).toEqual([8, 6, 0, 0, 0]);
    // The scanlines inflate back to filter byte 0 + each row's pixels.
    const scanlines = inflateSync(parts[1]?.data as Uint8Array);
    expect([...scanlines]).toEqual([0, ...pixels.subarray(0, 12), 0, ...pixels.subarray(12)]);
  });

  it('refuses a pixel buffer of the wrong size', () => {
    expect(() => encodePng({ width: 2, height: 2, pixels: new Uint8Array(15) })).toThrow('encodePng: pixels must hold width · height · 4 = 16 bytes, got 15');
    expect(() => encodePng({ width: 0, height: 2, pixels: new Uint8Array(0) })).toThrow(RangeError);
  });
});
