import { afterEach, describe, expect, it, vi } from 'vitest';
import { BACKEND_SPECIFICATION_VERSION, type NtmBackend } from './contract.js';
import { assertCompatibleBackend, createBackend, listBackends, registerBackend, unregisterBackend } from './registry.js';

/** Just enough of a backend for the registry, which only looks at the version and the name. */
function fakeBackend(name: string, version: string = BACKEND_SPECIFICATION_VERSION): NtmBackend {
  return { name, specificationVersion: version } as unknown as NtmBackend;
}

describe('backend registry', () => {
  const registered: string[] = [];
  const register = (name: string, factory: () => NtmBackend | Promise<NtmBackend>, priority: number) => {
    registerBackend(name, factory, priority);
    registered.push(name);
  };
  afterEach(() => {
    for (const name of registered.splice(0)) unregisterBackend(name);
  });

  it('lists backends by priority, highest first', () => {
    register('test-low', () => fakeBackend('test-low'), -10);
    register('test-high', () => fakeBackend('test-high'), 100);
    const names = listBackends();
    expect(names.indexOf('test-high')).toBeLessThan(names.indexOf('test-low'));
    expect(names[0]).toBe('test-high');
  });

  it('creates the highest priority backend by default', async () => {
    register('test-a', () => fakeBackend('test-a'), 50);
    register('test-b', () => fakeBackend('test-b'), 60);
    const { backend, failures } = await createBackend(undefined, { onWarning: () => {} });
    expect(backend.name).toBe('test-b');
    expect(failures).toEqual([]);
  });

  it('falls back down the list when one fails to initialise, and says so', async () => {
    register('test-broken', () => Promise.reject(new Error('WebAssembly unavailable')), 90);
    register('test-working', () => fakeBackend('test-working'), 80);
    const warn = vi.fn();
    const { backend, failures } = await createBackend(undefined, { onWarning: warn });
    expect(backend.name).toBe('test-working');
    expect(failures.map((failure) => failure.name)).toEqual(['test-broken']);
    expect(warn).toHaveBeenCalledWith('test-broken failed to initialise (WebAssembly unavailable); falling back to test-working');
  });

  it('fails with every reason when none initialises', async () => {
    register(
      'test-x',
      () => {
        throw new Error('no x');
      },
      1000,
    );
    const others = listBackends().filter((name) => name !== 'test-x');
    for (const name of others) unregisterBackend(name);
    await expect(createBackend()).rejects.toThrow('No backend could initialise. test-x: no x');
  });

  it('names the available backends when asked for an unknown one', async () => {
    register('test-one', () => fakeBackend('test-one'), 1);
    await expect(createBackend('webgpu')).rejects.toThrow(/^Unknown backend "webgpu"\. Should be one of: .*"test-one"/);
  });

  it('rejects a backend written for another contract version', async () => {
    register('test-old', () => fakeBackend('test-old', 'ntm-backend-v0'), 1);
    await expect(createBackend('test-old')).rejects.toThrow('backend "test-old" implements contract "ntm-backend-v0", expected "ntm-backend-v1"');
    expect(() => assertCompatibleBackend(null as never)).toThrow(/must be an object implementing NtmBackend/);
  });

  it('rejects bad registrations with the argument named', () => {
    expect(() => registerBackend('', () => fakeBackend('x'))).toThrow(/name must be a non-empty string/);
    expect(() => registerBackend('x', 'nope' as never)).toThrow(/factory for "x" must be a function/);
    expect(() => registerBackend('x', () => fakeBackend('x'), Number.NaN)).toThrow(/priority for "x" must be a finite number/);
  });
});
