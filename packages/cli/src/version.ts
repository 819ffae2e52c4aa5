import { readFileSync } from 'node:fs';

/** Set by the bundle's build (esbuild `define`); absent when running from sources. */
declare const __NTM_CLI_VERSION__: string | undefined;

/**
 * The CLI's version: written into the bundle when it is built, or read from `package.json`
 * (one folder up from `src/`) when running from sources.
 *
 * @example cliVersion() // '0.1.0'
 */
export function cliVersion(): string {
  if (typeof __NTM_CLI_VERSION__ === 'string') return __NTM_CLI_VERSION__;
  try {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
