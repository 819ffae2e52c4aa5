import { defaultClientConditions, defaultServerConditions, defineConfig } from 'vite';
import { docsPlugin } from './build/docs-plugin.js';

/**
 * The docs site: a multi-page Vite build of plain TypeScript pages. Workspace packages resolve
 * to their sources through the `@ntm/source` export condition, as in the tests, so the site
 * needs no package build first.
 */
export default defineConfig({
  // Relative asset URLs: the built site works from any folder, not only a server's root.
  base: './',
  plugins: [docsPlugin()],
  resolve: { conditions: ['@ntm/source', ...defaultClientConditions] },
  // vitest runs the Node-side tests in SSR mode.
  ssr: { resolve: { conditions: ['@ntm/source', ...defaultServerConditions], externalConditions: ['@ntm/source'] } },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // tfjs is large (≈ 1 MB minified, twice: the pages and the training worker); it is one
    // library, so splitting it would only add requests.
    chunkSizeWarningLimit: 2000,
    // Gzip sizes of every file cost seconds on 2 cores and are not needed to build the site.
    reportCompressedSize: false,
  },
  preview: { port: 5173, strictPort: true },
});
