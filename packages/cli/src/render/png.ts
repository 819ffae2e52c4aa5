import { deflateSync } from 'node:zlib';
import { crc32 } from '@ntm/machine';

/** An image as 8-bit RGBA pixels, row-major from the top-left corner: `width · height · 4` bytes. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
}

/**
 * The eight bytes every PNG file starts with.
 * @example const isPng = PNG_SIGNATURE.every((byte, index) => bytes[index] === byte);
 */
export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/**
 * Encodes an image as a PNG file (RFC 2083): the signature, an IHDR chunk (8-bit RGBA, no
 * interlace), one IDAT chunk holding the zlib-deflated scanlines, each prefixed with filter
 * type 0 (none), and IEND. Each chunk ends with the CRC-32 of its type and data.
 *
 * @example
 * ```ts
 * const red = { width: 1, height: 1, pixels: Uint8Array.of(255, 0, 0, 255) };
 * writeFileSync('red.png', encodePng(red));
 * ```
 */
export function encodePng(image: RgbaImage): Uint8Array {
  const { width, height, pixels } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`encodePng: width and height must be integers >= 1, got ${width} × ${height}`);
  }
  if (pixels.length !== width * height * 4) {
    throw new RangeError(`encodePng: pixels must hold width · height · 4 = ${width * height * 4} bytes, got ${pixels.length}`);
  }
  const header = new Uint8Array(13);
  const headerView = new DataView(header.buffer);
  headerView.setUint32(0, width);
  headerView.setUint32(4, height);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type 6 (RGBA), deflate, filter set 0, no interlace
  const rowBytes = width * 4;
  const scanlines = new Uint8Array((rowBytes + 1) * height);
  for (let row = 0; row < height; row++) {
    scanlines[row * (rowBytes + 1)] = 0; // filter: none
    scanlines.set(pixels.subarray(row * rowBytes, (row + 1) * rowBytes), row * (rowBytes + 1) + 1);
  }
  const chunks = [chunk('IHDR', header), chunk('IDAT', deflateSync(scanlines, { level: 9 })), chunk('IEND', new Uint8Array(0))];
  const file = new Uint8Array(PNG_SIGNATURE.length + chunks.reduce((total, part) => total + part.length, 0));
  file.set(PNG_SIGNATURE, 0);
  let offset = PNG_SIGNATURE.length;
  for (const part of chunks) {
    file.set(part, offset);
    offset += part.length;
  }
  return file;
}

/** length (4 bytes, big-endian) · type (4 ASCII bytes) · data · CRC-32 of type and data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(12 + data.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, data.length);
  bytes.set(new TextEncoder().encode(type), 4);
  bytes.set(data, 8);
  view.setUint32(8 + data.length, crc32(bytes.subarray(4, 8 + data.length)));
  return bytes;
}
