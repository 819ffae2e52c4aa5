/**
 * The real `ntm` program for tests that run it as users do: the esbuild bundle, built once
 * per test file into a temporary folder (never into `dist`, so that it cannot race a real
 * build).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Builds the bundle and returns its path; throws with esbuild's output if it cannot.
 * @example const ntm = buildNtmBundle(); spawn(process.execPath, [ntm, 'sweep', 'spec.yaml']);
 */
export function buildNtmBundle(): string {
  const folder = mkdtempSync(join(tmpdir(), 'ntm-bundle-'));
  const build = spawnSync(process.execPath, [join(packageRoot, 'scripts', 'build.mjs'), folder], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`the ntm bundle could not be built: ${`${build.stderr}${build.stdout}`.trim() || `exit ${build.status}`}`);
  return join(folder, 'ntm.js');
}
