import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_DIRECTORY, REPOSITORY_ROOT } from '../.vitepress/repository.js';
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

// The site's reproduction page repeats the report's summary for readers of the site; the report
// (docs/reproduction.md) is where the numbers are made, so the page's table must be its copy.
describe('the reproduction page', () => {
  /** The first table under `## Summary`: its lines, header included. */
  const summaryTable = (path: string): string[] => {
    const lines = readFileSync(path, 'utf8').split('\n');
    const after = lines.slice(lines.indexOf('## Summary') + 1);
    const start = after.findIndex((line) => line.startsWith('|'));
    const end = after.findIndex((line, index) => index > start && !line.startsWith('|'));
    return after.slice(start, end === -1 ? undefined : end);
  };
  it("shows the report's summary table as it is", () => {
    const report = summaryTable(resolve(REPOSITORY_ROOT, 'docs/reproduction.md'));
    expect(report.length).toBeGreaterThan(5);
    expect(summaryTable(resolve(CONTENT_DIRECTORY, 'guides/reproduction.md'))).toEqual(report);
  });
});
