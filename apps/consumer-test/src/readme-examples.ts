import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { publishablePackages } from './workspace-packages.js';

/**
 * Writes the first ```ts block of every package's README to `<folder>/<package>.ts`, so the
 * consumer project can type-check them against the installed packages: a README example that
 * drifts from the API fails the test. Resolves with the files written.
 *
 * @example writeReadmeExamples(join(project.directory, 'readme-examples')) // ['…/addressing.ts', …]
 */
export function writeReadmeExamples(folder: string): string[] {
  mkdirSync(folder, { recursive: true });
  const written: string[] = [];
  for (const entry of publishablePackages()) {
    const readme = join(entry.directory, 'README.md');
    if (!existsSync(readme)) throw new Error(`${entry.name} has no README.md; every published package needs one`);
    const example = /```ts\n([\s\S]*?)```/.exec(readFileSync(readme, 'utf8'))?.[1];
    if (example === undefined) continue; // the command line's README shows shell commands only
    const file = join(folder, `${basename(entry.directory)}.ts`);
    writeFileSync(file, example);
    written.push(file);
  }
  return written;
}
