import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, version as esbuildVersion } from 'esbuild';

/** The size of the browser bundle, as `results/bundle-size.json` records it. */
export interface BundleSize {
  readonly entry: string;
  readonly bundler: string;
  readonly options: string;
  /** The minified JavaScript bundle. */
  readonly bytes: number;
  /** The same, gzip level 9 (what a server sends). */
  readonly gzipBytes: number;
  /** Bytes of the bundle from each package (esbuild's metafile), largest first. */
  readonly bytesByPackage: Readonly<Record<string, number>>;
  /** The tfjs WASM binaries the page serves beside the bundle (one is fetched, SIMD on most browsers). */
  readonly wasmBinaryBytes: Readonly<Record<string, number>>;
}

const bundleOptions = 'bundle, platform=browser, format=esm, minify, target=es2022';

/** `node_modules/@scope/name/…` → `@scope/name`; anything else as it is. */
function packageOfInput(input: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  return match?.[1] ?? input;
}

/**
 * Bundles `browser-entry.mjs` of the consumer project for the browser with esbuild, resolving
 * every import from the project's `node_modules` (the installed tarballs), and copies the tfjs
 * WASM binaries to `<outputFolder>/tfjs/`, where the entry's default `wasmPaths` looks.
 *
 * @example const size = await bundleBrowserEntry(project.directory, join(project.directory, 'bundle'));
 */
export async function bundleBrowserEntry(projectDirectory: string, outputFolder: string): Promise<BundleSize> {
  const outfile = join(outputFolder, 'app.js');
  const result = await build({
    absWorkingDir: projectDirectory,
    entryPoints: ['browser-entry.mjs'],
    outfile,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: true,
    target: 'es2022',
    metafile: true,
    logLevel: 'warning',
  });
  const bytes = readFileSync(outfile);
  const byPackage = new Map<string, number>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = packageOfInput(input);
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
  }

  const wasmFolder = join(projectDirectory, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
  const wasmBinaryBytes: Record<string, number> = {};
  mkdirSync(join(outputFolder, 'tfjs'), { recursive: true });
  for (const name of readdirSync(wasmFolder).filter((file) => file.endsWith('.wasm'))) {
    copyFileSync(join(wasmFolder, name), join(outputFolder, 'tfjs', name));
    wasmBinaryBytes[name] = readFileSync(join(wasmFolder, name)).length;
  }
  return {
    entry: 'apps/consumer-test/fixtures/browser-entry.mjs (@ntm/backend + @ntm/backend-tfjs + @ntm/machine + @ntm/random + @ntm/tasks, one forward step)',
    bundler: `esbuild ${esbuildVersion}`,
    options: bundleOptions,
    bytes: bytes.length,
    gzipBytes: gzipSync(bytes, { level: 9 }).length,
    bytesByPackage: Object.fromEntries([...byPackage].filter(([, size]) => size > 0).sort((a, b) => b[1] - a[1])),
    wasmBinaryBytes,
  };
}
