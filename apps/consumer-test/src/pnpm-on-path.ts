import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { runProcess } from './run-process.js';
import { userEnvironment } from './user-environment.js';
import { WORKSPACE_ROOT } from './workspace-packages.js';

/**
 * Makes `folder/pnpm`, a link to the repository's pinned pnpm (the root `packageManager`), and
 * resolves with `folder`, to put first on a child's PATH. `changeset publish` runs `pnpm publish`
 * by that bare name, and this repository runs pnpm through `npx` rather than installing it. The
 * link goes to the binary itself, not to an `npx` wrapper: npx would look pnpm up on whatever
 * registry the child's environment names, which during a release is the local one.
 *
 * @example const bin = await pnpmOnPath('/tmp/x/bin'); // PATH: `${bin}:${process.env.PATH}`
 */
export async function pnpmOnPath(folder: string): Promise<string> {
  const { packageManager } = JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'package.json'), 'utf8')) as { packageManager?: string };
  if (!packageManager?.startsWith('pnpm@')) {
    throw new Error(`expected the root package.json's packageManager to name pnpm (pnpm@<version>), got ${JSON.stringify(packageManager)}`);
  }
  mkdirSync(folder, { recursive: true });
  const { stdout } = await runProcess('npx', ['-y', '-p', packageManager, '-c', 'command -v pnpm'], { cwd: folder, env: userEnvironment() });
  symlinkSync(stdout.trim(), join(folder, 'pnpm'));
  return folder;
}
