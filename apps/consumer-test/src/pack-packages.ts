import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runProcess } from './run-process.js';
import type { PublishablePackage } from './workspace-packages.js';

/**
 * pnpm as this process was started by it (`npm_execpath`, set by `pnpm run`), or the pinned
 * version through npx when run by hand.
 */
function pnpmCommand(): [string, string[]] {
  const execPath = process.env['npm_execpath'];
  if (execPath && /pnpm/.test(execPath)) return /\.c?js$/.test(execPath) ? [process.execPath, [execPath]] : [execPath, []];
  return ['npx', ['-y', 'pnpm@12.4.2']];
}

/**
 * Packs every package to a tarball in `destination` with `pnpm pack`, which does what
 * `pnpm publish` does to the manifest: `workspace:^` becomes `^<version>`. (npm pack would
 * leave `workspace:^` in, which npm cannot install.) Resolves with the tarball paths.
 *
 * @example const tarballs = await packPackages(publishablePackages(), '/tmp/x/tarballs');
 */
export async function packPackages(packages: readonly PublishablePackage[], destination: string): Promise<string[]> {
  mkdirSync(destination, { recursive: true });
  const [command, prefix] = pnpmCommand();
  // Two at a time: `pnpm test` runs every package's tests beside this one, timing benchmarks
  // included, so this test keeps its share of the CPU small.
  const queue = [...packages];
  const worker = async () => {
    for (let entry = queue.shift(); entry !== undefined; entry = queue.shift()) {
      await runProcess(command, [...prefix, 'pack', '--pack-destination', destination], { cwd: entry.directory, timeoutSeconds: 120 });
    }
  };
  await Promise.all([worker(), worker()]);
  const tarballs = readdirSync(destination).filter((name) => name.endsWith('.tgz'));
  if (tarballs.length !== packages.length) {
    throw new Error(`expected ${packages.length} tarballs in ${destination} (${packages.map((entry) => entry.name).join(', ')}), found ${tarballs.join(', ')}`);
  }
  return tarballs.map((name) => join(destination, name));
}
