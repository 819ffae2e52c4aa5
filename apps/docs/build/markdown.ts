/**
 * Markdown to HTML for the guides and the API reference's JSDoc text: `marked` for Markdown,
 * KaTeX for `$…$` and `$$…$$` math (rendered at build time, so pages need no math script),
 * ids on headings, highlighted code, and code spans that name an export linked to its entry
 * in the API reference.
 */
import katex from 'katex';
import { Marked, type TokenizerAndRendererExtension, type Tokens } from 'marked';
import { escapeHtml, highlightCode } from './highlight.js';

/** A heading of a rendered page, for its table of contents. */
export interface MarkdownHeading {
  readonly depth: number;
  /** Plain text. */
  readonly text: string;
  readonly id: string;
}

/** What {@link renderMarkdown} returns. */
export interface RenderedMarkdown {
  readonly html: string;
  readonly headings: readonly MarkdownHeading[];
}

/** Options of {@link renderMarkdown}. */
export interface RenderMarkdownOptions {
  /** The link for a code span's text (an export's name), or undefined to leave it plain. */
  readonly linkCode?: (text: string) => string | undefined;
  /** Prefixed to heading ids, so that several rendered fragments on one page do not collide. */
  readonly idPrefix?: string;
}

/**
 * A URL fragment from a heading's text.
 * @example slugify('The addressing pipeline, step by step') // 'the-addressing-pipeline-step-by-step'
 */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/&[a-z]+;|&#\d+;/g, '')
    .replace(/[^\p{Letter}\p{Number}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

const mathBlock: TokenizerAndRendererExtension = {
  name: 'mathBlock',
  level: 'block',
  start: (source) => source.match(/^\$\$/m)?.index,
  tokenizer(source) {
    const match = /^\$\$([\s\S]+?)\$\$[^\S\n]*(?:\n+|$)/.exec(source);
    if (match) return { type: 'mathBlock', raw: match[0], text: (match[1] as string).trim() };
    return undefined;
  },
  renderer: (token) => `<div class="equation">${katex.renderToString(token['text'] as string, { displayMode: true, throwOnError: true })}</div>\n`,
};

const mathInline: TokenizerAndRendererExtension = {
  name: 'mathInline',
  level: 'inline',
  start: (source) => (source.indexOf('$') >= 0 ? source.indexOf('$') : undefined),
  tokenizer(source) {
    // `$x$` with no space inside the dollars and no digit after (so "$5 and $6" stays text).
    const match = /^\$(?!\s)((?:\\.|[^\\$\n])+?)(?<!\s)\$(?!\d)/.exec(source);
    if (match) return { type: 'mathInline', raw: match[0], text: match[1] as string };
    return undefined;
  },
  renderer: (token) => katex.renderToString(token['text'] as string, { displayMode: false, throwOnError: true }),
};

/**
 * Renders Markdown to HTML. Math errors throw (a broken equation fails the build instead of
 * shipping red text).
 *
 * @example
 * ```ts
 * const { html, headings } = renderMarkdown('## Content addressing\n\n$$w^c_t(i) = …$$');
 * ```
 */
export function renderMarkdown(source: string, options: RenderMarkdownOptions = {}): RenderedMarkdown {
  const headings: MarkdownHeading[] = [];
  const used = new Map<string, number>();
  const prefix = options.idPrefix ?? '';
  let insideLink = false;
  const marked = new Marked({
    gfm: true,
    extensions: [mathBlock, mathInline],
    renderer: {
      heading(this: { parser: { parseInline(tokens: Tokens.Generic[]): string } }, token: Tokens.Heading) {
        const inner = this.parser.parseInline(token.tokens);
        const text = inner
          .replace(/<[^>]*>/g, '')
          .replace(/&amp;/g, '&')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&#39;/g, "'")
          .replace(/&quot;/g, '"');
        const base = prefix + (slugify(text) || 'section');
        const count = used.get(base) ?? 0;
        used.set(base, count + 1);
        const id = count === 0 ? base : `${base}-${count}`;
        headings.push({ depth: token.depth, text, id });
        return `<h${token.depth} id="${id}"><a class="heading-anchor" href="#${id}">${inner}</a></h${token.depth}>\n`;
      },
      code(token: Tokens.Code) {
        const language = (token.lang ?? '').split(/\s/)[0];
        const label = language ? ` data-language="${escapeHtml(language)}"` : '';
        return `<pre class="code"${label}><code>${highlightCode(token.text.replace(/\n$/, ''), language)}</code></pre>\n`;
      },
      link(this: { parser: { parseInline(tokens: Tokens.Generic[]): string } }, token: Tokens.Link) {
        // Code spans inside a link must not become links of their own (no nested <a>).
        insideLink = true;
        const inner = this.parser.parseInline(token.tokens);
        insideLink = false;
        const title = token.title ? ` title="${escapeHtml(token.title)}"` : '';
        return `<a href="${escapeHtml(token.href)}"${title}>${inner}</a>`;
      },
      codespan(token: Tokens.Codespan) {
        const code = `<code>${escapeHtml(token.text)}</code>`;
        const href = insideLink ? undefined : options.linkCode?.(token.text);
        return href === undefined ? code : `<a class="code-link" href="${escapeHtml(href)}">${code}</a>`;
      },
    },
  });
  const html = marked.parse(source, { async: false }) as string;
  return { html, headings };
}
