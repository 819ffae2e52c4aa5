import { registerBackend } from '@ntm/backend';
import { createReferenceBackend } from './reference-backend.js';

/**
 * The priority the reference backend registers with: the lowest, because it is slow
 * (plain loops, float64) and exists to check the others, not to train.
 * @example listBackends() // ['tfjs-wasm', 'tfjs-cpu', 'reference']: reference comes last
 */
export const REFERENCE_BACKEND_PRIORITY = 0;

/**
 * Registers the reference backend as `'reference'` with {@link REFERENCE_BACKEND_PRIORITY}.
 * Importing this package registers nothing by itself (it is side-effect free); call this to
 * make `createBackend('reference')` work.
 *
 * @example
 * ```ts
 * import { createBackend } from '@ntm/backend';
 * import { registerReferenceBackend } from '@ntm/backend-reference';
 *
 * registerReferenceBackend();
 * const { backend } = await createBackend('reference');
 * ```
 */
export function registerReferenceBackend(): void {
  registerBackend('reference', createReferenceBackend, REFERENCE_BACKEND_PRIORITY);
}
