/**
 * Builds the `ntm` command as one ESM bundle, `dist/ntm.js`, with the tfjs WASM binaries
 * beside it (the shared set-up and why a bundle: `scripts/bundle-for-node.mjs` at the root).
 *
 * Usage: `node scripts/build.mjs [output folder]` (default `dist`; tests build elsewhere so
 * that they never race a real build).
 */
import { chmodSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundleForNode } from '../../../scripts/bundle-for-node.mjs';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8'));

const folder = await bundleForNode({
  build,
  root: packageRoot,
  entry: 'src/main.ts',
  outputName: 'ntm.js',
  outputFolder: process.argv[2],
  shebang: true,
  define: { __NTM_CLI_VERSION__: JSON.stringify(version) },
});
chmodSync(join(folder, 'ntm.js'), 0o755);
