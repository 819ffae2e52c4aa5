import { escapeHtml } from './highlight.js';
import type { MarkdownHeading } from './markdown.js';
import { SITE_PAGES, rootPrefix, type SitePage } from './site-pages.js';

/** What goes around a page's own content. */
export interface PageFrame {
  /** Inserted where the shell's marker was: header, sidebar, and the start of `<main>` with the content. */
  readonly opening: string;
  /** Inserted before `</body>`: closes what `opening` opened. */
  readonly closing: string;
}

/** Options of {@link pageFrame}. */
export interface PageFrameOptions {
  /** The page's own HTML (rendered Markdown, the API reference). */
  readonly contentHtml: string;
  /** Shown as the page's table of contents in the sidebar (depth 2 and 3). */
  readonly headings: readonly MarkdownHeading[];
}

/**
 * The header, the navigation sidebar (every page, and this page's sections) and the content
 * of one page, with links relative to the page so the site works from any folder.
 *
 * @example
 * ```ts
 * const { opening, closing } = pageFrame(pageById('tasks'), { contentHtml, headings });
 * ```
 */
export function pageFrame(page: SitePage, options: PageFrameOptions): PageFrame {
  const root = rootPrefix(page.path);
  const link = (target: SitePage, label: string) =>
    `<a href="${root}${target.path}"${target.id === page.id ? ' aria-current="page"' : ''}>${escapeHtml(label)}</a>`;
  const pagesOf = (section: SitePage['section']) => SITE_PAGES.filter((candidate) => candidate.section === section);
  const headerLinks = [
    ...pagesOf('guide')
      .slice(0, 1)
      .map((first) => `<a href="${root}${first.path}"${page.section === 'guide' ? ' aria-current="true"' : ''}>Guides</a>`),
    ...pagesOf('reference').map((target) => link(target, 'API')),
    ...pagesOf('interactive').map((target) => link(target, target.id === 'demo' ? 'Demo' : 'Train')),
  ].join('');
  const toc = options.headings.filter((heading) => heading.depth === 2 || heading.depth === 3);
  const sidebar = [
    '<nav class="sidebar-section" aria-label="Guides"><h2>Guides</h2><ul>',
    ...pagesOf('guide').map((target) => `<li>${link(target, target.title)}</li>`),
    '</ul></nav>',
    '<nav class="sidebar-section" aria-label="Reference and interactive pages"><h2>Try and look up</h2><ul>',
    ...[...pagesOf('interactive'), ...pagesOf('reference')].map((target) => `<li>${link(target, target.title)}</li>`),
    '</ul></nav>',
    toc.length > 0
      ? `<nav class="sidebar-section page-toc" aria-label="On this page"><h2>On this page</h2><ul>${toc
          .map((heading) => `<li class="toc-depth-${heading.depth}"><a href="#${heading.id}">${escapeHtml(heading.text)}</a></li>`)
          .join('')}</ul></nav>`
      : '',
  ].join('');
  const opening = [
    '<header class="site-header">',
    `<a class="brand" href="${root}index.html"><span class="brand-mark" aria-hidden="true">▦</span> ntm</a>`,
    `<nav class="site-nav" aria-label="Site">${headerLinks}</nav>`,
    '</header>',
    `<div class="layout layout-${page.section}">`,
    `<aside class="sidebar">${sidebar}</aside>`,
    `<main class="content" id="content" data-page="${page.id}">`,
    options.contentHtml,
  ].join('\n');
  return { opening, closing: '</main>\n</div>\n' };
}
