/**
 * Builds the benchmark as one ESM bundle, `dist/bench.js`, with the tfjs WASM binaries beside it
 * (the shared set-up and why a bundle: `scripts/bundle-for-node.mjs` at the root). Workspace
 * packages are bundled from their sources, so the bench measures the library as it is in the
 * working tree, no build needed.
 *
 * Usage: `node scripts/build.mjs [output folder]` (default `dist`; the test builds elsewhere
 * so that it never races a real build).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundleForNode } from '../../../scripts/bundle-for-node.mjs';

await bundleForNode({
  build,
  root: join(dirname(fileURLToPath(import.meta.url)), '..'),
  entry: 'src/main.ts',
  outputName: 'bench.js',
  outputFolder: process.argv[2],
});
