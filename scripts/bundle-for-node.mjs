/**
 * The esbuild set-up every Node program of this repository shares (the `ntm` command, the
 * benchmark): one ESM bundle with the tfjs WASM binaries beside it.
 *
 * Why a bundle: tfjs-core's ESM files (and `register_all_gradients`) import without extensions,
 * which plain Node cannot load (docs/toolchain.md); esbuild resolves them. Workspace packages are
 * bundled from their sources (the `@ntm/source` condition), so no other package's `dist` is needed.
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

/**
 * @param {object} options
 * @param {typeof import('esbuild').build} options.build esbuild's `build`, from the caller's own dependency
 * @param {string} options.root the package or app folder
 * @param {string} options.entry entry file, relative to `root`
 * @param {string} options.outputName bundle file name, e.g. `ntm.js`
 * @param {string | undefined} options.outputFolder a folder named on the command line, or undefined for `root/dist`
 * @param {boolean} [options.shebang] start the bundle with `#!/usr/bin/env node`
 * @param {Record<string, string>} [options.define] esbuild defines
 * @param {string[]} [options.external] packages left out of the bundle and loaded from node_modules (native addons)
 */
export async function bundleForNode({ build, root, entry, outputName, outputFolder, shebang = false, define = {}, external = [] }) {
  const folder = outputFolder ? resolve(outputFolder) : join(root, 'dist');
  // Only the default folder is emptied first: a folder named on the command line is the caller's.
  if (!outputFolder) rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  await build({
    entryPoints: [join(root, entry)],
    outfile: join(folder, outputName),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // tfjs packages name a CommonJS Node build in `main` and their ESM tree in `module`; the deep
    // gradient imports are ESM, so `module` must win, or the bundle would hold two copies of
    // tfjs-core with two kernel registries.
    mainFields: ['module', 'main'],
    conditions: ['@ntm/source'],
    define,
    external,
    banner: {
      // tfjs's emscripten glue calls require('fs') and reads __dirname, which ESM lacks.
      js: [
        ...(shebang ? ['#!/usr/bin/env node'] : []),
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
  // The WASM backend loads one of these at run time; the program points it at its own folder.
  const require = createRequire(join(root, 'package.json'));
  const wasmFolder = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  for (const file of readdirSync(wasmFolder).filter((name) => name.endsWith('.wasm'))) {
    copyFileSync(join(wasmFolder, file), join(folder, file));
  }
  return folder;
}
