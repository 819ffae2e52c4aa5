/**
 * The docs site: VitePress over `content/` (guides, the demo and training pages) and the API
 * reference that TypeDoc writes into `content/api/` before every build and dev start. Workspace
 * packages resolve to their sources through the `@ntm/source` export condition, as in the
 * tests, so the site needs no package build first.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { DefaultTheme, UserConfig, UserConfigFn } from 'vitepress';
import { API_SIDEBAR_FILE, generateApiReference } from './api-reference.js';
import { checkpointsPlugin } from './checkpoints-plugin.js';
import { GUIDES, INTERACTIVE_PAGES } from './site-pages.js';

/** The memory-matrix mark, as the tab's icon (inline, so no page requests a file for it). */
const FAVICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='3' fill='%2310243a'/%3E" +
  "%3Crect x='3' y='3' width='4' height='4' fill='%237fb6ef'/%3E%3Crect x='9' y='9' width='4' height='4' fill='%237fb6ef'/%3E%3C/svg%3E";

/** Where the site is served from: `/` locally; NTM_DOCS_BASE (`/ntm/`) for a host that serves it from a folder. */
const BASE = process.env['NTM_DOCS_BASE'] ?? '/';

/** The sidebar, the same on every page: guides, the interactive pages, then one entry per package entry point. */
function sidebar(): DefaultTheme.SidebarItem[] {
  // `vitepress preview` of a site built elsewhere has no generated pages: it needs no sidebar either.
  const apiPages = existsSync(API_SIDEBAR_FILE) ? (JSON.parse(readFileSync(API_SIDEBAR_FILE, 'utf8')) as DefaultTheme.SidebarItem[]) : [];
  return [
    { text: 'Guides', items: GUIDES.map(({ title, link }) => ({ text: title, link })) },
    { text: 'Try it', items: INTERACTIVE_PAGES.map(({ title, link }) => ({ text: title, link })) },
    { text: 'API reference', link: '/api/', collapsed: true, items: apiPages },
  ];
}

function siteConfig(): UserConfig<DefaultTheme.Config> {
  return {
    title: 'ntm',
    description: 'Neural Turing Machines in TypeScript: guides, the API reference, a live demo and in-browser training.',
    lang: 'en',
    base: BASE,
    srcDir: 'content',
    outDir: 'dist',
    cacheDir: '.vitepress/cache',
    head: [['link', { rel: 'icon', href: FAVICON }]],
    // Math is typeset at build time (MathJax to SVG), so pages need no math script.
    markdown: { math: true },
    themeConfig: {
      logo: { src: FAVICON, alt: '' },
      nav: [
        { text: 'Guides', link: GUIDES[0]?.link ?? '/', activeMatch: '^/guides/' },
        { text: 'API', link: '/api/', activeMatch: '^/api/' },
        { text: 'Demo', link: '/demo' },
        { text: 'Train', link: '/train' },
      ],
      sidebar: sidebar(),
      outline: [2, 3],
      // A search index of every page, the API reference's exports included (in place of the old filter box).
      search: { provider: 'local' },
    },
    vite: {
      plugins: [checkpointsPlugin()],
      resolve: { conditions: ['@ntm/source'] },
      ssr: { resolve: { conditions: ['@ntm/source'], externalConditions: ['@ntm/source'] } },
      // The worker's build names its assets as the pages' build does, so the tfjs .wasm files are written once.
      worker: { format: 'es', rollupOptions: { output: { assetFileNames: 'assets/[name].[hash].[ext]' } } },
      build: {
        target: 'es2022',
        // tfjs is large (≈ 1 MB minified, twice: the demo and the training worker); it is one
        // library, so splitting it would only add requests.
        chunkSizeWarningLimit: 2000,
        // Gzip sizes of every file cost seconds on 2 cores and are not needed to build the site.
        reportCompressedSize: false,
      },
    },
  };
}

/**
 * The config, as a function of the command: a build or the dev server first regenerates the API
 * reference from the sources; `vitepress preview` serves what was built and regenerates nothing.
 */
const config: UserConfigFn<DefaultTheme.Config> = async ({ command, mode }) => {
  if (command === 'build' || mode === 'development') await generateApiReference();
  return siteConfig();
};

export default config;
