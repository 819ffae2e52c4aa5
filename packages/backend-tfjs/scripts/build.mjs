/**
 * Builds `@ntm/backend-tfjs` into `dist/` in two forms:
 *
 * - `dist/*.js` + `dist/*.d.ts`: tsc's output, one file per source file. Bundlers (vite,
 *   esbuild, webpack) and browsers get this one (the `default` export condition): they resolve
 *   tfjs-core's ESM tree themselves, so nothing of tfjs is duplicated.
 * - `dist/node/*.js`: an esbuild bundle for plain Node (the `node` export condition).
 *
 * Why a second form for Node: tfjs-core registers no gradients on its own, and the file that
 * does (`@tensorflow/tfjs-core/dist/register_all_gradients.js`, plus the chained `reshape` its
 * Prod gradient calls) is ESM with extensionless imports, which Node's ESM loader refuses
 * (ERR_MODULE_NOT_FOUND; docs/toolchain.md). So the bundle inlines exactly those deep files and the
 * tfjs-core internals they import, and keeps every package import external: the bare
 * `@tensorflow/tfjs-core` (Node loads its CommonJS build, the one the cpu and wasm backends
 * `require` too, so there is one engine) and `@ntm/backend`. The inlined copies still register
 * into that one engine, because tfjs keeps its engine, kernel registry and gradient registry on
 * a global (`getGlobal('gradRegistry')`, `_tfengine`) rather than in module state.
 *
 * The build fails if the bundle would import a package that is not one of our dependencies
 * (an inlined tfjs-core file reaching for `seedrandom`, say), since that import would not
 * resolve for a user whose package manager does not hoist.
 *
 * Usage: `node scripts/build.mjs`
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(packageRoot, 'package.json'));
const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8'));
const dependencies = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);

rmSync(join(packageRoot, 'dist'), { recursive: true, force: true });

// 1. tsc: the per-file ESM build and every declaration file.
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  cwd: packageRoot,
  stdio: 'inherit',
});

// 2. esbuild: the Node bundle, with tfjs-core's deep (extensionless) files inlined.
const inlinedPrefix = '@tensorflow/tfjs-core/';
const result = await build({
  absWorkingDir: packageRoot,
  entryPoints: { index: 'src/index.ts', register: 'src/register.ts' },
  outdir: 'dist/node',
  bundle: true,
  // Both entries share one chunk, so `register` and `index` share module state (one registry
  // entry, one record of the wasm paths), as the per-file build does.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The inlined tfjs-core files are ESM; `module` keeps esbuild on that tree.
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  metafile: true,
  plugins: [
    {
      name: 'externalise-packages',
      setup(builder) {
        builder.onResolve({ filter: /^[^./]/ }, (resolveArguments) => {
          if (resolveArguments.path.startsWith(inlinedPrefix)) return undefined; // inline the deep files
          return { path: resolveArguments.path, external: true };
        });
      },
    },
  ],
});

// Only imports that survived tree shaking matter: read them from the output, not the inputs.
const emittedImports = new Set(
  Object.values(result.metafile.outputs).flatMap((output) => output.imports.filter((entry) => entry.external).map((entry) => entry.path)),
);
const packageOf = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
const undeclared = [...emittedImports].filter((specifier) => !specifier.startsWith('node:') && !dependencies.has(packageOf(specifier)));
if (undeclared.length > 0) {
  throw new Error(
    `dist/node imports ${undeclared.join(', ')}, which ${manifest.name} does not depend on; ` +
      `expected only its dependencies (${[...dependencies].join(', ')}) to stay external`,
  );
}
const deep = [...emittedImports].filter((specifier) => specifier.startsWith(inlinedPrefix));
if (deep.length > 0) throw new Error(`dist/node still imports tfjs-core's deep files ${deep.join(', ')}; expected them inlined`);
