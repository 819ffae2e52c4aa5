import { describe, expect, it } from 'vitest';
import { renderMarkdown, slugify } from './markdown.js';

describe('renderMarkdown', () => {
  it('renders display and inline math with KaTeX at build time', () => {
    const { html } = renderMarkdown('Gate $g_t \\in (0, 1)$:\n\n$$\nw^g_t = g_t w^c_t + (1 - g_t) w_{t-1} \\tag{7}\n$$\n');
    expect(html).toContain('<div class="equation"><span class="katex-display">');
    expect(html).toContain('<span class="katex">');
    expect(html).toContain('(7)'); // the equation number
    expect(html).not.toContain('$$');
    expect(html).not.toContain('$g_t');
  });

  it('leaves prices and code alone, and fails on broken math', () => {
    expect(renderMarkdown('costs $5 and $6').html).toContain('costs $5 and $6');
    expect(renderMarkdown('`a $b$ c`').html).toContain('<code>a $b$ c</code>');
    expect(() => renderMarkdown('$$\n\\frac{1}{\n$$')).toThrow(/KaTeX|parse/i);
  });

  it('gives headings unique ids and lists them for the table of contents', () => {
    const { html, headings } = renderMarkdown('# Title\n\n## Step one\n\n### Detail\n\n## Step one\n', { idPrefix: 'x-' });
    expect(headings).toEqual([
      { depth: 1, text: 'Title', id: 'x-title' },
      { depth: 2, text: 'Step one', id: 'x-step-one' },
      { depth: 3, text: 'Detail', id: 'x-detail' },
      { depth: 2, text: 'Step one', id: 'x-step-one-1' },
    ]);
    expect(html).toContain('<h2 id="x-step-one"><a class="heading-anchor" href="#x-step-one">Step one</a></h2>');
  });

  it('highlights fenced code and links code spans that name an export, but not inside a link', () => {
    const linkCode = (text: string) => (text === 'createBackend' ? 'api.html#ntm-backend.createBackend' : undefined);
    const { html } = renderMarkdown('Use `createBackend`, not `other`; see [`createBackend`](x.html).\n\n```ts\nconst a = 1;\n```', { linkCode });
    expect(html).toContain('<a class="code-link" href="api.html#ntm-backend.createBackend"><code>createBackend</code></a>');
    expect(html).toContain('<code>other</code>');
    expect(html).toContain('<a href="x.html"><code>createBackend</code></a>');
    expect(html).toContain(
      '<pre class="code" data-language="ts"><code><span class="tok-keyword">const</span> a = <span class="tok-number">1</span>;</code></pre>',
    );
  });
});

describe('slugify', () => {
  it('makes URL fragments from headings', () => {
    expect(slugify('The addressing pipeline, step by step')).toBe('the-addressing-pipeline-step-by-step');
    expect(slugify('1. Content addressing')).toBe('1-content-addressing');
    expect(slugify('<code>ntm train</code>')).toBe('ntm-train');
  });
});
