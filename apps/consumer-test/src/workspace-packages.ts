import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo root. */
export const WORKSPACE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** This app's folder. */
export const APP_DIRECTORY = resolve(WORKSPACE_ROOT, 'apps/consumer-test');

/** One package a user can install. */
export interface PublishablePackage {
  readonly name: string;
  readonly version: string;
  readonly directory: string;
}

/**
 * Every package under `packages/` that is not private: what `changeset publish` would publish.
 *
 * @example publishablePackages().map((entry) => entry.name) // ['@ntm/addressing', '@ntm/backend', …]
 */
export function publishablePackages(): PublishablePackage[] {
  const packagesFolder = join(WORKSPACE_ROOT, 'packages');
  return readdirSync(packagesFolder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(packagesFolder, entry.name))
    .map((directory) => ({ directory, manifest: JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ directory, manifest }) => ({ name: manifest.name as string, version: manifest.version as string, directory }));
}
