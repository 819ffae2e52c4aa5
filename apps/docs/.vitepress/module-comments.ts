/**
 * What the API reference says at the top of each entry point's page. The entry files carry no
 * `@module` comment of their own (TypeDoc's marker for one), so a package's main entry is
 * described by its `package.json` description, and a sub-path (`@ntm/machine/node`,
 * `@ntm/backend-tfjs/register`) by the JSDoc block that opens its file.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Comment, CommentTag } from 'typedoc';
import type { EntryPoint } from './entry-points.js';

/**
 * The opening `/** … *\/` block of a source file as Markdown, split at its first `@example`
 * tag; null when the file does not start with one.
 *
 * @example leadingComment('/** Side-effect entry.\n * @example x\n *\/') // { text: 'Side-effect entry.', example: 'x' }
 */
export function leadingComment(source: string): { text: string; example: string } | null {
  const match = /^\s*\/\*\*([\s\S]*?)\*\//.exec(source);
  if (!match) return null;
  const body = (match[1] as string)
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, ''))
    .join('\n');
  const [text = '', example = ''] = body.split(/^@example\b/m);
  return { text: text.trim(), example: example.trim() };
}

/**
 * The comment of an entry point's module: the file's opening JSDoc for a sub-path, else the
 * package's description; undefined when neither says anything.
 *
 * @example moduleComment({ specifier: '@ntm/random', packageName: '@ntm/random', file: '…/packages/random/src/index.ts' })
 */
export function moduleComment(entry: EntryPoint): Comment | undefined {
  const opening = entry.specifier === entry.packageName ? null : leadingComment(readFileSync(entry.file, 'utf8'));
  const text = opening?.text || packageDescription(entry.file);
  if (!text) return undefined;
  const tags = opening?.example ? [new CommentTag('@example', [{ kind: 'code', text: opening.example }])] : [];
  return new Comment([{ kind: 'text', text }], tags);
}

/** The description in the `package.json` of the package that holds `file` (in its `src/`). */
function packageDescription(file: string): string {
  let directory = dirname(file);
  while (!directory.endsWith('/src') && directory !== dirname(directory)) directory = dirname(directory);
  const manifest = JSON.parse(readFileSync(join(dirname(directory), 'package.json'), 'utf8')) as { description?: string };
  return manifest.description ?? '';
}
