import { describe, expect, it } from 'vitest';
import { printable } from './printable.js';

describe('printable', () => {
  it('keeps ordinary text, and escapes control bytes, escape sequences and undecodable bytes', () => {
    expect(printable('not json: {"kind": 3} — ü €')).toBe('not json: {"kind": 3} — ü €');
    expect(printable('\u001b[31mred\u0007\r\n\t\u0000')).toBe('\\x1b[31mred\\x07\\x0d\\x0a\\x09\\x00');
    expect(printable(new TextDecoder().decode(Uint8Array.of(0x89, 0x50, 0x4e, 0x47)))).toBe('\\ufffdPNG');
    expect(printable('\u2028\u{1f600}')).toBe('\\u2028\u{1f600}');
  });

  it('cuts long text with an ellipsis', () => {
    expect(printable('abcdef', 3)).toBe('abc…');
    expect(printable('abc', 3)).toBe('abc');
  });
});
