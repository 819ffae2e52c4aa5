import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_DIRECTORY } from '../.vitepress/repository.js';
import { GUIDES, INTERACTIVE_PAGES } from '../.vitepress/site-pages.js';

// The sidebar lists the hand-written pages by hand: it must name each guide once, and only pages that exist.
describe('the sidebar’s pages', () => {
  it('lists every guide in content/guides/, and each page it lists exists', () => {
    const guides = readdirSync(resolve(CONTENT_DIRECTORY, 'guides'))
      .filter((file) => file.endsWith('.md'))
      .map((file) => `/guides/${file.slice(0, -'.md'.length)}`);
    expect(GUIDES.map((guide) => guide.link).sort()).toEqual(guides.sort());
    for (const page of [...GUIDES, ...INTERACTIVE_PAGES]) expect(existsSync(resolve(CONTENT_DIRECTORY, `.${page.link}.md`)), page.link).toBe(true);
  });
});
