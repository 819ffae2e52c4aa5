/**
 * Side-effect entry point: `import '@ntm/backend-tfjs/register'` registers `tfjs-wasm` and
 * `tfjs-cpu` with `@ntm/backend`, and that is all a program needs before `createBackend()`.
 *
 * @example
 * ```ts
 * import '@ntm/backend-tfjs/register';
 * import { createBackend } from '@ntm/backend';
 * const { backend } = await createBackend(); // tfjs-wasm (or tfjs-cpu, with a warning)
 * ```
 */
import { registerTfjsBackends } from './register-tfjs-backends.js';

registerTfjsBackends();
