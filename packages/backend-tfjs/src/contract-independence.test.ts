import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The contract package must stay tensor-library-free: only backend packages may pull tfjs in.
const backendPackage = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'backend');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs|cjs|json)$/.test(entry.name) ? [path] : [];
  });
}

describe('@ntm/backend does not depend on tfjs', () => {
  it('has no @tensorflow dependency in its package.json', () => {
    const manifest = JSON.parse(readFileSync(join(backendPackage, 'package.json'), 'utf8')) as Record<string, unknown>;
    const dependencyFields = ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies'];
    const names = dependencyFields.flatMap((field) => Object.keys((manifest[field] as Record<string, string> | undefined) ?? {}));
    expect(manifest.name).toBe('@ntm/backend');
    expect(names.filter((name) => name.startsWith('@tensorflow'))).toEqual([]);
  });

  it('imports nothing from @tensorflow in its sources', () => {
    const files = sourceFiles(join(backendPackage, 'src'));
    expect(files.length).toBeGreaterThan(3);
    const offenders = files.filter((file) => readFileSync(file, 'utf8').includes('@tensorflow'));
    expect(offenders).toEqual([]);
  });
});
