import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { packPackages } from './pack-packages.js';
import { runProcess, type ProcessOutput } from './run-process.js';
import { userEnvironment } from './user-environment.js';
import { APP_DIRECTORY, publishablePackages } from './workspace-packages.js';

/** A fresh project outside the workspace with every packed package installed by npm. */
export interface ConsumerProject {
  readonly directory: string;
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
 * Packs every publishable package, makes an empty project in the system's temporary folder,
 * installs the tarballs there with plain `npm install` (third-party dependencies such as tfjs
 * come from the npm registry, ours only from the tarballs: no workspace links), and copies the
 * consumer programs of `fixtures/` beside them.
 *
 * @example const project = await createConsumerProject(); await project.node(['train-copy.mjs']);
 */
export async function createConsumerProject(): Promise<ConsumerProject> {
  const directory = mkdtempSync(join(tmpdir(), 'ntm-consumer-'));
  const packStarted = performance.now();
  const tarballs = await packPackages(publishablePackages(), join(directory, 'tarballs'));
  const packSeconds = (performance.now() - packStarted) / 1000;

  writeFileSync(join(directory, 'package.json'), `${JSON.stringify({ name: 'ntm-consumer', private: true, type: 'module' }, null, 2)}\n`);
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
    timings: { packSeconds, installSeconds: install.seconds },
    node: (nodeArguments, extraEnvironment = {}) => runProcess(process.execPath, nodeArguments, { cwd: directory, env: environment(extraEnvironment) }),
    npx: (npxArguments) => runProcess('npx', [...npxArguments], { cwd: directory, env: environment() }),
    remove: () => {
      if (!process.env['NTM_KEEP_CONSUMER_PROJECT']) rmSync(directory, { recursive: true, force: true });
    },
  };
}
