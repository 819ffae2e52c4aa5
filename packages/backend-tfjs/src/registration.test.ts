import { createBackend, listBackends } from '@ntm/backend';
import { describe, expect, it } from 'vitest';
import './register.js';

describe("import '@ntm/backend-tfjs/register'", () => {
  it('registers tfjs-wasm above tfjs-cpu', () => {
    const names = listBackends();
    expect(names).toContain('tfjs-wasm');
    expect(names).toContain('tfjs-cpu');
    expect(names.indexOf('tfjs-wasm')).toBeLessThan(names.indexOf('tfjs-cpu'));
  });

  it('makes createBackend() pick tfjs-wasm, with no failures and no warning', async () => {
    const warnings: string[] = [];
    const { backend, failures } = await createBackend(undefined, { onWarning: (message) => warnings.push(message) });
    expect(backend.name).toBe('tfjs-wasm');
    expect(failures).toEqual([]);
    expect(warnings).toEqual([]);
    const sum = backend.sum(backend.tensor([1, 2, 3, 4], [2, 2]), -1);
    expect(Array.from(backend.readSync(sum))).toEqual([3, 7]);
  });

  it('gives tfjs-cpu when asked by name', async () => {
    const { backend } = await createBackend('tfjs-cpu');
    expect(backend.name).toBe('tfjs-cpu');
    expect(backend.capabilities.gradients).toBe(true);
  });

  it('answers an unknown name with the registered ones', async () => {
    await expect(createBackend('tfjs-webgpu')).rejects.toThrow(/Unknown backend "tfjs-webgpu"\. Should be one of: .*"tfjs-wasm", "tfjs-cpu"/);
  });
});
