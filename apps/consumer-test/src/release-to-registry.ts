import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalRegistry } from './local-registry.js';
import { pnpmOnPath } from './pnpm-on-path.js';
import { copyReleaseWorkspace } from './release-workspace.js';
import { runProcess } from './run-process.js';
import { userEnvironment } from './user-environment.js';
import { WORKSPACE_ROOT, publishablePackages } from './workspace-packages.js';

/** One package as the release published it. */
export interface PublishedPackage {
  readonly name: string;
  /** The version `changeset version` gave it (the workspace's own when no changeset names it). */
  readonly version: string;
}

/** What {@link releaseToRegistry} did, and how long each part took. */
export interface Release {
  readonly packages: readonly PublishedPackage[];
  readonly seconds: { readonly copy: number; readonly version: number; readonly build: number; readonly publish: number };
}

const secondsSince = (started: number) => (performance.now() - started) / 1000;

/**
 * The release of CONTRIBUTING.md, against `registry`, on a copy of the working tree in `folder`
 * (the repository is not modified): `changeset version`, the build, and `changeset publish`,
 * which publishes each package with `pnpm publish` (turning `workspace:^` into `^<version>`).
 *
 * The registry and token go into the copy's `.npmrc`, as CI's npm token would: pnpm 12 reads
 * its registry from `.npmrc` files and ignores the `npm_config_registry` that changesets sets
 * for it, while changesets' own check of what is already published (`npm info`) follows that
 * variable, so it is set too. The user's `~/.npmrc` is not read (`npm_config_userconfig`).
 *
 * Of the build, only the CLI is rebuilt: its bundle holds its version (`ntm --version`); the
 * libraries' `dist/` do not depend on it, so the workspace's build is published as it is.
 *
 * @example const release = await releaseToRegistry(registry, '/tmp/x/release'); // [{ name: '@ntm/addressing', version: '0.2.0' }, …]
 */
export async function releaseToRegistry(registry: LocalRegistry, folder: string): Promise<Release> {
  let started = performance.now();
  const workspace = join(folder, 'workspace');
  await copyReleaseWorkspace(workspace);
  const npmrc = join(workspace, '.npmrc');
  writeFileSync(npmrc, `registry=${registry.url}\n${registry.authLine}\n`);
  const bin = await pnpmOnPath(join(folder, 'bin'));
  const copy = secondsSince(started);

  const env = userEnvironment({ PATH: `${bin}:${process.env['PATH'] ?? ''}`, npm_config_registry: registry.url, npm_config_userconfig: npmrc });
  const changeset = join(WORKSPACE_ROOT, 'node_modules/@changesets/cli/bin.js');
  started = performance.now();
  await runProcess(process.execPath, [changeset, 'version'], { cwd: workspace, env });
  const version = secondsSince(started);

  started = performance.now();
  await runProcess(process.execPath, ['scripts/build.mjs'], { cwd: join(workspace, 'packages/cli'), env });
  const build = secondsSince(started);

  started = performance.now();
  // No git here: the copy is no repository, and tags belong to the real release.
  await runProcess(process.execPath, [changeset, 'publish', '--no-git-tag'], { cwd: workspace, env, timeoutSeconds: 240 });
  const publish = secondsSince(started);

  const packages = publishablePackages().map(({ name, directory }) => {
    const manifest = JSON.parse(readFileSync(join(workspace, directory.slice(WORKSPACE_ROOT.length), 'package.json'), 'utf8'));
    return { name, version: manifest.version as string };
  });
  return { packages, seconds: { copy, version, build, publish } };
}
