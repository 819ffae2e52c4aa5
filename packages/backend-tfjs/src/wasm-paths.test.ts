import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTfjsBackend, setTfjsWasmPaths } from './index.js';

// The folder the tfjs WASM backend ships its binaries in, as a bundler would copy it.
const wasmFolder = join(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';

// Its own file: the paths must be set before the WASM backend's first initialisation.
describe('wasmPaths', () => {
  it('refuses malformed paths before touching tfjs', () => {
    expect(() => setTfjsWasmPaths('')).toThrow('setTfjsWasmPaths: wasmPaths must be a non-empty folder prefix, got ""');
    expect(() => setTfjsWasmPaths({ 'tfjs-backend-wasm.wasm': '/a.wasm' } as never)).toThrow(
      'the wasmPaths map has no path for tfjs-backend-wasm-simd.wasm, tfjs-backend-wasm-threaded-simd.wasm',
    );
  });

  it('refuses wasmPaths for the cpu flavor', async () => {
    await expect(createTfjsBackend('cpu', { wasmPaths: wasmFolder })).rejects.toThrow(
      'createTfjsBackend: wasmPaths only applies to the "wasm" flavor, got flavor "cpu"',
    );
  });

  it('loads the binaries from the folder given', async () => {
    const backend = await createTfjsBackend('wasm', { wasmPaths: wasmFolder });
    expect(backend.name).toBe('tfjs-wasm');
    expect(Array.from(backend.readSync(backend.add(backend.scalar(1), backend.scalar(2))))).toEqual([3]);
  });

  it('accepts the same paths again, and refuses other paths once initialised', async () => {
    await expect(createTfjsBackend('wasm', { wasmPaths: wasmFolder })).resolves.toMatchObject({ name: 'tfjs-wasm' });
    expect(() => setTfjsWasmPaths('/elsewhere/')).toThrow(
      /wasmPaths "\/elsewhere\/" came too late: the tfjs WASM backend is already initialised .*; expected the paths to be set before the first createTfjsBackend\('wasm'\)/,
    );
  });

  it('rejects a flavor that does not exist', async () => {
    await expect(createTfjsBackend('webgl' as never)).rejects.toThrow('createTfjsBackend: flavor must be "wasm" or "cpu", got "webgl"');
  });
});
