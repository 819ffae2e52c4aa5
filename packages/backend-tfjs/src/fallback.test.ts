import { createBackend } from '@ntm/backend';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { registerTfjsBackends } from './index.js';

// Its own file: a failed WASM initialisation cannot be undone in this process.
describe('createBackend() when WASM cannot initialise', () => {
  // tfjs and Emscripten print the failure themselves; keep it out of the test output, but check it.
  let consoleWarn: MockInstance;
  let consoleError: MockInstance;
  beforeAll(() => {
    consoleWarn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterAll(() => {
    consoleWarn.mockRestore();
    consoleError.mockRestore();
  });

  it('falls back to tfjs-cpu and says so', async () => {
    registerTfjsBackends({ wasmPaths: '/nonexistent/' });
    const warnings: string[] = [];
    const { backend, failures } = await createBackend(undefined, { onWarning: (message) => warnings.push(message) });

    expect(backend.name).toBe('tfjs-cpu');
    expect(failures.map((failure) => failure.name)).toEqual(['tfjs-wasm']);
    expect(failures[0]?.error.message).toContain('tfjs-wasm: TensorFlow.js could not initialise its "wasm" backend from wasmPaths "/nonexistent/"');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^tfjs-wasm failed to initialise \(.*wasmPaths "\/nonexistent\/".*\); falling back to tfjs-cpu$/);
    const printed = [...consoleWarn.mock.calls, ...consoleError.mock.calls].flat().map(String).join('\n');
    expect(printed).toContain('Initialization of backend wasm failed');
    expect(printed).toContain('/nonexistent/tfjs-backend-wasm');

    const y = backend.softmax(backend.tensor([0, Math.log(3)], [2]));
    expect(Array.from(backend.readSync(y))).toEqual([0.25, 0.75].map((v) => expect.closeTo(v, 6)));
  });

  it('still refuses tfjs-wasm asked for by name: no silent fallback then', async () => {
    await expect(createBackend('tfjs-wasm')).rejects.toThrow('could not initialise its "wasm" backend');
  });
});
