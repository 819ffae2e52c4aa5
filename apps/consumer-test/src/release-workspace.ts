import { copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runProcess } from './run-process.js';
import { WORKSPACE_ROOT } from './workspace-packages.js';

/**
 * What a release reads from the repository: the root manifest and workspace list, the pending
 * changesets and their config, the packages, the root scripts and tsconfig the CLI's build
 * uses, and the lockfile, whose first document pins the pnpm of `packageManager` (without it,
 * pnpm 12 would look `pnpm` up on the registry it publishes to, the local one, and fail).
 */
const RELEASE_PATHS = ['package.json', 'pnpm-workspace.yaml', 'pnpm-lock.yaml', 'tsconfig.base.json', '.changeset', 'packages', 'scripts'];

/** Copies a package's `node_modules` links as they are: relative, so `@ntm/*` ones point into the copy. */
function copyModuleLinks(from: string, to: string): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    if (entry.isSymbolicLink()) {
      symlinkSync(readlinkSync(source), join(to, entry.name));
    } else if (entry.isDirectory() && entry.name.startsWith('@')) {
      mkdirSync(join(to, entry.name), { recursive: true });
      copyModuleLinks(source, join(to, entry.name));
    }
    // Anything else (.bin, vite's caches) is not read by a build or a publish.
  }
}

/**
 * Copies the working tree as a release sees it into `destination`, so that `changeset version`
 * can rewrite versions and changelogs there and the repository is left as it was: every file git
 * tracks or would track (not what it ignores: the Python venv, local caches) under
 * {@link RELEASE_PATHS}, each package's built `dist/`, and its `node_modules` links. The root
 * `node_modules` is a link to the workspace's, where the packages' relative links to pnpm's
 * store lead (changesets' changelog generator and esbuild resolve from there).
 *
 * @example await copyReleaseWorkspace('/tmp/ntm-consumer-x/release'); // then `changeset version` in it
 */
export async function copyReleaseWorkspace(destination: string): Promise<void> {
  const { stdout } = await runProcess('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...RELEASE_PATHS], {
    cwd: WORKSPACE_ROOT,
  });
  for (const file of stdout.split('\0').filter(Boolean)) {
    const source = join(WORKSPACE_ROOT, file);
    if (!existsSync(source)) continue; // tracked but deleted in the working tree
    mkdirSync(dirname(join(destination, file)), { recursive: true });
    copyFileSync(source, join(destination, file));
  }
  const packagesFolder = join(WORKSPACE_ROOT, 'packages');
  for (const name of readdirSync(packagesFolder)) {
    const dist = join(packagesFolder, name, 'dist');
    if (existsSync(dist)) cpSync(dist, join(destination, 'packages', name, 'dist'), { recursive: true });
    const modules = join(packagesFolder, name, 'node_modules');
    if (existsSync(modules) && lstatSync(modules).isDirectory()) {
      mkdirSync(join(destination, 'packages', name, 'node_modules'), { recursive: true });
      copyModuleLinks(modules, join(destination, 'packages', name, 'node_modules'));
    }
  }
  symlinkSync(join(WORKSPACE_ROOT, 'node_modules'), join(destination, 'node_modules'), 'dir');
}
