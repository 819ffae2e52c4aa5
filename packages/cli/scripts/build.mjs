/**
 * Builds the `ntm` command as one ESM bundle, `dist/ntm.js`, with the tfjs WASM binaries
 * beside it (the shared set-up and why a bundle: `scripts/bundle-for-node.mjs` at the root).
 *
 * Usage: `node scripts/build.mjs [output folder]` (default `dist`; tests build elsewhere so
 * that they never race a real build).
 */
import { chmodSync, copyFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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
  // A native addon (a prebuilt binary per platform): installed as a dependency, not bundled.
  external: ['@resvg/resvg-js'],
});
chmodSync(join(folder, 'ntm.js'), 0o755);
// The figures' font (src/render-png.ts finds it beside the bundle), with its licence.
const fonts = join(dirname(createRequire(join(packageRoot, 'package.json')).resolve('dejavu-fonts-ttf/package.json')));
for (const file of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']) copyFileSync(join(fonts, 'ttf', file), join(folder, file));
copyFileSync(join(fonts, 'LICENSE'), join(folder, 'DejaVu-fonts-LICENSE'));
