/**
 * Checks that the package in the current directory is publishable, on the tarball a user
 * would download: `pnpm pack` (which turns `workspace:^` into real version ranges, as
 * `pnpm publish` does), then `publint` and `@arethetypeswrong/cli` on that tarball.
 *
 * - publint runs with `--strict`: its warnings fail the check too.
 * - attw runs with `--profile esm-only`: the packages are ESM only (`"type": "module"`, no
 *   CommonJS build), so the `node10` and `node16-cjs` resolutions, which can only ever find
 *   ESM from CommonJS ("cjs-resolves-to-esm"), are not checked; everything else is. A package
 *   with no importable entry point (the `ntm` command) is not given to attw: it has no types
 *   to check.
 *
 * Every package runs it as its `check:package` script; turbo runs that after the package's
 * `build` (root `pnpm test`). Usage: `node ../../scripts/check-package.mjs` from a package.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const workspaceRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const packageDirectory = process.cwd();
const manifest = JSON.parse(readFileSync(join(packageDirectory, 'package.json'), 'utf8'));

/**
 * The path of a CLI's entry file, from its package.json `bin`. Both tools are root
 * devDependencies, so they sit in the root `node_modules` (their `exports` hide package.json
 * from `require.resolve`).
 */
function binaryOf(packageName, binaryName) {
  const packageRoot = join(workspaceRoot, 'node_modules', packageName);
  const { bin } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8'));
  return join(packageRoot, typeof bin === 'string' ? bin : bin[binaryName]);
}

/** pnpm as this process was started by it (`npm_execpath`), or the pinned version through npx. */
function pnpmCommand() {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(execPath)) return /\.c?js$/.test(execPath) ? [process.execPath, execPath] : [execPath];
  return ['npx', '-y', 'pnpm@12.4.2'];
}

function run(command, commandArguments, label) {
  try {
    execFileSync(command, commandArguments, { cwd: packageDirectory, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (error) {
    process.stderr.write(`${manifest.name}: ${label} failed\n${error.stdout ?? ''}${error.stderr ?? ''}\n`);
    process.exitCode = 1;
    return false;
  }
  return true;
}

const destination = mkdtempSync(join(tmpdir(), 'ntm-check-package-'));
try {
  const [pnpm, ...pnpmArguments] = pnpmCommand();
  execFileSync(pnpm, [...pnpmArguments, 'pack', '--pack-destination', destination], { cwd: packageDirectory, stdio: 'ignore' });
  const tarballs = readdirSync(destination).filter((name) => name.endsWith('.tgz'));
  if (tarballs.length !== 1) throw new Error(`expected pnpm pack to write one tarball to ${destination}, found ${tarballs.length}`);
  const tarball = join(destination, tarballs[0]);

  const publintPassed = run(process.execPath, [binaryOf('publint', 'publint'), 'run', tarball, '--strict'], 'publint');
  const hasEntryPoint = manifest.exports !== undefined || manifest.types !== undefined;
  const attwPassed =
    !hasEntryPoint ||
    run(process.execPath, [binaryOf('@arethetypeswrong/cli', 'attw'), tarball, '--profile', 'esm-only', '--format', 'table-flipped', '--no-color'], 'attw');
  if (publintPassed && attwPassed) {
    console.log(`${manifest.name}: ${hasEntryPoint ? 'publint and attw pass' : 'publint passes (no entry point for attw)'} on ${tarballs[0]}`);
  }
} finally {
  rmSync(destination, { recursive: true, force: true });
}
