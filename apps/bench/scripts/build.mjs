/**
 * Builds the benchmark as one ESM bundle, `dist/bench.js`, with the tfjs WASM binaries beside it.
 *
 * Why a bundle: tfjs-core's ESM files (and `register_all_gradients`, which the naive baseline
 * needs) import without extensions, which plain Node cannot load (TOOLCHAIN.md); esbuild
 * resolves them. Workspace packages are bundled from their sources (the `@ntm/source`
 * condition), so the bench measures the library as it is in the working tree, no build needed.
 *
 * Usage: `node scripts/build.mjs [output folder]` (default `dist`; the test builds elsewhere
 * so that it never races a real build).
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const outputFolder = process.argv[2] ? resolve(process.argv[2]) : join(appRoot, 'dist');
const require = createRequire(join(appRoot, 'package.json'));

// Only the default folder is emptied first: a folder named on the command line is the caller's.
if (!process.argv[2]) rmSync(outputFolder, { recursive: true, force: true });
mkdirSync(outputFolder, { recursive: true });

await build({
  entryPoints: [join(appRoot, 'src/main.ts')],
  outfile: join(outputFolder, 'bench.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // tfjs packages name a CommonJS Node build in `main` and their ESM tree in `module`; the deep
  // gradient imports are ESM, so `module` must win, or the bundle would hold two copies of
  // tfjs-core with two kernel registries (and the baseline and the library two engines).
  mainFields: ['module', 'main'],
  conditions: ['@ntm/source'],
  banner: {
    // tfjs's emscripten glue calls require('fs') and reads __dirname, which ESM lacks.
    js: [
      "import { createRequire as __benchCreateRequire } from 'module';",
      "import { fileURLToPath as __benchFileURLToPath } from 'url';",
      "import { dirname as __benchDirname } from 'path';",
      'const require = __benchCreateRequire(import.meta.url);',
      'const __filename = __benchFileURLToPath(import.meta.url);',
      'const __dirname = __benchDirname(__filename);',
    ].join('\n'),
  },
  logLevel: 'warning',
  legalComments: 'none',
});

// The WASM backend loads one of these at run time; `open-backend.ts` points it here.
const wasmFolder = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
for (const file of readdirSync(wasmFolder).filter((name) => name.endsWith('.wasm'))) {
  copyFileSync(join(wasmFolder, file), join(outputFolder, file));
}
