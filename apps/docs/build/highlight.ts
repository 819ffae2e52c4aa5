/**
 * A small syntax highlighter for the code on the site (TypeScript and shell), run at build
 * time so pages need no highlighting script. It only colours comments, strings, keywords and
 * numbers: enough to read examples, small enough to own.
 */

const typeScriptKeywords = new Set(
  (
    'abstract as async await break case catch class const continue declare default delete do else enum export extends ' +
    'false finally for from function get if implements import in instanceof interface keyof let new null of private ' +
    'protected public readonly return satisfies set static super switch this throw true try type typeof undefined var ' +
    'void while yield'
  ).split(' '),
);

/** Languages highlighted; anything else is shown as plain text. */
const typeScriptLike = new Set(['ts', 'typescript', 'js', 'javascript', 'tsx', 'json']);
const shellLike = new Set(['sh', 'shell', 'bash', 'console']);

/**
 * Escapes text for HTML element content and attribute values.
 * @example escapeHtml('a < b & "c"') // 'a &lt; b &amp; &quot;c&quot;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const typeScriptToken =
  /(\/\/[^\n]*|\/\*[\s\S]*?\*\/)|('(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`)|(\b\d[\d_]*(?:\.\d+)?(?:e[+-]?\d+)?\b)|([A-Za-z_$][\w$]*)/g;
const shellToken = /(#[^\n]*)|('[^'\n]*'|"(?:\\.|[^"\\\n])*")|(\s--?[A-Za-z][\w-]*)/g;

/**
 * Highlights code as HTML: spans with classes `tok-comment`, `tok-string`, `tok-number`,
 * `tok-keyword` (and `tok-flag` for shell options). The result is escaped and safe to insert.
 *
 * @example
 * ```ts
 * highlightCode('const x = 1; // one', 'ts');
 * // '<span class="tok-keyword">const</span> x = <span class="tok-number">1</span>; <span class="tok-comment">// one</span>'
 * ```
 */
export function highlightCode(code: string, language: string | undefined): string {
  const lang = (language ?? '').toLowerCase();
  if (typeScriptLike.has(lang)) {
    return replaceTokens(code, typeScriptToken, (match, groups) => {
      const [comment, string, number, word] = groups;
      if (comment !== undefined) return span('comment', match);
      if (string !== undefined) return span('string', match);
      if (number !== undefined) return span('number', match);
      if (word !== undefined && typeScriptKeywords.has(word)) return span('keyword', match);
      return escapeHtml(match);
    });
  }
  if (shellLike.has(lang)) {
    return replaceTokens(code, shellToken, (match, groups) => {
      const [comment, string, flag] = groups;
      if (comment !== undefined) return span('comment', match);
      if (string !== undefined) return span('string', match);
      if (flag !== undefined) return escapeHtml(match.slice(0, match.length - match.trimStart().length)) + span('flag', match.trimStart());
      return escapeHtml(match);
    });
  }
  return escapeHtml(code);
}

function span(kind: string, text: string): string {
  return `<span class="tok-${kind}">${escapeHtml(text)}</span>`;
}

/** Replaces every match of a global pattern through `render`, escaping the text between matches. */
function replaceTokens(code: string, pattern: RegExp, render: (match: string, groups: readonly (string | undefined)[]) => string): string {
  let html = '';
  let last = 0;
  for (const match of code.matchAll(pattern)) {
    const index = match.index ?? 0;
    html += escapeHtml(code.slice(last, index)) + render(match[0], match.slice(1));
    last = index + match[0].length;
  }
  return html + escapeHtml(code.slice(last));
}
