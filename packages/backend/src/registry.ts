import { BACKEND_SPECIFICATION_VERSION, type NtmBackend } from './contract.js';

/** Creates a backend; may fail (a WASM module that cannot load, say) by throwing or rejecting. */
export type BackendFactory = () => NtmBackend | Promise<NtmBackend>;

interface RegisteredBackend {
  readonly name: string;
  readonly factory: BackendFactory;
  readonly priority: number;
}

/** A backend that was tried and failed to initialise, with why. */
export interface BackendFailure {
  readonly name: string;
  readonly error: Error;
}

/** What {@link createBackend} returns: the backend, and any that were tried before it and failed. */
export interface CreatedBackend {
  readonly backend: NtmBackend;
  /** Backends of higher priority that failed to initialise (empty when the first choice worked). */
  readonly failures: readonly BackendFailure[];
}

/** Options of {@link createBackend}. */
export interface CreateBackendOptions {
  /**
   * Called once per fallback with a sentence a person can read ("tfjs-wasm failed to
   * initialise (…); falling back to tfjs-cpu"). Defaults to `console.warn`, because a silent
   * tenfold slowdown is worse than a line on stderr.
   */
  readonly onWarning?: (message: string) => void;
}

// The registry is kept on globalThis so that two copies of this package (a bundler
// duplicating it, say) still share one list of backends, as tfjs does with its kernels.
const registryKey = Symbol.for('@ntm/backend/registry');
type GlobalWithRegistry = typeof globalThis & { [registryKey]?: Map<string, RegisteredBackend> };

function registry(): Map<string, RegisteredBackend> {
  const global = globalThis as GlobalWithRegistry;
  global[registryKey] ??= new Map();
  return global[registryKey];
}

/**
 * Registers a backend under a name with a priority; the highest priority that initialises
 * is the default (as `tf.registerBackend` does). Registering a name again replaces it.
 *
 * @example
 * ```ts
 * registerBackend('my-backend', () => new MyBackend(), 5);
 * const { backend } = await createBackend('my-backend');
 * ```
 */
export function registerBackend(name: string, factory: BackendFactory, priority = 0): void {
  if (typeof name !== 'string' || name.length === 0) {
    throw new TypeError(`registerBackend: name must be a non-empty string, got ${JSON.stringify(name)}`);
  }
  if (typeof factory !== 'function') {
    throw new TypeError(`registerBackend: factory for "${name}" must be a function, got ${typeof factory}`);
  }
  if (!Number.isFinite(priority)) {
    throw new TypeError(`registerBackend: priority for "${name}" must be a finite number, got ${priority}`);
  }
  registry().set(name, { name, factory, priority });
}

/**
 * Removes a registered backend (tests use it); unknown names are ignored.
 *
 * @example
 * ```ts
 * registerBackend('my-backend', () => new MyBackend(), 5);
 * unregisterBackend('my-backend'); // listBackends() no longer includes 'my-backend'
 * ```
 */
export function unregisterBackend(name: string): void {
  registry().delete(name);
}

/**
 * The registered backend names, highest priority first.
 * @example listBackends() // ['tfjs-wasm', 'tfjs-cpu', 'reference']
 */
export function listBackends(): string[] {
  return [...registry().values()].sort((a, b) => b.priority - a.priority || a.name.localeCompare(b.name)).map((entry) => entry.name);
}

/**
 * Creates a backend by name, or, with no name, the highest-priority one that initialises,
 * falling back down the priority list and saying so (onnxruntime-web's behaviour).
 *
 * An unknown name fails with the list of registered ones. A named backend that fails to
 * initialise is an error, not a fallback: the user asked for it.
 *
 * @example
 * ```ts
 * import '@ntm/backend-tfjs/register';
 * const { backend, failures } = await createBackend();      // tfjs-wasm, or tfjs-cpu if WASM fails
 * const { backend: cpu } = await createBackend('tfjs-cpu'); // exactly that one
 * ```
 */
export async function createBackend(name?: string, options: CreateBackendOptions = {}): Promise<CreatedBackend> {
  const warn = options.onWarning ?? ((message: string) => console.warn(message));
  const names = listBackends();
  if (name !== undefined) {
    const entry = registry().get(name);
    if (!entry) {
      const available = names.length > 0 ? names.map((n) => `"${n}"`).join(', ') : 'none (import a backend package such as @ntm/backend-tfjs first)';
      throw new Error(`Unknown backend "${name}". Should be one of: ${available}`);
    }
    return { backend: await initialise(entry), failures: [] };
  }
  if (names.length === 0) {
    throw new Error('No backend is registered: import a backend package such as @ntm/backend-tfjs first');
  }
  const failures: BackendFailure[] = [];
  for (const candidate of names) {
    const entry = registry().get(candidate) as RegisteredBackend;
    try {
      const backend = await initialise(entry);
      for (const failure of failures) {
        warn(`${failure.name} failed to initialise (${failure.error.message}); falling back to ${backend.name}`);
      }
      return { backend, failures };
    } catch (error) {
      failures.push({ name: candidate, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }
  const reasons = failures.map((failure) => `${failure.name}: ${failure.error.message}`).join('; ');
  throw new Error(`No backend could initialise. ${reasons}`);
}

async function initialise(entry: RegisteredBackend): Promise<NtmBackend> {
  const backend = await entry.factory();
  assertCompatibleBackend(backend);
  return backend;
}

/**
 * Checks that an object claims the contract version this package implements, so a backend
 * written for another version fails loudly instead of misbehaving.
 *
 * @example
 * ```ts
 * assertCompatibleBackend(backend); // ok: backend.specificationVersion === 'ntm-backend-v1'
 * assertCompatibleBackend({ name: 'old', specificationVersion: 'ntm-backend-v0' } as unknown as NtmBackend);
 * // Error: backend "old" implements contract "ntm-backend-v0", expected "ntm-backend-v1"
 * ```
 */
export function assertCompatibleBackend(backend: NtmBackend): void {
  if (backend === null || typeof backend !== 'object') {
    throw new TypeError(`backend must be an object implementing NtmBackend, got ${String(backend)}`);
  }
  if (backend.specificationVersion !== BACKEND_SPECIFICATION_VERSION) {
    throw new Error(
      `backend "${backend.name}" implements contract ${JSON.stringify(backend.specificationVersion)}, expected "${BACKEND_SPECIFICATION_VERSION}"`,
    );
  }
}
