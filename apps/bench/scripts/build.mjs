/**
 * Builds the benchmark as one ESM bundle, `dist/bench.js`, with the tfjs WASM binaries beside it
 * (the shared set-up and why a bundle: `scripts/bundle-for-node.mjs` at the root). Workspace
 * packages are bundled from their sources, so the bench measures the library as it is in the
 * working tree, no build needed.
 *
 * The convergence benchmark is a sweep of the `ntm` command (`ntm sweep`), so the command's own
 * bundle is built beside it, into `ntm/`, from the working tree as well.
 *
 * Usage: `node scripts/build.mjs [output folder]` (default `dist`; the test builds elsewhere
 * so that it never races a real build).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundleForNode } from '../../../scripts/bundle-for-node.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const folder = await bundleForNode({
  build,
  root,
  entry: 'src/main.ts',
  outputName: 'bench.js',
  outputFolder: process.argv[2],
});
const cliRoot = dirname(createRequire(join(root, 'package.json')).resolve('@ntm/cli/package.json'));
const cli = spawnSync(process.execPath, [join(cliRoot, 'scripts', 'build.mjs'), resolve(folder, 'ntm')], { stdio: 'inherit' });
if (cli.status !== 0) {
  process.stderr.write(`the ntm command's bundle (for --mode converge) did not build: exit ${cli.status ?? cli.signal}\n`);
  process.exit(1);
}
