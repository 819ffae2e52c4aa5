import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

type BundleForNode = (options: { build: typeof build; root: string; entry: string; outputName: string; outputFolder: string }) => Promise<string>;

const packageRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Bundles `test-program.ts` (with the tfjs .wasm binaries beside it) into a fresh temporary
 * folder with the repository's shared Node bundle set-up, and returns the bundle's path: a
 * worker script Node can run, built from the sources under test.
 *
 * @example const script = await buildTestProgram(); // /tmp/ntm-trainer-workers-…/test-program.js
 */
export async function buildTestProgram(): Promise<string> {
  const shared = pathToFileURL(join(packageRoot, '../../scripts/bundle-for-node.mjs')).href;
  const { bundleForNode } = (await import(shared)) as { bundleForNode: BundleForNode };
  const outputFolder = mkdtempSync(join(tmpdir(), 'ntm-trainer-workers-'));
  await bundleForNode({ build, root: packageRoot, entry: 'src/node/__fixtures__/test-program.ts', outputName: 'test-program.js', outputFolder });
  return join(outputFolder, 'test-program.js');
}
