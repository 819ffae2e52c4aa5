/**
 * The Vite plugin that serves the repository's shipped checkpoints to the demo: each
 * `checkpoints/<task>.ntm` at the same path of the site, and their list at
 * `checkpoints/index.json` (the demo's task picker reads it). The dev server answers them from
 * the repository's files; a build copies them into the site.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';
import { CHECKPOINT_LIST_URL_PATH, type ShippedCheckpoint, shippedCheckpoints } from './checkpoint-source.js';
import { REPOSITORY_ROOT } from './repository.js';

/** The list the demo's task picker reads: each shipped task and where its checkpoint is served. */
function checkpointList(shipped: readonly ShippedCheckpoint[]): string {
  return JSON.stringify(shipped.map(({ task, urlPath }) => ({ task, urlPath })));
}

/**
 * The plugin; the site's config adds it to VitePress's Vite.
 * @example export default { vite: { plugins: [checkpointsPlugin()] } };
 */
export function checkpointsPlugin(): Plugin {
  let config: ResolvedConfig | undefined;
  return {
    name: 'ntm-docs-checkpoints',
    configResolved(resolved) {
      config = resolved;
    },
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const path = (request.url ?? '').split('?')[0] ?? '';
        const served = (urlPath: string) => path === `${config?.base ?? '/'}${urlPath}`;
        const shipped = shippedCheckpoints();
        if (served(CHECKPOINT_LIST_URL_PATH)) {
          response.setHeader('Content-Type', 'application/json');
          response.end(checkpointList(shipped));
          return;
        }
        const checkpoint = shipped.find((item) => served(item.urlPath));
        if (!checkpoint) return next();
        response.setHeader('Content-Type', 'application/octet-stream');
        response.end(readFileSync(checkpoint.path));
      });
    },
    generateBundle() {
      // VitePress builds twice, for the browser and for pre-rendering; only the browser's build is the site.
      if (config?.build.ssr) return;
      const shipped = shippedCheckpoints();
      for (const checkpoint of shipped) {
        this.emitFile({ type: 'asset', fileName: checkpoint.urlPath, source: readFileSync(checkpoint.path) });
        config?.logger.info(`docs: the demo serves ${relative(REPOSITORY_ROOT, checkpoint.path)} as ${checkpoint.urlPath}`);
      }
      this.emitFile({ type: 'asset', fileName: CHECKPOINT_LIST_URL_PATH, source: checkpointList(shipped) });
    },
  };
}
