import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPOSITORY_ROOT } from './repository.js';

/**
 * The copy-task checkpoint the demo runs: the one the repository ships. The site serves it at
 * {@link CHECKPOINT_URL_PATH} whatever its model's sizes (the demo reads them from its config).
 */
export const SHIPPED_CHECKPOINT = resolve(REPOSITORY_ROOT, 'checkpoints/copy.ntm');

/** Where the built site serves the checkpoint, relative to its root. */
export const CHECKPOINT_URL_PATH = 'checkpoints/copy.ntm';

/**
 * The checkpoint file to serve: the one the repository ships. Throws, saying how to remake it,
 * when it is missing.
 *
 * @example checkpointSource() // '/…/checkpoints/copy.ntm'
 */
export function checkpointSource(): string {
  if (existsSync(SHIPPED_CHECKPOINT)) return SHIPPED_CHECKPOINT;
  throw new Error(
    `docs: no copy checkpoint for the demo: ${SHIPPED_CHECKPOINT} does not exist; ` + 'checkpoints/README.md says how to remake it with `ntm train copy`',
  );
}
