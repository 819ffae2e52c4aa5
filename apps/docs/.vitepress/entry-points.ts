/**
 * The public entry points of the library: every `exports` subpath of every package under
 * `packages/` that has an `@ntm/source` condition (`@ntm/machine`, `@ntm/machine/node`,
 * `@ntm/backend-tfjs/register`, …). The API reference documents exactly these, and its tests
 * check them against what each file exports.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGES_DIRECTORY } from './repository.js';

/** One importable entry point of a package. */
export interface EntryPoint {
  /** What a program imports: `@ntm/machine` or `@ntm/machine/node`. */
  readonly specifier: string;
  /** The package's name, `@ntm/machine`. */
  readonly packageName: string;
  /** The entry's TypeScript source, absolute. */
  readonly file: string;
}

interface PackageJson {
  readonly name: string;
  readonly private?: boolean;
  readonly exports?: Record<string, Record<string, string> | string>;
}

/**
 * The entry points of one package directory: each `exports` subpath with an `@ntm/source`
 * condition, `.` first. A package with no such subpath (the command line) has none.
 *
 * @example packageEntryPoints('/…/packages/machine').map((entry) => entry.specifier) // ['@ntm/machine', '@ntm/machine/node']
 */
export function packageEntryPoints(packageDirectory: string): EntryPoint[] {
  const manifest = JSON.parse(readFileSync(join(packageDirectory, 'package.json'), 'utf8')) as PackageJson;
  return Object.entries(manifest.exports ?? {}).flatMap(([subpath, target]) => {
    const source = typeof target === 'object' ? target['@ntm/source'] : undefined;
    if (source === undefined) return [];
    const specifier = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.replace(/^\.\//, '')}`;
    return [{ specifier, packageName: manifest.name, file: join(packageDirectory, source) }];
  });
}

/**
 * Every entry point of every package, packages in name order.
 *
 * @example libraryEntryPoints().length // 17: fourteen packages, three of them with a sub-path
 */
export function libraryEntryPoints(packagesDirectory = PACKAGES_DIRECTORY): EntryPoint[] {
  return readdirSync(packagesDirectory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(packagesDirectory, entry.name, 'package.json')))
    .map((entry) => join(packagesDirectory, entry.name))
    .sort()
    .flatMap((directory) => packageEntryPoints(directory));
}
