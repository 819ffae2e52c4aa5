import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { packPackages } from './pack-packages.js';
import { runProcess, type ProcessOutput } from './run-process.js';
import { userEnvironment } from './user-environment.js';
import { APP_DIRECTORY, WORKSPACE_ROOT, publishablePackages } from './workspace-packages.js';

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

/** A fresh project outside the workspace with every packed package installed by npm. */
export interface ConsumerProject {
  readonly directory: string;
  /** What the project's own package.json lists besides the tarballs (see {@link userDependencies}). */
  readonly dependencies: Readonly<Record<string, string>>;
  /** Seconds spent packing and installing. */
  readonly timings: { readonly packSeconds: number; readonly installSeconds: number };
  /** Runs `node <arguments>` in the project, with a user's environment. */
  node(nodeArguments: readonly string[], extraEnvironment?: Readonly<Record<string, string>>): Promise<ProcessOutput>;
  /** Runs `npx <arguments>` in the project. */
  npx(npxArguments: readonly string[]): Promise<ProcessOutput>;
  /** Deletes the project (unless NTM_KEEP_CONSUMER_PROJECT is set, for debugging). */
  remove(): void;
}

/**
 * Packs every publishable package, makes a project in the system's temporary folder whose
 * package.json lists only the user's own tfjs-core ({@link userDependencies}), installs it and
 * the tarballs there with plain `npm install` (third-party dependencies such as tfjs come from
 * the npm registry, ours only from the tarballs: no workspace links), and copies the consumer
 * programs of `fixtures/` beside them.
 *
 * @example const project = await createConsumerProject(); await project.node(['train-copy.mjs']);
 */
export async function createConsumerProject(): Promise<ConsumerProject> {
  const directory = mkdtempSync(join(tmpdir(), 'ntm-consumer-'));
  const packStarted = performance.now();
  const tarballs = await packPackages(publishablePackages(), join(directory, 'tarballs'));
  const packSeconds = (performance.now() - packStarted) / 1000;

  const dependencies = userDependencies();
  writeFileSync(join(directory, 'package.json'), `${JSON.stringify({ name: 'ntm-consumer', private: true, type: 'module', dependencies }, null, 2)}\n`);
  const install = await runProcess(
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs.map((tarball) => `./${relative(directory, tarball)}`)],
    { cwd: directory, env: userEnvironment(), timeoutSeconds: 240 },
  );

  const fixtures = join(APP_DIRECTORY, 'fixtures');
  for (const name of readdirSync(fixtures)) copyFileSync(join(fixtures, name), join(directory, basename(name)));

  const environment = (extra: Readonly<Record<string, string>> = {}) => userEnvironment(extra);
  return {
    directory,
    dependencies,
    timings: { packSeconds, installSeconds: install.seconds },
    node: (nodeArguments, extraEnvironment = {}) => runProcess(process.execPath, nodeArguments, { cwd: directory, env: environment(extraEnvironment) }),
    npx: (npxArguments) => runProcess('npx', [...npxArguments], { cwd: directory, env: environment() }),
    remove: () => {
      if (!process.env['NTM_KEEP_CONSUMER_PROJECT']) rmSync(directory, { recursive: true, force: true });
    },
  };
}
