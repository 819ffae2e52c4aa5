/**
 * The Vite plugin that makes the site out of its HTML shells: every page of
 * {@link SITE_PAGES} becomes a build entry; each shell's `<!-- ntm:page ID -->` marker is
 * replaced by the header, the sidebar and the page's content (rendered Markdown; for the API
 * page, the reference extracted from the packages' sources); each shipped checkpoint is
 * served at `checkpoints/<task>.ntm`, their list at `checkpoints/index.json`, and the reference
 * as `api-reference.json`.
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';
import { extractApiReference, type ApiReference } from './api-reference.js';
import { CHECKPOINT_LIST_URL_PATH, shippedCheckpoints, type ShippedCheckpoint } from './checkpoint-source.js';
import { escapeHtml } from './highlight.js';
import { pageFrame } from './layout.js';
import { renderMarkdown } from './markdown.js';
import { codeLinker, exportAnchors, renderApiReference } from './render-api.js';
import { APP_DIRECTORY, PACKAGES_DIRECTORY } from './repository.js';
import { SITE_PAGES, pageById, rootPrefix } from './site-pages.js';

const pageMarker = /<!--\s*ntm:page\s+([\w-]+)\s*-->/;

/** The memory-matrix mark of the header, as the tab's icon (inline, so no page requests a file for it). */
const favicon =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='3' fill='%2310243a'/%3E" +
  "%3Crect x='3' y='3' width='4' height='4' fill='%237fb6ef'/%3E%3Crect x='9' y='9' width='4' height='4' fill='%237fb6ef'/%3E%3C/svg%3E";

const includeMarker = /^<!--\s*ntm:include\s+(\S+)\s*-->$/gm;

/**
 * Replaces `<!-- ntm:include examples/file.ts -->` lines with the file as a code block, so the
 * guides show code that the tests compile and run (`test/examples.test.ts`).
 *
 * @example expandIncludes('<!-- ntm:include examples/tanh-rnn-controller.ts -->') // '```ts\nimport …\n```'
 */
export function expandIncludes(markdown: string): string {
  return markdown.replace(includeMarker, (_, path: string) => {
    const language = path.split('.').pop() ?? '';
    return '```' + language + '\n' + readFileSync(resolve(APP_DIRECTORY, path), 'utf8').trimEnd() + '\n```';
  });
}

function headTags(description: string): string {
  return [
    '<meta name="viewport" content="width=device-width, initial-scale=1" />',
    `<meta name="description" content="${escapeHtml(description.replace(/`/g, ''))}" />`,
    `<link rel="icon" href="${favicon}" />`,
  ].join('\n');
}

/**
 * The plugin; `vite.config.ts` adds it.
 * @example export default defineConfig({ plugins: [docsPlugin()] });
 */
export function docsPlugin(): Plugin {
  let reference: ApiReference | null = null;
  let config: ResolvedConfig | undefined;
  const apiReference = () => {
    reference ??= extractApiReference();
    return reference;
  };

  return {
    name: 'ntm-docs',
    config: () => ({
      build: {
        rollupOptions: { input: Object.fromEntries(SITE_PAGES.map((page) => [page.id, resolve(APP_DIRECTORY, page.path)])) },
      },
    }),
    configResolved(resolved) {
      config = resolved;
    },
    buildStart() {
      for (const page of SITE_PAGES) if (page.markdown) this.addWatchFile(resolve(APP_DIRECTORY, page.markdown));
    },
    handleHotUpdate({ file, server }) {
      // Guides and included examples are read by transformIndexHtml: reload the page when they change.
      if (file.startsWith(resolve(APP_DIRECTORY, 'content')) || file.startsWith(resolve(APP_DIRECTORY, 'examples'))) {
        server.ws.send({ type: 'full-reload' });
      }
    },
    transformIndexHtml: {
      order: 'pre',
      handler(html, context) {
        const shellPath = relative(APP_DIRECTORY, context.filename).split('\\').join('/');
        const marker = pageMarker.exec(html);
        if (!marker) throw new Error(`docs: ${shellPath} has no <!-- ntm:page ID --> marker`);
        const page = pageById(marker[1] as string);
        if (page.path !== shellPath) throw new Error(`docs: ${shellPath} names page ${page.id}, whose shell is ${page.path}`);
        const root = rootPrefix(page.path);
        const reference = apiReference();
        const linkCode = codeLinker(exportAnchors(reference), `${root}api.html`);
        const intro = page.markdown
          ? renderMarkdown(expandIncludes(readFileSync(resolve(APP_DIRECTORY, page.markdown), 'utf8')), { linkCode })
          : { html: '', headings: [] };
        let contentHtml = `<article class="prose">${intro.html}</article>`;
        let headings = intro.headings;
        if (page.id === 'api') {
          const api = renderApiReference(reference, `${root}guides/`);
          contentHtml += `<div class="api-reference" data-export-count="${api.exportCount}">${api.html}</div>`;
          headings = [...headings, ...api.headings];
        }
        const frame = pageFrame(page, { contentHtml, headings });
        return html
          .replace(/<title>[^<]*<\/title>/, `<title>${page.id === 'home' ? 'ntm: Neural Turing Machines in TypeScript' : `${page.title} · ntm`}</title>`)
          .replace('</head>', `${headTags(page.summary)}\n</head>`)
          .replace(pageMarker, () => frame.opening)
          .replace('</body>', () => `${frame.closing}</body>`);
      },
    },
    configureServer(server) {
      server.watcher.add(PACKAGES_DIRECTORY);
      server.watcher.on('change', (file) => {
        if (file.startsWith(PACKAGES_DIRECTORY) && file.endsWith('.ts')) reference = null;
      });
      server.middlewares.use((request, response, next) => {
        const path = (request.url ?? '').split('?')[0] ?? '';
        const served = (urlPath: string) => path === `${config?.base ?? '/'}${urlPath}` || path === `/${urlPath}`;
        const shipped = shippedCheckpoints();
        if (served(CHECKPOINT_LIST_URL_PATH)) {
          response.setHeader('Content-Type', 'application/json');
          response.end(checkpointList(shipped));
          return;
        }
        const checkpoint = shipped.find((item) => served(item.urlPath));
        if (checkpoint) {
          response.setHeader('Content-Type', 'application/octet-stream');
          response.end(readFileSync(checkpoint.path));
          return;
        }
        next();
      });
    },
    generateBundle() {
      const shipped = shippedCheckpoints();
      for (const checkpoint of shipped) this.emitFile({ type: 'asset', fileName: checkpoint.urlPath, source: readFileSync(checkpoint.path) });
      this.emitFile({ type: 'asset', fileName: CHECKPOINT_LIST_URL_PATH, source: checkpointList(shipped) });
      this.emitFile({ type: 'asset', fileName: 'api-reference.json', source: JSON.stringify(apiReference(), null, 1) });
      for (const checkpoint of shipped) {
        config?.logger.info(`docs: the demo serves ${relative(resolve(APP_DIRECTORY, '../..'), checkpoint.path)} as ${checkpoint.urlPath}`);
      }
    },
  };
}

/** The list the demo's task picker reads: each shipped task and where its checkpoint is served. */
function checkpointList(shipped: readonly ShippedCheckpoint[]): string {
  return JSON.stringify(shipped.map(({ task, urlPath }) => ({ task, urlPath })));
}
