import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { anchorOf, extractApiReference, packageEntryPoints, type ApiExport, type ApiReference } from './api-reference.js';
import { PACKAGES_DIRECTORY } from './repository.js';

/**
 * Every name a module file exports, read from its text independently of the TypeScript
 * compiler: `export { a, b as c }`, `export type { … }`, `export function/class/const/…`,
 * and `export * from` (followed).
 */
function exportedNames(file: string): Set<string> {
  const text = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/[^\n]*/g, '');
  const names = new Set<string>();
  for (const match of text.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)) {
    for (const item of (match[1] as string).split(',')) {
      const name = item
        .trim()
        .split(/\s+as\s+/)
        .pop()
        ?.replace(/^type\s+/, '')
        .trim();
      if (name) names.add(name);
    }
  }
  for (const match of text.matchAll(
    /export\s+(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(?:function\*?|class|const|let|interface|type|enum)\s+([A-Za-z_$][\w$]*)/g,
  )) {
    names.add(match[1] as string);
  }
  for (const match of text.matchAll(/export\s+\*\s+from\s+'([^']+)'/g)) {
    const target = resolve(dirname(file), (match[1] as string).replace(/\.js$/, '.ts'));
    for (const name of exportedNames(target)) names.add(name);
  }
  return names;
}

let reference: ApiReference;
beforeAll(() => {
  reference = extractApiReference();
}, 120_000);

function exportOf(specifier: string, name: string): ApiExport {
  const entry = reference.packages.flatMap((pkg) => pkg.entryPoints).find((candidate) => candidate.specifier === specifier);
  const found = entry?.exports.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`${specifier} has no export ${name} in the reference`);
  return found;
}

describe('extractApiReference', () => {
  it('covers every package under packages/ and every entry point of each', () => {
    const directories = reference.packages.map((pkg) => pkg.directory.split('/').pop());
    expect(directories).toEqual(expect.arrayContaining(['backend', 'backend-tfjs', 'machine', 'tasks', 'trainer', 'random', 'cli']));
    for (const pkg of reference.packages) {
      const entries = packageEntryPoints(join(PACKAGES_DIRECTORY, pkg.directory.split('/').pop() as string));
      expect(pkg.entryPoints.map((entry) => entry.specifier)).toEqual(entries.map((entry) => entry.specifier));
    }
    expect(reference.packages.find((pkg) => pkg.name === '@ntm/machine')?.entryPoints.map((entry) => entry.specifier)).toEqual([
      '@ntm/machine',
      '@ntm/machine/node',
    ]);
  });

  it('lists exactly the names each entry point exports, found independently from the source text', () => {
    let total = 0;
    for (const pkg of reference.packages) {
      for (const entry of pkg.entryPoints) {
        const expected = [...exportedNames(resolve(PACKAGES_DIRECTORY, '..', entry.file))].sort();
        expect(entry.exports.map((exported) => exported.name).sort(), entry.specifier).toEqual(expected);
        total += expected.length;
      }
    }
    expect(total).toBeGreaterThan(200);
  });

  it('every value export is really exported at run time, and type-only exports are marked', async () => {
    for (const specifier of ['@ntm/backend', '@ntm/tasks', '@ntm/trainer', '@ntm/machine']) {
      const module = (await import(/* @vite-ignore */ specifier)) as Record<string, unknown>;
      const entry = reference.packages.flatMap((pkg) => pkg.entryPoints).find((candidate) => candidate.specifier === specifier);
      const values = entry?.exports
        .filter((exported) => !exported.typeOnly)
        .map((exported) => exported.name)
        .sort();
      expect(values, specifier).toEqual(Object.keys(module).sort());
    }
  });

  it('gives functions their signature, JSDoc text and @example blocks', () => {
    const create = exportOf('@ntm/backend-tfjs', 'createTfjsBackend');
    expect(create.kind).toBe('function');
    expect(create.signatures).toEqual(['function createTfjsBackend(flavor: TfjsFlavor, options: CreateTfjsBackendOptions = {}): Promise<TfjsBackend>']);
    expect(create.documentation).toContain('tfjs has ONE active backend per process');
    expect(create.examples[0]).toContain("const backend = await createTfjsBackend('wasm');");
    expect(create.anchor).toBe(anchorOf('@ntm/backend-tfjs', 'createTfjsBackend'));
    expect(create.anchor).toBe('ntm-backend-tfjs.createTfjsBackend');
    expect(create.source).toMatch(/^packages\/backend-tfjs\/src\/create-tfjs-backend\.ts:\d+$/);
  });

  it('gives classes their public members (static ones too) and no private ones', () => {
    const trainer = exportOf('@ntm/trainer', 'Trainer');
    expect(trainer.kind).toBe('class');
    expect(trainer.signatures).toEqual(['class Trainer']);
    const members = trainer.members.map((member) => member.name);
    expect(members).toEqual(expect.arrayContaining(['create', 'resume', 'run', 'checkpoint', 'trainStep', 'dispose']));
    expect(members).not.toContain('restoreLastGood'); // private
    const create = trainer.members.find((member) => member.name === 'create');
    expect(create?.isStatic).toBe(true);
    expect(create?.signature).toBe('static create(backend: NtmBackend, config: TrainingConfig, options: TrainerOptions = {}): Trainer');
    expect(create?.examples).toEqual(["const trainer = Trainer.create(backend, { task: 'copy' });"]);
  });

  it('gives interfaces their members with docs, and constants their values', () => {
    const backend = exportOf('@ntm/backend', 'NtmBackend');
    expect(backend.kind).toBe('interface');
    expect(backend.typeOnly).toBe(true);
    const tidy = backend.members.find((member) => member.name === 'tidy');
    expect(tidy?.signature).toBe('tidy<R extends TensorContainer>(f: () => R): R');
    expect(tidy?.documentation).toContain('frees every tensor it created');
    expect(exportOf('@ntm/backend-tfjs', 'TFJS_BACKEND_PRIORITIES').signatures).toEqual([
      "const TFJS_BACKEND_PRIORITIES = { 'tfjs-wasm': 2, 'tfjs-cpu': 1 } as const",
    ]);
    expect(exportOf('@ntm/tasks', 'TaskName').signatures[0]).toContain("'copy' | 'repeat-copy'");
  });

  it('turns {@link X} into a code span and documents side-effect entry points by their file comment', () => {
    expect(exportOf('@ntm/machine', 'loadModel').documentation).not.toContain('{@link');
    expect(exportOf('@ntm/backend-tfjs', 'setTfjsWasmPaths').documentation).not.toContain('{@link');
    const register = reference.packages.flatMap((pkg) => pkg.entryPoints).find((entry) => entry.specifier === '@ntm/backend-tfjs/register');
    expect(register?.exports).toEqual([]);
    expect(register?.documentation).toContain("import '@ntm/backend-tfjs/register'");
    expect(register?.examples[0]).toContain('createBackend()');
  });

  it('documents every export with JSDoc, and every value export with an @example', () => {
    const undocumented: string[] = [];
    const withoutExample: string[] = [];
    for (const pkg of reference.packages) {
      for (const entry of pkg.entryPoints) {
        for (const exported of entry.exports) {
          const label = `${entry.specifier} ${exported.name} (${exported.kind}, ${exported.source})`;
          if (exported.documentation.trim() === '') undocumented.push(label);
          if (!exported.typeOnly && exported.examples.length === 0) withoutExample.push(label);
        }
      }
    }
    expect(undocumented, 'exports with no JSDoc text').toEqual([]);
    expect(withoutExample, 'value exports with no @example').toEqual([]);
  });

  it('lists the command-line package with no entry point', () => {
    expect(reference.packages.find((pkg) => pkg.name === '@ntm/cli')?.entryPoints).toEqual([]);
  });
});
