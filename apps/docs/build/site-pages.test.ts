import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandIncludes } from './docs-plugin.js';
import { pageFrame } from './layout.js';
import { APP_DIRECTORY } from './repository.js';
import { SITE_PAGES, pageById, rootPrefix } from './site-pages.js';

describe('the site pages', () => {
  it('each has its HTML shell naming it, and its Markdown', () => {
    for (const page of SITE_PAGES) {
      const shell = readFileSync(resolve(APP_DIRECTORY, page.path), 'utf8');
      expect(shell, page.path).toContain(`<!-- ntm:page ${page.id} -->`);
      expect(shell, page.path).toMatch(/<script type="module" src="\/src\/[\w/-]+\.ts"><\/script>/);
      if (page.markdown) expect(existsSync(resolve(APP_DIRECTORY, page.markdown)), page.markdown).toBe(true);
    }
    expect(new Set(SITE_PAGES.map((page) => page.id)).size).toBe(SITE_PAGES.length);
    expect(SITE_PAGES.filter((page) => page.section === 'guide').map((page) => page.id)).toEqual([
      'what-is-an-ntm',
      'tasks',
      'training-from-the-command-line',
      'sweeps',
      'reproduction',
      'backends',
      'extending',
      'packages',
    ]);
  });

  it('pageById names the ids it knows when it does not know one', () => {
    expect(pageById('demo').path).toBe('demo.html');
    expect(() => pageById('nope')).toThrow(/unknown page id "nope"; expected one of home, what-is-an-ntm/);
  });

  it('links relative to the page, so the site works from any folder', () => {
    expect(rootPrefix('index.html')).toBe('');
    expect(rootPrefix('guides/tasks.html')).toBe('../');
    const { opening, closing } = pageFrame(pageById('tasks'), { contentHtml: '<p>hi</p>', headings: [{ depth: 2, text: 'Copy', id: 'copy' }] });
    expect(opening).toContain('<a href="../api.html">API</a>');
    expect(opening).toContain('<a href="../guides/tasks.html" aria-current="page">The five tasks</a>');
    expect(opening).toContain('<a href="#copy">Copy</a>');
    expect(opening.endsWith('<p>hi</p>')).toBe(true);
    expect(closing).toBe('</main>\n</div>\n');
  });

  it('includes example files into the guides as code blocks', () => {
    const expanded = expandIncludes('Before\n<!-- ntm:include examples/tanh-rnn-controller.ts -->\nAfter');
    expect(expanded).toMatch(/^Before\n```ts\nimport \{ glorotUniform/);
    expect(expanded).toContain('export class TanhRnnController implements Controller');
    expect(expanded).toMatch(/\n```\nAfter$/);
    expect(readFileSync(resolve(APP_DIRECTORY, 'content/guides/extending.md'), 'utf8')).toContain('<!-- ntm:include examples/counting-backend.ts -->');
  });
});
