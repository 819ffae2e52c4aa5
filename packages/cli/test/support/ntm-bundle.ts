/**
 * The real `ntm` program for tests that run it as users do: the esbuild bundle, built once
 * per test file into a temporary folder (never into `dist`, so that it cannot race a real
 * build).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * A new folder for a test bundle, inside the package's `node_modules/.cache`: the bundle leaves
 * its native dependency (resvg) to Node's resolution, which finds it from there as it does
 * from `dist`, and not from the system's temporary folder.
 *
 * @example const folder = bundleFolder(); // …/packages/cli/node_modules/.cache/ntm-bundle-AbC123
 */
export function bundleFolder(): string {
  const cache = join(packageRoot, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  return mkdtempSync(join(cache, 'ntm-bundle-'));
}

/**
 * Builds the bundle and returns its path; throws with esbuild's output if it cannot.
 * @example const ntm = buildNtmBundle(); spawn(process.execPath, [ntm, 'sweep', 'spec.yaml']);
 */
export function buildNtmBundle(): string {
  const folder = bundleFolder();
  const build = spawnSync(process.execPath, [join(packageRoot, 'scripts', 'build.mjs'), folder], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`the ntm bundle could not be built: ${`${build.stderr}${build.stdout}`.trim() || `exit ${build.status}`}`);
  return join(folder, 'ntm.js');
}
