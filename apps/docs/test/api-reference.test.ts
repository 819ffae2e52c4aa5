/**
 * The API reference TypeDoc generates: it has a page for every entry point of every package,
 * the page lists every name the entry exports (found independently, by the TypeScript
 * compiler), and every export and member has JSDoc (TypeDoc's `notDocumented` check, which must
 * report nothing: a new export without JSDoc fails here, naming it).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConvertedApiReference, convertApiReference, generateApiReference } from '../.vitepress/api-reference.js';
import { packageEntryPoints } from '../.vitepress/entry-points.js';
import { APP_DIRECTORY, PACKAGES_DIRECTORY } from '../.vitepress/repository.js';
import { exportedNames } from './exported-names.js';

let out: string;
let reference: ConvertedApiReference;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'ntm-docs-api-'));
  reference = await generateApiReference({ out, logLevel: 'Error' });
}, 180_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

/** The page of an entry point, as typedoc-plugin-markdown names it: `@ntm/machine/node` → `machine/node.md`. */
function pageOf(specifier: string): string {
  return join(out, `${specifier.replace(/^@[^/]+\//, '')}.md`);
}

/** The names a page gives a section of its own (`### createTfjsBackend()`, `### DEFAULT\_EPSILONS`). */
function sectionNames(page: string): Set<string> {
  const headings = readFileSync(page, 'utf8').matchAll(/^### (.+)$/gm);
  return new Set([...headings].map((match) => (match[1] as string).replace(/\\(.)/g, '$1').replace(/\(\)$/, '')));
}

describe('the API reference (TypeDoc)', () => {
  it('has one module and one page for every entry point of every package', () => {
    const packages = readdirSync(PACKAGES_DIRECTORY).filter((name) => existsSync(join(PACKAGES_DIRECTORY, name, 'package.json')));
    const withEntries = packages.filter((name) => packageEntryPoints(join(PACKAGES_DIRECTORY, name)).length > 0);
    // Every library package has an importable entry; the command line and the integration tests have none.
    expect(packages.filter((name) => !withEntries.includes(name)).sort()).toEqual(['cli', 'integration-tests']);
    const specifiers = reference.entryPoints.map((entry) => entry.specifier);
    expect(specifiers).toEqual(expect.arrayContaining(['@ntm/machine', '@ntm/machine/node', '@ntm/backend-tfjs/register', '@ntm/trainer/node']));
    expect(new Set(reference.entryPoints.map((entry) => entry.packageName)).size).toBe(withEntries.length);
    expect(reference.project.children?.map((module) => module.name).sort()).toEqual([...specifiers].sort());
    for (const specifier of specifiers) expect(existsSync(pageOf(specifier)), specifier).toBe(true);
  });

  it("lists every export of every entry point, as the TypeScript compiler finds them, each with a section on the entry's page", () => {
    const expected = exportedNames(reference.entryPoints, resolve(APP_DIRECTORY, 'tsconfig.api.json'));
    let total = 0;
    for (const module of reference.project.children ?? []) {
      const names = expected.get(module.name) ?? [];
      expect((module.children ?? []).map((child) => child.name).sort(), module.name).toEqual(names);
      const sections = sectionNames(pageOf(module.name));
      expect(
        names.filter((name) => !sections.has(name)),
        `${module.name}: exports with no section on its page`,
      ).toEqual([]);
      total += names.length;
    }
    expect(total).toBeGreaterThan(200);
  });

  it('every export and member has JSDoc, and every {@link} resolves (TypeDoc validation reports nothing)', () => {
    expect(reference.validationWarnings).toEqual([]);
  });

  it('the JSDoc check catches an export without JSDoc', async () => {
    const fixture = resolve(APP_DIRECTORY, 'test/fixtures/undocumented');
    const { validationWarnings } = await convertApiReference({
      entryPoints: [{ specifier: 'undocumented-fixture', packageName: 'undocumented-fixture', file: join(fixture, 'src/index.ts') }],
      tsconfig: join(fixture, 'tsconfig.json'),
      logLevel: 'None',
    });
    expect(validationWarnings).toHaveLength(1);
    expect(validationWarnings[0]).toMatch(/undocumented.*does not have any documentation/);
  }, 60_000);
});
