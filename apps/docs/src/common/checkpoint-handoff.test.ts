import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from './checkpoint-handoff.js';

describe('checkpoint hand-off encoding', () => {
  it('round-trips bytes through base64, large ones included', () => {
    expect(bytesToBase64(Uint8Array.from([1, 2, 255]))).toBe('AQL/');
    expect(Array.from(base64ToBytes('AQL/'))).toEqual([1, 2, 255]);
    const large = Uint8Array.from({ length: 100_003 }, (_, index) => (index * 7919) % 256);
    expect(base64ToBytes(bytesToBase64(large))).toEqual(large);
  });
});
