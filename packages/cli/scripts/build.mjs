/**
 * Builds the `ntm` command as one ESM bundle, `dist/ntm.js`, with the tfjs WASM binaries
 * beside it.
 *
 * Why a bundle: tfjs-core's ESM files import without extensions, which plain Node cannot load
 * (TOOLCHAIN.md); esbuild resolves them. Workspace packages are bundled from their sources
 * (the `@ntm/source` condition), so the build needs no other package's `dist`.
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const outputFolder = join(packageRoot, 'dist');
const require = createRequire(join(packageRoot, 'package.json'));

rmSync(outputFolder, { recursive: true, force: true });
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
