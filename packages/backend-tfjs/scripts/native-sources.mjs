/**
 * The C sources of the WebAssembly SIMD kernels and their hash, shared by the build script and
 * the test that checks the committed binary is up to date.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Every file of `native/`, sorted, as absolute paths.
 * @param {string} root the package folder
 * @returns {string[]}
 */
export function nativeSourceFiles(root) {
  const folder = join(root, 'native');
  return readdirSync(folder)
    .filter((name) => name.endsWith('.c') || name.endsWith('.h'))
    .sort()
    .map((name) => join(folder, name));
}

/**
 * SHA-256 over the names and contents of the sources (line endings normalised).
 * @param {string} root the package folder
 * @returns {string} hex digest
 */
export function hashNativeSources(root) {
  const hash = createHash('sha256');
  for (const file of nativeSourceFiles(root)) {
    hash.update(relative(root, file).replaceAll('\\', '/'));
    hash.update('\0');
    hash.update(readFileSync(file, 'utf8').replaceAll('\r\n', '\n'));
    hash.update('\0');
  }
  return hash.digest('hex');
}
