import { describe, expect, it } from 'vitest';
import { escapeHtml, highlightCode } from './highlight.js';

describe('highlightCode', () => {
  it('colours TypeScript keywords, strings, numbers and comments, escaping the rest', () => {
    expect(highlightCode("const x = 'a<b'; // one", 'ts')).toBe(
      '<span class="tok-keyword">const</span> x = <span class="tok-string">&#39;a&lt;b&#39;</span>; <span class="tok-comment">// one</span>',
    );
    expect(highlightCode('return 1e-8 * y;', 'typescript')).toBe('<span class="tok-keyword">return</span> <span class="tok-number">1e-8</span> * y;');
  });

  it('colours shell comments, strings and flags', () => {
    expect(highlightCode('ntm train copy --task-config \'{"bits":4}\' # small', 'sh')).toBe(
      'ntm train copy <span class="tok-flag">--task-config</span> <span class="tok-string">&#39;{&quot;bits&quot;:4}&#39;</span> <span class="tok-comment"># small</span>',
    );
  });

  it('only escapes other languages', () => {
    expect(highlightCode('a <b> & const', 'text')).toBe('a &lt;b&gt; &amp; const');
    expect(escapeHtml(`"'`)).toBe('&quot;&#39;');
  });
});
