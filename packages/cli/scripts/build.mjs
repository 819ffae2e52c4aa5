/**
 * Builds the `ntm` command as one ESM bundle, `dist/ntm.js`, with the tfjs WASM binaries
 * beside it.
 *
 * Why a bundle: tfjs-core's ESM files import without extensions, which plain Node cannot load
 * (TOOLCHAIN.md); esbuild resolves them. Workspace packages are bundled from their sources
 * (the `@ntm/source` condition), so the build needs no other package's `dist`.
 *
 * Usage: `node scripts/build.mjs [output folder]` (default `dist`; tests build elsewhere so
 * that they never race a real build).
 */
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const outputFolder = process.argv[2] ? resolve(process.argv[2]) : join(packageRoot, 'dist');
const require = createRequire(join(packageRoot, 'package.json'));
const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8'));

// Only the default folder is emptied first: a folder named on the command line is the caller's.
if (!process.argv[2]) rmSync(outputFolder, { recursive: true, force: true });
mkdirSync(outputFolder, { recursive: true });

await build({
  entryPoints: [join(packageRoot, 'src/main.ts')],
  outfile: join(outputFolder, 'ntm.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // tfjs packages name a CommonJS Node build in `main` and their ESM tree in `module`; the
  // deep imports of @ntm/backend-tfjs (register_all_gradients) are ESM, so `module` must win,
  // or the bundle would hold two copies of tfjs-core with two kernel registries.
  mainFields: ['module', 'main'],
  conditions: ['@ntm/source'],
  define: { __NTM_CLI_VERSION__: JSON.stringify(version) },
  banner: {
    // tfjs's emscripten glue calls require('fs') and reads __dirname, which ESM lacks.
    js: [
      '#!/usr/bin/env node',
      "import { createRequire as __ntmCreateRequire } from 'module';",
      "import { fileURLToPath as __ntmFileURLToPath } from 'url';",
      "import { dirname as __ntmDirname } from 'path';",
      'const require = __ntmCreateRequire(import.meta.url);',
      'const __filename = __ntmFileURLToPath(import.meta.url);',
      'const __dirname = __ntmDirname(__filename);',
    ].join('\n'),
  },
  logLevel: 'warning',
  legalComments: 'none',
});

// The WASM backend loads one of these at run time; `wasm-location.ts` points it here.
const wasmFolder = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
for (const file of readdirSync(wasmFolder).filter((name) => name.endsWith('.wasm'))) {
  copyFileSync(join(wasmFolder, file), join(outputFolder, file));
}
chmodSync(join(outputFolder, 'ntm.js'), 0o755);
