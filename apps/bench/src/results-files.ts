import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The default results folder, `apps/bench/results`: beside the bundle's `dist/` folder (or
 * beside `src/` when run from sources), wherever the command was started.
 *
 * @example defaultResultsFolder() // '/…/apps/bench/results'
 */
export function defaultResultsFolder(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', 'results');
}

/**
 * Writes `<stem>.json` and `<stem>.md` into `folder` (made if missing), each atomically (a
 * temporary file renamed over the old one), and returns their paths.
 *
 * @example writeResults('results', 'latest', results, markdown) // ['results/latest.json', 'results/latest.md']
 */
export function writeResults(folder: string, stem: string, json: unknown, markdown: string): [string, string] {
  mkdirSync(folder, { recursive: true });
  const jsonPath = join(folder, `${stem}.json`);
  const markdownPath = join(folder, `${stem}.md`);
  writeAtomically(jsonPath, `${JSON.stringify(json, null, 2)}\n`);
  writeAtomically(markdownPath, markdown);
  return [jsonPath, markdownPath];
}

/**
 * Writes a text file atomically: a temporary file beside it, renamed over the old one, so that
 * a reader never sees half a file.
 *
 * @example writeAtomically('results/learning-curves.svg', svg)
 */
export function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}
