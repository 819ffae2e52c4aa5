/**
 * Escapes text for HTML and SVG content and attributes.
 * @example escapeHtml('a < b') // 'a &lt; b'
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
