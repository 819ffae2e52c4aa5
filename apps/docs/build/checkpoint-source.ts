import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { APP_DIRECTORY, REPOSITORY_ROOT } from './repository.js';

/**
 * The copy-task checkpoint the demo runs: the one the repository ships. The site serves it at
 * {@link CHECKPOINT_URL_PATH} whatever its model's sizes (the demo reads them from its config).
 */
export const SHIPPED_CHECKPOINT = resolve(REPOSITORY_ROOT, 'checkpoints/copy.ntm');

/** A small copy NTM made by `scripts/make-dev-checkpoint.ts`, used while none is shipped. */
export const DEV_CHECKPOINT = resolve(APP_DIRECTORY, 'dev-checkpoint/copy.ntm');

/** Where the built site serves the checkpoint, relative to its root. */
export const CHECKPOINT_URL_PATH = 'checkpoints/copy.ntm';

/**
 * The checkpoint file to serve: the shipped one, else the dev one. Throws, saying how to make
 * one, when there is neither.
 *
 * @example checkpointSource() // '/…/checkpoints/copy.ntm'
 */
export function checkpointSource(): string {
  if (existsSync(SHIPPED_CHECKPOINT)) return SHIPPED_CHECKPOINT;
  if (existsSync(DEV_CHECKPOINT)) return DEV_CHECKPOINT;
  throw new Error(
    `docs: no copy checkpoint for the demo: neither ${SHIPPED_CHECKPOINT} nor ${DEV_CHECKPOINT} exists; ` +
      'train one with `pnpm --filter @ntm/docs make-dev-checkpoint` (about 3 minutes)',
  );
}
