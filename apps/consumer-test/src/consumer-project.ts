import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { startLocalRegistry } from './local-registry.js';
import { type PublishedPackage, type Release, releaseToRegistry } from './release-to-registry.js';
import { runProcess, type ProcessOutput } from './run-process.js';
import { userEnvironment } from './user-environment.js';
import { APP_DIRECTORY, WORKSPACE_ROOT } from './workspace-packages.js';

/**
 * The dependencies the user lists in their own package.json: `@tensorflow/tfjs-core`, a peer
 * dependency of `@ntm/backend-tfjs` (one tfjs engine per program, the user's), at the version
 * the workspace tests it with.
 *
 * @example userDependencies() // { '@tensorflow/tfjs-core': '4.22.0' }
 */
export function userDependencies(): Record<string, string> {
  const manifest = JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'packages/backend-tfjs/package.json'), 'utf8'));
  const version = manifest.devDependencies?.['@tensorflow/tfjs-core'];
  if (typeof version !== 'string') {
    throw new Error('expected packages/backend-tfjs/package.json to list @tensorflow/tfjs-core in devDependencies, the version the workspace tests with');
  }
  return { '@tensorflow/tfjs-core': version };
}

/**
 * What the user installs with `npm install`, by version, first what training needs (the
 * addressing package, the trainer and the default backend), then the rest the checks use (the
 * CLI, the conformance suite, …): every published package at the version just published.
 *
 * @example installSpecs([{ name: '@ntm/trainer', version: '0.2.0' }]) // ['@ntm/trainer@0.2.0']
 */
export function installSpecs(published: readonly PublishedPackage[]): string[] {
  const first = ['@ntm/addressing', '@ntm/trainer', '@ntm/backend-tfjs'];
  const rank = (name: string) => (first.includes(name) ? first.indexOf(name) : first.length);
  return [...published].sort((a, b) => rank(a.name) - rank(b.name)).map(({ name, version }) => `${name}@${version}`);
}

/** A fresh project outside the workspace with every published package installed by npm from a local registry. */
export interface ConsumerProject {
  readonly directory: string;
  /** What the project's own package.json listed before `npm install` added ours (see {@link userDependencies}). */
  readonly dependencies: Readonly<Record<string, string>>;
  /** The registry the release published to (stopped once the project is installed). */
  readonly registryUrl: string;
  /** Every package the release published, at its version. */
  readonly published: readonly PublishedPackage[];
  /** Seconds spent releasing (copy, `changeset version`, build, `changeset publish`) and installing. */
  readonly timings: { readonly release: Release['seconds']; readonly installSeconds: number };
  /** Runs `node <arguments>` in the project, with a user's environment. */
  node(nodeArguments: readonly string[], extraEnvironment?: Readonly<Record<string, string>>): Promise<ProcessOutput>;
  /** Runs `npx <arguments>` in the project. */
  npx(npxArguments: readonly string[]): Promise<ProcessOutput>;
  /** Deletes the project and the release's copy (unless NTM_KEEP_CONSUMER_PROJECT is set, for debugging). */
  remove(): void;
}

/**
 * Releases every package to a Verdaccio registry started for the purpose ({@link
 * releaseToRegistry}: `changeset version` and `changeset publish` on a copy of the repository),
 * makes a project in the system's temporary folder whose package.json lists only the user's own
 * tfjs-core ({@link userDependencies}), and there runs `npm install @ntm/addressing@<version>
 * @ntm/trainer@<version> …` as a user would, with a project `.npmrc` that sends `@ntm/*` to the
 * local registry (every other package, tfjs included, comes from the user's registry as usual).
 * Then stops the registry and copies the consumer programs of `fixtures/` beside the install.
 *
 * @example const project = await createConsumerProject(); await project.node(['train-copy.mjs']);
 */
export async function createConsumerProject(): Promise<ConsumerProject> {
  const temporary = mkdtempSync(join(tmpdir(), 'ntm-consumer-'));
  const remove = () => {
    if (!process.env['NTM_KEEP_CONSUMER_PROJECT']) rmSync(temporary, { recursive: true, force: true });
  };
  try {
    const registry = await startLocalRegistry(join(temporary, 'registry'));
    const directory = join(temporary, 'project');
    const dependencies = userDependencies();
    let release: Release;
    let installSeconds: number;
    try {
      release = await releaseToRegistry(registry, join(temporary, 'release'));
      mkdirSync(directory);
      writeFileSync(join(directory, 'package.json'), `${JSON.stringify({ name: 'ntm-consumer', private: true, type: 'module', dependencies }, null, 2)}\n`);
      // The scope's registry, as a company mirror would be set; and lockfile `resolved` URLs,
      // which a user's config may omit, so the test can see where each package came from.
      writeFileSync(join(directory, '.npmrc'), `@ntm:registry=${registry.url}\nomit-lockfile-registry-resolved=false\n`);
      const install = await runProcess('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...installSpecs(release.packages)], {
        cwd: directory,
        env: userEnvironment(),
        timeoutSeconds: 240,
      });
      installSeconds = install.seconds;
    } finally {
      await registry.stop();
    }

    const fixtures = join(APP_DIRECTORY, 'fixtures');
    for (const name of readdirSync(fixtures)) copyFileSync(join(fixtures, name), join(directory, basename(name)));

    const environment = (extra: Readonly<Record<string, string>> = {}) => userEnvironment(extra);
    return {
      directory,
      dependencies,
      registryUrl: registry.url,
      published: release.packages,
      timings: { release: release.seconds, installSeconds },
      node: (nodeArguments, extraEnvironment = {}) => runProcess(process.execPath, nodeArguments, { cwd: directory, env: environment(extraEnvironment) }),
      npx: (npxArguments) => runProcess('npx', [...npxArguments], { cwd: directory, env: environment() }),
      remove,
    };
  } catch (error) {
    remove();
    throw error;
  }
}
