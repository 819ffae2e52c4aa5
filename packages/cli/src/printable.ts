/**
 * Text from a file or the system made safe to print on one terminal line: every character that
 * is not a letter, digit, punctuation, symbol or plain space (control bytes, escape sequences,
 * the replacement character of bytes that are not UTF-8) is written as an escape such as
 * `\x1b` or `\ufffd`, and the result is cut to `maxLength` characters with an ellipsis.
 * Why: a binary file named where a log was expected must not echo raw bytes (which can move the
 * cursor, change colours or ring the bell) into the one line of an error.
 *
 * @example
 * ```ts
 * printable('not json'); // 'not json'
 * printable('\x89PNG\r\n'); // the escapes \x89PNG\x0d\x0a, on one line
 * ```
 */
export function printable(text: string, maxLength = Number.POSITIVE_INFINITY): string {
  let shown = '';
  for (const character of text) {
    if (shown.length >= maxLength) return `${shown}…`;
    shown += /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(character) && character !== '\ufffd' ? character : escapeCharacter(character);
  }
  return shown;
}

function escapeCharacter(character: string): string {
  const code = character.codePointAt(0) as number;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\u{${code.toString(16)}}`;
}
