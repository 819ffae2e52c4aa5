import { readFileSync } from 'node:fs';

/**
 * The CLI's version, read from its `package.json` at run time. The file is one folder up both
 * from `src/` (tests) and from `dist/` (the bundle, installed or not), so one path serves both.
 *
 * @example cliVersion() // '0.1.0'
 */
export function cliVersion(): string {
  try {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
