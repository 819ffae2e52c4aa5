/**
 * The packages as a user gets them, through the release flow: `changeset version` and
 * `changeset publish` on a copy of the repository, to a Verdaccio registry this test starts on a
 * loopback port; then `npm install @ntm/addressing@<version> @ntm/trainer@<version> …` from that
 * registry into a fresh project in the system's temporary folder (no workspace, no links, no
 * tarball paths), and the programs of `fixtures/` run there:
 *
 * 1. `@ntm/addressing` alone, with a tiny backend written by the "user", loads no tfjs module;
 * 2. the full stack trains the copy task in plain Node on the default backend (tfjs-wasm),
 *    with one tfjs engine and tfjs's gradients registered; and `@ntm/backend-tfjs` runs on the
 *    `@tensorflow/tfjs-core` the user listed in their own package.json (its peer dependency):
 *    one copy installed, one engine that counts the user's tensors and the backend's alike;
 * 3. a browser entry (default backend + machine + tasks) bundles with esbuild for the
 *    browser, runs a forward step in Chromium, and its size goes to `results/bundle-size.json`;
 * 4. the installed types compile for a TypeScript user, as does each package README's example;
 * 5. `npx ntm` runs from the installed `@ntm/cli`.
 */
import { lstatSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BundleSize, bundleBrowserEntry } from '../src/bundle-browser-entry.js';
import { type ConsumerProject, createConsumerProject } from '../src/consumer-project.js';
import { lastJsonLine } from '../src/run-process.js';
import { writeReadmeExamples } from '../src/readme-examples.js';
import { runForwardStepInChromium } from '../src/run-in-chromium.js';
import { APP_DIRECTORY, WORKSPACE_ROOT, publishablePackages } from '../src/workspace-packages.js';

let project: ConsumerProject;
const started = performance.now();

beforeAll(async () => {
  project = await createConsumerProject();
  const { release, installSeconds } = project.timings;
  console.log(
    `consumer project ${project.directory}: released ${project.published.length} packages to ${project.registryUrl} ` +
      `(copy ${release.copy.toFixed(1)} s, changeset version ${release.version.toFixed(1)} s, CLI build ${release.build.toFixed(1)} s, ` +
      `changeset publish ${release.publish.toFixed(1)} s), npm install took ${installSeconds.toFixed(1)} s`,
  );
});

afterAll(() => {
  project?.remove();
  console.log(`consumer test: ${((performance.now() - started) / 1000).toFixed(1)} s in all`);
});

/** Runs a program with the module recorder; resolves with its JSON and every module URL resolved. */
async function runRecorded<Result>(program: string): Promise<{ result: Result; moduleUrls: string[] }> {
  const logFile = join(project.directory, `${program}.modules.log`);
  const { stdout } = await project.node(['--import', './record-modules.mjs', program], { NTM_MODULE_LOG: logFile });
  const moduleUrls = readFileSync(logFile, 'utf8').trim().split('\n');
  return { result: lastJsonLine<Result>(stdout), moduleUrls };
}

describe('the released packages installed with npm from the registry', () => {
  it('publishes every package and installs each by version from the local registry, with workspace ranges turned into versions', () => {
    const readManifest = (path: string) => JSON.parse(readFileSync(join(project.directory, path), 'utf8'));
    const versionOf = (name: string) => project.published.find((entry) => entry.name === name)?.version;
    expect(project.published.map((entry) => entry.name).sort()).toEqual(
      publishablePackages()
        .map((entry) => entry.name)
        .sort(),
    );
    const installed = readdirSync(join(project.directory, 'node_modules/@ntm')).sort();
    expect(installed).toEqual(project.published.map((entry) => entry.name.replace('@ntm/', '')).sort());
    // Each at the version the release gave it, listed by version in the user's package.json.
    const userManifest = readManifest('package.json');
    for (const { name, version } of project.published) {
      expect(lstatSync(join(project.directory, 'node_modules', name)).isSymbolicLink()).toBe(false);
      expect(readManifest(`node_modules/${name}/package.json`).version).toBe(version);
      expect([version, `^${version}`]).toContain(userManifest.dependencies[name]); // as npm saved it (save-exact or not)
    }
    // From the registry's tarballs, no file: or link: resolution.
    const locked = readManifest('package-lock.json').packages as Record<string, { resolved?: string; link?: boolean }>;
    const ours = Object.entries(locked).filter(([path]) => /node_modules\/@ntm\//.test(path));
    expect(ours.length).toBeGreaterThanOrEqual(project.published.length);
    for (const [path, entry] of ours) {
      const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
      expect(entry.resolved).toBe(`${project.registryUrl}${name}/-/${name.replace('@ntm/', '')}-${versionOf(name)}.tgz`);
    }
    const manifest = readManifest('node_modules/@ntm/trainer/package.json');
    expect(JSON.stringify(manifest.dependencies)).not.toContain('workspace:');
    expect(manifest.dependencies['@ntm/machine']).toBe(`^${versionOf('@ntm/machine')}`);
  });

  it("(1) @ntm/addressing with a backend of the user's own loads no tfjs module", async () => {
    const { result, moduleUrls } = await runRecorded<{
      weightingShape: number[];
      weighting: number[];
      expected: number[];
      read: number[];
      commonJsModules: string[];
    }>('addressing-only.mjs');
    // The recorder saw the imports, so an import of tfjs would have been seen too.
    expect(moduleUrls.some((url) => url.endsWith('/node_modules/@ntm/addressing/dist/index.js'))).toBe(true);
    expect(moduleUrls.some((url) => url.endsWith('/node_modules/@ntm/backend/dist/index.js'))).toBe(true);
    expect(moduleUrls.filter((url) => url.includes('@tensorflow'))).toEqual([]);
    expect(result.commonJsModules.filter((file) => file.includes('@tensorflow'))).toEqual([]);
    // And the math ran on the user's backend: eqs. 5–6 by hand.
    expect(result.weightingShape).toEqual([1, 1, 4]);
    result.weighting.forEach((value, slot) => expect(value).toBeCloseTo(result.expected[slot] as number, 6));
    expect(result.read[1]).toBeGreaterThan(0.99);
  });

  it('(1, control) the same recorder does see tfjs when @ntm/backend-tfjs is imported', async () => {
    const { result, moduleUrls } = await runRecorded<{ commonJsModules: string[] }>('import-tfjs-backend.mjs');
    expect(moduleUrls.some((url) => url.includes('/node_modules/@tensorflow/tfjs-core/'))).toBe(true);
    expect(result.commonJsModules.some((file) => file.includes('/node_modules/@tensorflow/tfjs-core/'))).toBe(true);
  });

  it('(2) trains the copy task with the full stack in plain Node: tfjs-wasm, one engine, tfjs gradients', async () => {
    const steps = 30;
    const { stdout, stderr, seconds } = await project.node(['train-copy.mjs', String(steps)]);
    const result = lastJsonLine<{
      backend: string;
      fallbacks: number;
      stopReason: string;
      costs: number[];
      evaluation: { cost: number; bitErrors: number } | null;
      oneEngine: boolean;
      tfjsBackend: string;
      gradientsRegistered: string[];
      tfjsCoreFiles: string[];
    }>(stdout);
    console.log(`trained ${steps} steps in ${seconds.toFixed(1)} s: cost ${result.costs[0]?.toFixed(2)} → ${result.costs.at(-1)?.toFixed(2)} bits/sequence`);
    expect(result.backend).toBe('tfjs-wasm');
    expect(result.fallbacks).toBe(0);
    expect(result.stopReason).toBe('max-steps');
    expect(result.costs).toHaveLength(steps);
    expect(result.costs.every(Number.isFinite)).toBe(true);
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean(result.costs.slice(-10))).toBeLessThan(mean(result.costs.slice(0, 10)));
    expect(result.evaluation?.cost).toBeLessThan(mean(result.costs.slice(0, 10)));
    // One tfjs: the user's tfjs-core is the engine we registered into, loaded from one file.
    expect(result.oneEngine).toBe(true);
    expect(result.tfjsBackend).toBe('wasm');
    expect(result.gradientsRegistered).toEqual(['Add', 'BatchMatMul', 'Prod', 'Softmax']);
    expect(result.tfjsCoreFiles).toHaveLength(1);
    expect(stderr).not.toMatch(/already registered|already been set|Overwriting the platform|multiple versions|two copies/i);
  });

  it("(2, the user's own tfjs-core) @ntm/backend-tfjs runs on the tfjs-core the user installed: one copy, one engine", async () => {
    // The user lists tfjs-core themselves; our package asks for it as a peer and brings no copy.
    const userVersion = project.dependencies['@tensorflow/tfjs-core'];
    const readManifest = (path: string) => JSON.parse(readFileSync(join(project.directory, path), 'utf8'));
    expect(readManifest('package.json').dependencies['@tensorflow/tfjs-core']).toBe(userVersion); // beside the tarballs npm added
    const backendTfjs = readManifest('node_modules/@ntm/backend-tfjs/package.json');
    expect(backendTfjs.dependencies).not.toHaveProperty('@tensorflow/tfjs-core');
    expect(backendTfjs.peerDependencies).toHaveProperty('@tensorflow/tfjs-core');
    expect(readManifest('node_modules/@tensorflow/tfjs-core/package.json').version).toBe(userVersion);
    // npm installed one tfjs-core, the user's, at the top of node_modules.
    const installedPaths = Object.keys(readManifest('package-lock.json').packages);
    expect(installedPaths.filter((path) => path.endsWith('node_modules/@tensorflow/tfjs-core'))).toEqual(['node_modules/@tensorflow/tfjs-core']);

    const { stdout, stderr } = await project.node(['user-tfjs-core.mjs']);
    type Counts = { ntm: number; user: number };
    const result = lastJsonLine<{
      tfjsCore: { user: string; backendTfjs: string; tfjsBackendWasm: string };
      backendTfjsEntry: string;
      ntmBackend: string;
      userActiveBackend: string;
      sameEngine: boolean;
      counts: { start: Counts; afterUserTensor: Counts; afterNtmTensor: Counts; afterOps: Counts; afterDispose: Counts };
      values: { sum: number[]; product: number[] };
      sumIsUserTensor: boolean;
      tfjsCoreFilesLoaded: string[];
    }>(stdout);
    // The same file, whoever asks: the user, @ntm/backend-tfjs (its Node build), and tfjs-wasm.
    expect(result.tfjsCore.user.startsWith(join(realpathSync(project.directory), 'node_modules/@tensorflow/tfjs-core/'))).toBe(true);
    expect(result.backendTfjsEntry).toMatch(/node_modules[\\/]@ntm[\\/]backend-tfjs[\\/]dist[\\/]node[\\/]index\.js$/);
    expect(result.tfjsCore.backendTfjs).toBe(result.tfjsCore.user);
    expect(result.tfjsCore.tfjsBackendWasm).toBe(result.tfjsCore.user);
    expect(result.tfjsCoreFilesLoaded).toEqual([result.tfjsCore.user]);
    // createTfjsBackend('wasm') switched the user's tf: one engine, whose backend is now wasm.
    expect(result.ntmBackend).toBe('tfjs-wasm');
    expect(result.userActiveBackend).toBe('wasm');
    expect(result.sameEngine).toBe(true);
    // The backend counts the user's tensor, the user's tf counts the backend's, and each side's
    // ops take the other's tensors.
    const { start, afterUserTensor, afterNtmTensor, afterOps, afterDispose } = result.counts;
    expect(start.ntm).toBe(start.user);
    expect(afterUserTensor).toEqual({ ntm: start.ntm + 1, user: start.user + 1 });
    expect(afterNtmTensor.ntm).toBeGreaterThan(afterUserTensor.ntm);
    expect(afterNtmTensor.user).toBe(afterNtmTensor.ntm);
    expect(afterOps.ntm).toBeGreaterThan(afterNtmTensor.ntm);
    expect(afterOps.user).toBe(afterOps.ntm);
    expect(result.values).toEqual({ sum: [11, 22, 33], product: [10, 40, 90] });
    expect(result.sumIsUserTensor).toBe(true);
    expect(afterDispose).toEqual(start);
    expect(stderr).not.toMatch(/already registered|already been set|Overwriting the platform|multiple versions|two copies/i);
  });

  it('(3) bundles a browser entry with the default backend, runs it in Chromium, and records its size', async () => {
    const bundleFolder = join(project.directory, 'bundle');
    const size: BundleSize = await bundleBrowserEntry(project.directory, bundleFolder);
    const resultsFile = join(APP_DIRECTORY, 'results/bundle-size.json');
    writeFileSync(resultsFile, `${JSON.stringify(size, null, 2)}\n`);
    console.log(
      `browser bundle: ${size.bytes} bytes, ${size.gzipBytes} bytes gzipped (${(size.bytes / 1024).toFixed(0)} KiB, ${(size.gzipBytes / 1024).toFixed(0)} KiB gzip), ` +
        `plus one tfjs .wasm binary; written to ${resultsFile.replace(`${WORKSPACE_ROOT}/`, '')}`,
    );
    // Nothing of Node in a browser bundle, and tfjs-core once.
    expect(Object.keys(size.bytesByPackage).filter((name) => /^node:|tfjs-node/.test(name))).toEqual([]);
    expect(size.bytesByPackage['@tensorflow/tfjs-core']).toBeGreaterThan(0);
    expect(size.bytes).toBeLessThan(1_000_000);

    const { result, problems } = await runForwardStepInChromium<{
      backend: string;
      logitsShape: number[];
      batchShape: { steps: number; batchSize: number; outputSize: number };
      finite: boolean;
      parameters: number;
    }>(bundleFolder);
    expect(problems).toEqual([]);
    expect(result.backend).toBe('tfjs-wasm');
    expect(result.logitsShape).toEqual([result.batchShape.steps, 2, 8]); // [time, batch, the copy task's 8 bits]
    expect(result.finite).toBe(true);
    expect(result.parameters).toBeGreaterThan(0);
  });

  it("(4) the installed types compile for a TypeScript user, and so does every package README's example (NodeNext and bundler resolution)", async () => {
    const examples = writeReadmeExamples(join(project.directory, 'readme-examples'));
    expect(examples.length).toBe(publishablePackages().length - 1); // every package but the command line's
    // The workspace's TypeScript, but every type it reads comes from the project's node_modules.
    const tsc = join(WORKSPACE_ROOT, 'node_modules/typescript/bin/tsc');
    await project.node([tsc, '-p', 'tsconfig.nodenext.json']);
    await project.node([tsc, '-p', 'tsconfig.bundler.json']);
  });

  it('(5) runs the ntm command from the installed @ntm/cli with npx', async () => {
    const cli = project.published.find((entry) => entry.name === '@ntm/cli');
    const { stdout: version } = await project.npx(['ntm', '--version']);
    expect(version.trim()).toBe(`ntm ${cli?.version}`); // the release's version: the CLI was rebuilt after `changeset version`

    const runFolder = join(project.directory, 'run');
    await project.npx([
      'ntm',
      'train',
      'copy',
      '--task-config',
      '{"bits":4,"minLength":1,"maxLength":2}',
      '--memory-slots',
      '8',
      '--word-size',
      '6',
      '--controller-size',
      '16',
      '--steps',
      '3',
      '--out',
      runFolder,
    ]);
    expect(readdirSync(runFolder).sort()).toEqual(['best.ntm', 'checkpoint.ntm', 'config.json', 'log.jsonl']);
    const log = readFileSync(join(runFolder, 'log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string });
    expect(log.at(-1)?.kind).toBe('stop');
  });
});
