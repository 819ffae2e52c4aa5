import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPOSITORY_ROOT } from './repository.js';

/** The folder of the checkpoints the repository ships, one `<task>.ntm` per task learned. */
const CHECKPOINTS_DIRECTORY = resolve(REPOSITORY_ROOT, 'checkpoints');

/**
 * The copy-task checkpoint the demo opens first: the one the repository ships. The site serves
 * it whatever its model's sizes (the demo reads them from its config).
 */
export const SHIPPED_CHECKPOINT = resolve(CHECKPOINTS_DIRECTORY, 'copy.ntm');

/** Where the built site lists the shipped checkpoints for the demo's task picker, relative to its root. */
export const CHECKPOINT_LIST_URL_PATH = 'checkpoints/index.json';

/** One shipped checkpoint: its task (the file's name), its file, and where the site serves it. */
export interface ShippedCheckpoint {
  readonly task: string;
  readonly path: string;
  readonly urlPath: string;
}

/**
 * The copy checkpoint file to serve: the one the repository ships. Throws, saying how to
 * remake it, when it is missing.
 *
 * @example checkpointSource() // '/…/checkpoints/copy.ntm'
 */
export function checkpointSource(): string {
  if (existsSync(SHIPPED_CHECKPOINT)) return SHIPPED_CHECKPOINT;
  throw new Error(
    `docs: no copy checkpoint for the demo: ${SHIPPED_CHECKPOINT} does not exist; ` + 'checkpoints/README.md says how to remake it with `ntm train copy`',
  );
}

/**
 * Every checkpoint the repository ships, `checkpoints/<task>.ntm`, copy first (it must be
 * there). The demo's task picker offers those whose name is a task, in the paper's order.
 * (The site's config imports no workspace package: VitePress loads it before any is built.)
 *
 * @example shippedCheckpoints().map((shipped) => shipped.task) // ['copy', 'associative-recall', 'repeat-copy']
 */
export function shippedCheckpoints(): ShippedCheckpoint[] {
  checkpointSource();
  const tasks = readdirSync(CHECKPOINTS_DIRECTORY)
    .filter((file) => file.endsWith('.ntm'))
    .map((file) => file.slice(0, -'.ntm'.length))
    .sort((a, b) => (a === 'copy' ? -1 : b === 'copy' ? 1 : a.localeCompare(b)));
  return tasks.map((task) => ({ task, path: resolve(CHECKPOINTS_DIRECTORY, `${task}.ntm`), urlPath: `checkpoints/${task}.ntm` }));
}
